/*
 * The card predicates come from the entity profile in the common package (one table of
 * annotations); they are exported from here too, as the plugin always has.
 */
export {
  hasKubernetesAnnotations,
  isCoverageEnabled,
  isGoldenSignalsAvailable,
  isRolloutHealthAvailable,
} from '@go-delivery/plugin-delivery-common';
