export { ConfirmationField, isConfirmed } from './ConfirmationField';
