/**
 * The metrics contract between the Go service the template generates, the AnalysisTemplate it ships
 * and the golden-signal queries of the Delivery tab. Change it here and all three follow.
 *
 * @public
 */
export const GO_SERVICE_METRICS = {
  /** Histogram of request durations in seconds, labelled by route, method and status code. */
  requestDuration: 'http_server_request_duration_seconds',
  /** Gauge set to 1, labelled with the build's version and git commit. */
  buildInfo: 'build_info',
  labels: {
    /** The route pattern (e.g. `/orders/{id}`), never the raw path, to bound cardinality. */
    route: 'route',
    method: 'method',
    /** The HTTP status code as a string, e.g. "200", "503". */
    code: 'code',
    version: 'version',
    commit: 'commit',
  },
  /**
   * The label that identifies the service's series. Prometheus adds it from the Kubernetes Service
   * a ServiceMonitor/scrape config selects; the canary Service is `<name>-canary`.
   */
  serviceLabel: 'service',
} as const;

/** Kubernetes Service names of a canary deployment's two tracks. @public */
export function canaryServiceNames(service: string): {
  stable: string;
  canary: string;
} {
  return { stable: service, canary: `${service}-canary` };
}
