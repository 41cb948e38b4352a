export { ActionErrorAlert } from './ActionErrorAlert';
export { AnnotationGate } from './AnnotationGate';
export { ConfirmDialog } from './ConfirmDialog';
export { DataView } from './DataView';
export type { DataViewProps } from './DataView';
export { DeliveryCard } from './DeliveryCard';
export { OptionSelect } from './OptionSelect';
export { SearchedEmptyState } from './SearchedEmptyState';
export { SummarySection } from './SummarySection';
export type { DeliveryCardProps } from './DeliveryCard';
export { useDeliveryAction } from './useDeliveryAction';
export type {
  DeliveryAction,
  DeliveryActionOptions,
} from './useDeliveryAction';
export { useDeliveryData } from './useDeliveryData';
export type {
  DeliveryData,
  DeliveryDataOptions,
  DeliveryLoader,
} from './useDeliveryData';
export { useEntityPermissions } from './useEntityPermissions';
