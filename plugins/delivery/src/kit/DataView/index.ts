export { DataView } from './DataView';
export type { DataViewProps } from './DataView';
