export { ActionErrorAlert } from './ActionErrorAlert';
