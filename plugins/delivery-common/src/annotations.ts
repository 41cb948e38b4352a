/**
 * Catalog annotations the Delivery bundle reads. Where a community plugin already defined a key we
 * reuse it verbatim, so a catalog written for Roadie's Argo CD plugin, the Tekton plugin or the
 * Kubernetes plugin works unchanged.
 */

/** Argo CD application name (Roadie / community Argo CD plugins). @public */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';
/** Argo CD application label selector (Roadie / community Argo CD plugins). @public */
export const ARGOCD_APP_SELECTOR_ANNOTATION = 'argocd/app-selector';
/** Name of the configured Argo CD instance that holds the applications. @public */
export const ARGOCD_INSTANCE_NAME_ANNOTATION = 'argocd/instance-name';
/** Namespace of the Application resource ("apps in any namespace"). @public */
export const ARGOCD_APP_NAMESPACE_ANNOTATION = 'argocd/app-namespace';
/** Argo CD project that the applications must belong to. @public */
export const ARGOCD_PROJECT_NAME_ANNOTATION = 'argocd/project-name';

/** Kubernetes plugin: value of the `backstage.io/kubernetes-id` label on workloads. @public */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** Kubernetes plugin: a label selector for the entity's workloads. @public */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
/** Kubernetes plugin: the namespace of the entity's workloads. @public */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** Tekton plugin: `"true"` turns on the pipeline card. @public */
export const TEKTON_CICD_ANNOTATION = 'tekton.dev/cicd';
/** Janus IDP Tekton plugin's equivalent of `tekton.dev/cicd`. @public */
export const JANUS_TEKTON_ANNOTATION = 'janus-idp.io/tekton';

/** Code coverage plugin: `enabled` (or `scm-only`) turns on the coverage card. @public */
export const CODE_COVERAGE_ANNOTATION = 'backstage.io/code-coverage';
/** Minimum line coverage in percent (0–100) for this entity; overrides the configured default. @public */
export const COVERAGE_THRESHOLD_ANNOTATION =
  'go-delivery.dev/coverage-threshold';

/** Prometheus plugin (Roadie): a PromQL rule; ours reads it as an extra, catalog-authored query. @public */
export const PROMETHEUS_RULE_ANNOTATION = 'prometheus.io/rule';
/** Prometheus plugin (Roadie): instance name when several are configured. @public */
export const PROMETHEUS_INSTANCE_ANNOTATION = 'prometheus.io/service-name';
/** Value of the `service` label on the metrics the generated Go service exports. @public */
export const METRICS_SERVICE_ANNOTATION = 'go-delivery.dev/metrics-service';

/** Every annotation whose presence makes the Delivery tab worth showing. @public */
export const DELIVERY_ANNOTATIONS: readonly string[] = [
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  TEKTON_CICD_ANNOTATION,
  JANUS_TEKTON_ANNOTATION,
  CODE_COVERAGE_ANNOTATION,
  METRICS_SERVICE_ANNOTATION,
  PROMETHEUS_RULE_ANNOTATION,
];
