import {
  ArgoCdSchemaValidator,
  FakeArgoCd,
  loadArgoCdFixtures,
  RealPrometheus,
} from '@go-delivery/sandbox';
import { performance } from 'node:perf_hooks';
import { applicationWithHistory } from '../fixtures';
import { argoCdToken } from '../upstream';
import { weekOfDeploys } from './weekOfDeploys';

/** The Argo CD instance and application that hold the week's deploys. */
export const METRICS_ARGOCD_INSTANCE = 'prod-metrics';
export const METRICS_APP = 'checkout-api-prod';

const SCRAPE_INTERVAL_SECONDS = 15;
const TEMPLATE_APP = 'payments-api-prod';

/** What Prometheus has done so far, by its own counters. */
export interface PrometheusWork {
  /** Queries answered, by API endpoint. */
  range: number;
  instant: number;
  /** CPU time of the Prometheus process (10 ms resolution). */
  cpuSeconds: number;
}

/**
 * The upstreams of the metrics views: a real Prometheus serving a week of the service's metrics
 * (backfilled with promtool) and a fake Argo CD whose application history holds the same deploys,
 * answering without added latency so that a view's time is Prometheus's and the backend's.
 */
export class MetricsUpstreams {
  private constructor(
    readonly prometheus: RealPrometheus,
    readonly argocd: FakeArgoCd,
    /** How long generating and backfilling the history took. */
    readonly backfillMs: number,
    readonly deploys: number,
  ) {}

  static async start(options: { now: number }): Promise<MetricsUpstreams> {
    const { now } = options;
    const week = weekOfDeploys({
      now,
      scrapeIntervalSeconds: SCRAPE_INTERVAL_SECONDS,
    });
    const sandbox = loadArgoCdFixtures().prod;
    const application = applicationWithHistory({
      template: sandbox.applications[TEMPLATE_APP],
      name: METRICS_APP,
      deployedAt: week.deploys.map(d => d.at),
    });
    const tree = JSON.parse(
      JSON.stringify(sandbox.trees[TEMPLATE_APP]).replaceAll(
        TEMPLATE_APP,
        METRICS_APP,
      ),
    );
    const validator = new ArgoCdSchemaValidator();
    const errors = [
      ...validator.validate('v1alpha1Application', application),
      ...validator.validate('v1alpha1ApplicationTree', tree),
    ];
    if (errors.length > 0) {
      throw new Error(
        `The metrics fixture does not match Argo CD's swagger: ${errors.join(
          '; ',
        )}`,
      );
    }

    const started = performance.now();
    const prometheus = await RealPrometheus.start({ history: week.history });
    const backfillMs = performance.now() - started;
    const argocd = await FakeArgoCd.start({
      name: METRICS_ARGOCD_INSTANCE,
      fixtures: {
        applications: { [METRICS_APP]: application },
        trees: { [METRICS_APP]: tree },
      },
      tokens: [argoCdToken(METRICS_ARGOCD_INSTANCE)],
    }).catch(async error => {
      await prometheus.stop();
      throw error;
    });
    return new MetricsUpstreams(
      prometheus,
      argocd,
      backfillMs,
      week.deploys.length,
    );
  }

  get scrapeIntervalSeconds(): number {
    return SCRAPE_INTERVAL_SECONDS;
  }

  /**
   * Prometheus's own counters: `prometheus_http_requests_total` of the query endpoints, and
   * `process_cpu_seconds_total` (the engine's query durations are wall times, which overlap when
   * queries run in parallel, so CPU time is what compares plans).
   */
  async work(): Promise<PrometheusWork> {
    const response = await fetch(new URL('metrics', this.prometheus.url));
    const lines = (await response.text()).split('\n');
    const sum = (prefix: string) =>
      lines
        .filter(line => line.startsWith(prefix))
        .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
    const requests = 'prometheus_http_requests_total{';
    return {
      range: sum(`${requests}code="200",handler="/api/v1/query_range"}`),
      instant: sum(`${requests}code="200",handler="/api/v1/query"}`),
      cpuSeconds: sum('process_cpu_seconds_total '),
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.prometheus.stop(), this.argocd.stop()]);
  }
}
