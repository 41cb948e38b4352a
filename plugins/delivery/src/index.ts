/**
 * The Delivery tab for Go services: Argo CD deployments, Tekton pipeline runs, test coverage,
 * Prometheus golden signals with deploy verdicts, and rollout health (Argo Rollouts canary
 * progress and analysis) with the rollback dialog, on the entity page and as overview cards.
 *
 * @packageDocumentation
 */

export {
  deliveryPlugin,
  EntityDeliveryContent,
  EntityArgoCdDeploymentCard,
  EntityPipelineRunsCard,
  EntityCoverageCard,
  EntityGoldenSignalsCard,
  EntityRolloutHealthCard,
} from './plugin';
export { deliveryApiRef, DeliveryClient } from './api';
export type {
  CoverageHistoryQuery,
  CoverageQuery,
  DeliveryApi,
  DoraQuery,
  MetricsQuery,
  TeamDoraQuery,
} from './api';
export type { ArgoCdDeploymentCardProps } from './components/ArgoCdDeploymentCard';
export type { PipelineRunsCardProps } from './components/PipelineRunsCard';
export type { CoverageCardProps } from './components/CoverageCard';
export {
  GoldenSignalsPanel,
  METRICS_RANGES,
} from './components/GoldenSignalsCard';
export type {
  GoldenSignalsCardProps,
  GoldenSignalsPanelProps,
  MetricsRangeOption,
} from './components/GoldenSignalsCard';
export type { RolloutHealthCardProps } from './components/RolloutHealthCard';
export { EnvironmentsCard } from './components/EnvironmentsCard';
export type { EnvironmentsCardProps } from './components/EnvironmentsCard';
export { ErrorBudgetCard } from './components/ErrorBudgetCard';
export { RollbackDialog } from './components/RollbackDialog';
export type {
  RollbackDialogProps,
  RollbackPermissions,
  RollbackPreselection,
} from './components/RollbackDialog';
export {
  hasKubernetesAnnotations,
  isCoverageEnabled,
  isGoldenSignalsAvailable,
  isRolloutHealthAvailable,
} from './utils/entityPredicates';
export {
  isDeliveryAvailable,
  isErrorBudgetAvailable,
  isTektonEnabled,
  hasArgoCdAnnotations,
} from '@go-delivery/plugin-delivery-common';
