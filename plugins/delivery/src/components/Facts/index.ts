export { Detail, Fact, Facts } from './Facts';
