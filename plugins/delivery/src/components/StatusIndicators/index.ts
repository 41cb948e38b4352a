export {
  HealthStatus,
  SyncStatus,
  OperationStatus,
  PipelineRunStatus,
  pipelineStatusLabel,
} from './StatusIndicators';
