export {
  AnalysisPhaseStatus,
  HealthStatus,
  SyncStatus,
  OperationStatus,
  PipelineRunStatus,
  ProgressiveSyncStatus,
  pipelineStatusLabel,
  RolloutPhaseStatus,
} from './StatusIndicators';
