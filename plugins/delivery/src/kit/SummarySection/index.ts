export { SummarySection } from './SummarySection';
