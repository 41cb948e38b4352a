export { SearchedEmptyState } from './SearchedEmptyState';
