export { ArgoCdDeploymentCard } from './ArgoCdDeploymentCard';
export type { ArgoCdDeploymentCardProps } from './ArgoCdDeploymentCard';
