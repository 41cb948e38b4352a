export { HealthStatus, SyncStatus, OperationStatus } from './StatusIndicators';
