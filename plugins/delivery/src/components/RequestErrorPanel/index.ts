export { RequestErrorPanel } from './RequestErrorPanel';
