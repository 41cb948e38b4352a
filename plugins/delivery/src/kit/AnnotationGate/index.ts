export { AnnotationGate } from './AnnotationGate';
