export { SourceLine, SourceLines } from './SourceLine';
