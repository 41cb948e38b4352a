export { RolloutHealthCard } from './RolloutHealthCard';
export type { RolloutHealthCardProps } from './RolloutHealthCard';
