export { ClaimConflicts } from './ClaimConflicts';
