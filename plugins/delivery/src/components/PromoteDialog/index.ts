export { PromoteDialog } from './PromoteDialog';
export type { PromoteDialogProps } from './PromoteDialog';
export { PromotionGateList } from './PromotionGateList';
