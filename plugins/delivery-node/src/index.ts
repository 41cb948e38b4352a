/**
 * Upstream clients shared by the Delivery backend plugin and the Delivery scaffolder module: HTTP
 * with hard timeouts and typed per-instance failures, the Argo CD REST client with its session
 * handling, the Kubernetes client (Tekton, Argo Rollouts) and the Prometheus client with PromQL
 * escaping. No Backstage service types, so each plugin wires them its own way.
 *
 * @packageDocumentation
 */

export { requestJson } from './http/requestJson';
export type { UpstreamRequest } from './http/requestJson';
export { readCappedText } from './http/readCappedText';
export type { CappedText } from './http/readCappedText';
export { UpstreamError, toUpstreamFailure } from './http/UpstreamError';
export { readHttpUrl } from './config/readHttpUrl';
export type {
  ArgoCdApplicationQuery,
  ArgoCdApplicationRef,
  ArgoCdClient,
  ArgoCdJsonPatchOperation,
  ArgoCdRevisionSource,
  ArgoCdUpsertOptions,
} from './argocd/ArgoCdClient';
export type { ArgoCdAuth } from './argocd/ArgoCdAuth';
export { HttpArgoCdClient } from './argocd/HttpArgoCdClient';
export type { HttpArgoCdClientOptions } from './argocd/HttpArgoCdClient';
export { SessionAuth, jwtExpiry } from './argocd/SessionAuth';
export { StaticTokenAuth } from './argocd/StaticTokenAuth';
export { createArgoCdClients } from './argocd/createArgoCdClients';
export { readArgoCdConfig } from './argocd/readArgoCdConfig';
export type {
  ArgoCdConfig,
  ArgoCdInstanceConfig,
} from './argocd/readArgoCdConfig';
export type * from './argocd/types';
export {
  applicationSources,
  deployedRevision,
  gitopsRevision,
  gitopsSourceIndex,
  sameRevision,
  sourceRevision,
} from './argocd/revisions';
export type { ArgoCdRevisions } from './argocd/revisions';
export { runGit, GitCommandError } from './git/runGit';
export type { GitIdentity, RunGitOptions } from './git/runGit';
export { HttpKubernetesClient } from './kubernetes/HttpKubernetesClient';
export { KubernetesApiError } from './kubernetes/KubernetesApiError';
export type { KubernetesStatusInfo } from './kubernetes/KubernetesApiError';
export type * from './kubernetes/KubernetesClient';
export {
  createKubernetesClients,
  kubeConfigFor,
} from './kubernetes/createKubernetesClients';
export { readKubernetesConfig } from './kubernetes/readKubernetesConfig';
export type {
  KubernetesClusterConfig,
  KubernetesConfig,
} from './kubernetes/readKubernetesConfig';
export * from './kubernetes/resourceTypes';
export { HttpPrometheusClient } from './prometheus/HttpPrometheusClient';
export type * from './prometheus/PrometheusClient';
export { createPrometheusClients } from './prometheus/createPrometheusClients';
export {
  readPrometheusConfig,
  positiveNumber,
} from './prometheus/readPrometheusConfig';
export type {
  PrometheusInstanceConfig,
  PrometheusSettings,
} from './prometheus/readPrometheusConfig';
export * from './prometheus/promql';
