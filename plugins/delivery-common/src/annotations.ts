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

/**
 * Service principals (CI tokens' subjects) allowed to upload this entity's coverage, separated by
 * commas; a way to bind a CI token to its entities without a config change. @public
 */
export const COVERAGE_UPLOADERS_ANNOTATION =
  'go-delivery.dev/coverage-uploaders';

/** Prometheus plugin (Roadie): a PromQL rule; ours reads it as an extra, catalog-authored query. @public */
export const PROMETHEUS_RULE_ANNOTATION = 'prometheus.io/rule';
/** Prometheus plugin (Roadie): instance name when several are configured. @public */
export const PROMETHEUS_INSTANCE_ANNOTATION = 'prometheus.io/service-name';
/** Value of the `service` label on the metrics the generated Go service exports. @public */
export const METRICS_SERVICE_ANNOTATION = 'go-delivery.dev/metrics-service';
/** Availability objective in percent (`99.9`): turns on the error-budget card and gate. @public */
export const SLO_AVAILABILITY_ANNOTATION = 'go-delivery.dev/slo-availability';
/** Latency objective, `<threshold>@<percent>` (`300ms@99`: 99 % of requests faster than 300 ms). @public */
export const SLO_LATENCY_ANNOTATION = 'go-delivery.dev/slo-latency';
/** The SLO window in days (`30d`, the default). @public */
export const SLO_WINDOW_ANNOTATION = 'go-delivery.dev/slo-window';

/**
 * Which delivery events notify the entity's owners: kinds separated by commas (`sync-failed`,
 * `degraded`, `regression`, `abort`, `rollback`, `promotion`) or `none`; narrows the configured
 * `delivery.notifications.events`. @public
 */
export const NOTIFY_ANNOTATION = 'go-delivery.dev/notify';

/** The parts of the Delivery tab an annotation can turn on. @public */
export type DeliveryCard =
  | 'deployments'
  | 'rollouts'
  | 'pipelines'
  | 'coverage'
  | 'goldenSignals'
  | 'errorBudget';

/** One annotation the bundle reads: where it comes from and which cards it turns on. @public */
export interface DeliveryAnnotationSpec {
  key: string;
  /** The community plugin that defined the key first; absent for the bundle's own keys. */
  origin?: string;
  /** What the value means. */
  meaning: string;
  /** The cards the annotation turns on, when its value does (see `enables`). */
  cards: readonly DeliveryCard[];
  /** Whether a (trimmed, non-empty) value turns the cards on; any value does by default. */
  enables?: (value: string) => boolean;
}

const isTrue = (value: string) => value.toLowerCase() === 'true';
const isNotFalse = (value: string) => value.toLowerCase() !== 'false';

/**
 * The one table of the annotations the bundle reads. The entity profile's targets, the card
 * predicates and {@link DELIVERY_ANNOTATIONS} all come from it, and nothing else reads
 * `metadata.annotations`.
 *
 * @public
 */
export const DELIVERY_ANNOTATION_TABLE: readonly DeliveryAnnotationSpec[] = [
  {
    key: ARGOCD_APP_NAME_ANNOTATION,
    origin: 'Argo CD (Roadie, community)',
    meaning: 'Name of the Argo CD application (RFC 1123 subdomain)',
    cards: ['deployments', 'rollouts'],
  },
  {
    key: ARGOCD_APP_SELECTOR_ANNOTATION,
    origin: 'Argo CD (Roadie, community)',
    meaning: 'Label selector of the applications; wins over the name',
    cards: ['deployments', 'rollouts'],
  },
  {
    key: ARGOCD_INSTANCE_NAME_ANNOTATION,
    origin: 'Argo CD (Roadie, community)',
    meaning: 'The configured Argo CD instance that holds them',
    cards: [],
  },
  {
    key: ARGOCD_APP_NAMESPACE_ANNOTATION,
    origin: 'Argo CD (community)',
    meaning: 'Namespace of the Application resources',
    cards: [],
  },
  {
    key: ARGOCD_PROJECT_NAME_ANNOTATION,
    origin: 'Argo CD (Roadie)',
    meaning: 'Only applications of this Argo CD project',
    cards: [],
  },
  {
    key: KUBERNETES_ID_ANNOTATION,
    origin: 'Kubernetes',
    meaning: 'Value of the backstage.io/kubernetes-id label of the workloads',
    cards: ['rollouts'],
  },
  {
    key: KUBERNETES_LABEL_SELECTOR_ANNOTATION,
    origin: 'Kubernetes',
    meaning: 'Label selector of the workloads; wins over the id',
    cards: ['rollouts'],
  },
  {
    key: KUBERNETES_NAMESPACE_ANNOTATION,
    origin: 'Kubernetes',
    meaning: 'Namespace of the workloads',
    cards: [],
  },
  {
    key: TEKTON_CICD_ANNOTATION,
    origin: 'Tekton',
    meaning: '"true" shows the pipeline runs',
    cards: ['pipelines'],
    enables: isTrue,
  },
  {
    key: JANUS_TEKTON_ANNOTATION,
    origin: 'Tekton (Janus IDP)',
    meaning: 'Any value but "false" shows the pipeline runs',
    cards: ['pipelines'],
    enables: isNotFalse,
  },
  {
    key: CODE_COVERAGE_ANNOTATION,
    origin: 'Code coverage',
    meaning: '"enabled" (any value but "false") shows the coverage card',
    cards: ['coverage'],
    enables: isNotFalse,
  },
  {
    key: COVERAGE_THRESHOLD_ANNOTATION,
    meaning:
      'Minimum line coverage in percent, overriding the configured default',
    cards: [],
  },
  {
    key: COVERAGE_UPLOADERS_ANNOTATION,
    meaning: "CI token subjects that may upload this entity's coverage",
    cards: [],
  },
  {
    key: METRICS_SERVICE_ANNOTATION,
    meaning: "Value of the service label of the service's metrics",
    cards: ['goldenSignals'],
  },
  {
    key: PROMETHEUS_INSTANCE_ANNOTATION,
    origin: 'Prometheus (Roadie)',
    meaning: 'The configured Prometheus instance; the first one by default',
    cards: ['goldenSignals'],
  },
  {
    key: PROMETHEUS_RULE_ANNOTATION,
    origin: 'Prometheus (Roadie)',
    meaning:
      'Extra catalog-authored queries, "query|groupByLabel" separated by ","',
    cards: ['goldenSignals'],
  },
  {
    key: SLO_AVAILABILITY_ANNOTATION,
    meaning:
      'Availability objective in percent (e.g. 99.9): the error-budget card and promotion gate',
    cards: ['errorBudget'],
  },
  {
    key: SLO_LATENCY_ANNOTATION,
    meaning:
      'Latency objective "<threshold>@<percent>", e.g. "300ms@99" (a histogram bucket boundary)',
    cards: [],
  },
  {
    key: SLO_WINDOW_ANNOTATION,
    meaning: 'SLO window in days, e.g. "30d" (the default)',
    cards: [],
  },
  {
    key: NOTIFY_ANNOTATION,
    meaning:
      'Delivery events that notify the owners: kinds separated by "," (sync-failed, degraded, regression, abort, rollback, promotion) or "none"',
    cards: [],
  },
];

/** Every annotation whose presence can make the Delivery tab worth showing. @public */
export const DELIVERY_ANNOTATIONS: readonly string[] =
  DELIVERY_ANNOTATION_TABLE.filter(spec => spec.cards.length > 0).map(
    spec => spec.key,
  );
