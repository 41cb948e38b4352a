/**
 * Development-only upstreams for the local portal and the tests: a fake Argo CD API server fed by
 * fixtures, the fixtures themselves, and validators against the upstreams' published schemas.
 * Never imported by plugin code.
 *
 * @packageDocumentation
 */

export { FakeArgoCd } from './argocd/FakeArgoCd';
export { prepareArgoCdWrites } from './argocd/createApplicationSet';
export type { FakeArgoCdOptions, RecordedRequest } from './argocd/FakeArgoCd';
export { loadArgoCdFixtures, cloneFixtures } from './argocd/fixtures';
export type { ArgoCdInstanceFixtures } from './argocd/fixtures';
export { ScriptedHttpServer } from './http/ScriptedHttpServer';
export { freePort } from './http/freePort';
export { startTcpProxy } from './http/tcpProxy';
export type { TcpProxy } from './http/tcpProxy';
export type {
  ScriptedAnswer,
  ScriptedHttpServerOptions,
} from './http/ScriptedHttpServer';
export { ArgoCdSchemaValidator } from './schemas/argoCdSwagger';
export { CrdSchemaValidator } from './schemas/crdSchemas';
export { GitLabCiSchemaValidator } from './schemas/gitlabCiSchema';
export { REFERENCE_DIR, FIXTURES_DIR, SANDBOX_CATALOG_FILE } from './paths';
export { shiftTimestamps, latestTimestamp } from './shiftTimestamps';
export {
  startSandbox,
  SANDBOX_ARGOCD,
  SANDBOX_PROMETHEUS,
} from './startSandbox';
export type { Sandbox } from './startSandbox';
export * from './prometheus';
export * from './kubernetes';
export {
  demoCoverageUploads,
  seedCoverage,
  SANDBOX_COVERAGE_TOKEN,
} from './coverage/seedCoverage';
export type { DemoCoverageUpload } from './coverage/seedCoverage';
export { syntheticCoverProfile } from './coverage/syntheticCoverProfile';
export { demoDeliveryHistory } from './dora/demoDeliveryHistory';
export {
  between,
  seededRandom,
  serviceDeliveryHistory,
} from './dora/deliveryHistory';
export type { DeliveryProfile } from './dora/deliveryHistory';
export { seedDeliveryHistory } from './dora/seedDeliveryHistory';
export {
  seedGitopsRepository,
  seedGitopsOverlays,
  overlayKustomization,
  commitAll,
  gitLog,
  gitShow,
} from './gitops/seedGitopsRepository';
export type {
  SeedDeploy,
  SeedOverlay,
  SeedOverlayDeploy,
} from './gitops/seedGitopsRepository';
export type { LocalGitopsRepository } from './gitops/LocalGitopsReader';
export {
  PAYMENTS_ENVIRONMENTS,
  PAYMENTS_GITOPS_URL,
} from './gitops/seedPaymentsGitops';
