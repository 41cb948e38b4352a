export { PipelineRunsCard } from './PipelineRunsCard';
export type { PipelineRunsCardProps } from './PipelineRunsCard';
export { taskBarSegments } from './taskBarSegments';
export type { TaskBarSegment } from './taskBarSegments';
