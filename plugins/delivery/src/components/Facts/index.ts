export { Detail, Fact, Facts, FactStatus } from './Facts';
