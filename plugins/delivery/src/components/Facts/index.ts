export { Detail, Fact, Facts, FactStatus } from './Facts';
export { GitopsDestinationFact } from './GitopsDestinationFact';
