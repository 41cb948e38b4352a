export { ArgoCdDeploymentCard } from './ArgoCdDeploymentCard';
export type { ArgoCdDeploymentCardProps } from './ArgoCdDeploymentCard';
export { DeploymentsProvider } from './DeploymentsProvider';
export { useDeployments } from './useDeployments';
