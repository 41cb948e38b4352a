export { ActionButton, ActionDialog } from './ActionDialog';
