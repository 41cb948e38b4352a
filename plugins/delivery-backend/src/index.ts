/**
 * The Delivery backend plugin: reads Argo CD (and, as they land, Tekton, Argo Rollouts and
 * Prometheus) for the entity's Delivery tab, without ever acting as an open proxy.
 *
 * @packageDocumentation
 */

export { deliveryPlugin as default } from './plugin';
