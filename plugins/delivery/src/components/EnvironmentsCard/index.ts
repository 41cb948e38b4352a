export { EnvironmentsCard } from './EnvironmentsCard';
export type { EnvironmentsCardProps } from './EnvironmentsCard';
