export { CoverageCard } from './CoverageCard';
export type { CoverageCardProps } from './CoverageCard';
