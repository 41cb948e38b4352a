export { TeamDeliveryContent } from './TeamDeliveryContent';
