export { ErrorBudgetCard } from './ErrorBudgetCard';
