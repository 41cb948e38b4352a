/**
 * Shared by the Delivery frontend and backend: annotation keys and their validators, the view
 * models the backend returns, and the permissions of every action that changes something.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './annotationValue';
export * from './coverageThreshold';
export * from './deliveryTargets';
export * from './entitySelector';
export * from './metricsTarget';
export * from './ruleAnnotation';
export * from './argocdTarget';
export * from './argocdTypes';
export * from './availability';
export * from './commitUrl';
export * from './goServiceMetrics';
export * from './InvalidAnnotationError';
export * from './labelSelector';
export * from './names';
export * from './permissions';
export * from './upstreamFailure';
export * from './coverageTypes';
export * from './metricsTypes';
export * from './kubernetesTarget';
export * from './pipelineTypes';
export * from './rolloutTypes';
export * from './rollbackTypes';
export * from './doraTypes';
export * from './sloTarget';
export * from './notifyTarget';
export * from './sloTypes';
export * from './promotionTypes';
