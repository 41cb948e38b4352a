export { RollbackDialog } from './RollbackDialog';
export type { RollbackDialogProps } from './RollbackDialog';
export type {
  RollbackPermissions,
  RollbackPreselection,
} from './rollbackChoices';
