export { DeliveryCard } from './DeliveryCard';
export type { DeliveryCardProps } from './DeliveryCard';
