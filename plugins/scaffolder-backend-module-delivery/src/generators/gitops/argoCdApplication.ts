import { KUBERNETES_ID_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import { taskMarkerAnnotations } from '../../conflicts/taskMarker';
import type { Environment, GoServiceSpec } from '../types';
import {
  chartPath,
  ENVIRONMENT_PROFILES,
  environmentNamespace,
  helmValuesFile,
  manifestFormat,
  overlayPath,
} from './environments';
import { ENVIRONMENT_LABEL, PART_OF_LABEL } from './labels';
import type { KubernetesObject } from './manifest';
import { argoCdApplicationName } from './names';

/** Deleting an Application deletes what it deployed (Argo CD's cascading-delete finalizer). */
export const ARGOCD_RESOURCES_FINALIZER =
  'resources-finalizer.argocd.argoproj.io';

/** The branch of the GitOps repository Argo CD follows and CI pushes image bumps to. */
export const GITOPS_BRANCH = 'main';

/** Where an environment's manifests come from: its overlay, or the chart with its values. */
function applicationSource(spec: GoServiceSpec, environment: Environment) {
  const common = { repoURL: spec.gitopsRepoUrl, targetRevision: GITOPS_BRANCH };
  if (manifestFormat(spec) === 'helm') {
    return {
      ...common,
      path: chartPath(spec),
      // Relative to the chart; the later file wins.
      helm: { valueFiles: ['values.yaml', helmValuesFile(environment)] },
    };
  }
  return { ...common, path: overlayPath(spec, environment) };
}

/**
 * The labels the portal selects an environment's Applications by (`argocd/app-selector` on
 * the part-of label, the Kubernetes plugin on its id), the task marker and the finalizer.
 */
export function argoCdApplicationMetadata(
  spec: GoServiceSpec,
  environment: Environment,
) {
  const marker = taskMarkerAnnotations(spec);
  return {
    labels: {
      [PART_OF_LABEL]: spec.name,
      [ENVIRONMENT_LABEL]: environment,
      [KUBERNETES_ID_ANNOTATION]: spec.name,
    },
    ...(Object.keys(marker).length > 0 ? { annotations: marker } : {}),
    finalizers: [ARGOCD_RESOURCES_FINALIZER],
  };
}

/** The `spec` of an environment's Application, deploying to the given cluster. */
export function argoCdApplicationSpec(
  spec: GoServiceSpec,
  environment: Environment,
  destinationServer: string,
) {
  const { automatedSync } = ENVIRONMENT_PROFILES[environment];
  return {
    project: spec.argocd.project,
    source: applicationSource(spec, environment),
    destination: {
      server: destinationServer,
      namespace: environmentNamespace(spec.name, environment),
    },
    syncPolicy: {
      ...(automatedSync ? { automated: { prune: true, selfHeal: true } } : {}),
      syncOptions: ['PrunePropagationPolicy=foreground', 'PruneLast=true'],
      retry: {
        limit: 5,
        backoff: { duration: '10s', factor: 2, maxDuration: '3m' },
      },
    },
    // Deployed revisions kept for the history view and for rollback.
    revisionHistoryLimit: 10,
  };
}

/**
 * The Argo CD Application of one environment. Automated sync (with prune and self-heal)
 * where the environment profile allows it; none for prod, so that a person promotes and the
 * portal's rollback — Argo CD's rollback to an earlier history entry, refused while automated
 * sync is on — keeps working. Within a scaffolder task it names the entity and the task, which
 * tells the task's own Applications from others' of the same name.
 */
export function argoCdApplication(
  spec: GoServiceSpec,
  environment: Environment,
): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: argoCdApplicationName(spec.name, environment),
      namespace: spec.argocd.namespace,
      ...argoCdApplicationMetadata(spec, environment),
    },
    spec: argoCdApplicationSpec(
      spec,
      environment,
      spec.argocd.destinationServer,
    ),
  };
}
