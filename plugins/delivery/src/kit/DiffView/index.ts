export { DiffView, GitopsChangeView } from './DiffView';
