export {
  AnalysisPhaseStatus,
  HealthStatus,
  SyncStatus,
  OperationStatus,
  PipelineRunStatus,
  pipelineStatusLabel,
  RolloutPhaseStatus,
} from './StatusIndicators';
