export { ActionButton, ActionDialog } from './ActionDialog';
export { ActionErrorAlert } from './ActionErrorAlert';
export { ActionResult, GitChangeFacts, gitChangeLabel } from './ActionResult';
export { AnnotationGate } from './AnnotationGate';
export { ConfirmationField, isConfirmed } from './ConfirmationField';
export { ConfirmDialog } from './ConfirmDialog';
export { DataView } from './DataView';
export type { DataViewProps } from './DataView';
export { DeliveryCard } from './DeliveryCard';
export { DiffView, GitopsChangeView } from './DiffView';
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
