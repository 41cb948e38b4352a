import { InputError } from '@backstage/errors';
import {
  DeployMarkerView,
  DeployVerdict,
  GoldenSignal,
  GoldenSignalSeries,
  GoldenSignalView,
  MetricPoint,
  MetricsResponse,
  MetricTrack,
  PROMETHEUS_INSTANCE_ANNOTATION,
  RuleQuery,
  RuleQueryView,
  UpstreamFailure,
  assertCanaryServiceName,
  canaryServiceNames,
  DeliveryTargets,
  GO_SERVICE_METRICS,
  MetricsTarget,
} from '@go-delivery/plugin-delivery-common';
import { CachedLoader } from '../../upstreams/cache/CachedLoader';
import { DeployMarker, DeployMarkerSource } from './DeployMarkerSource';
import {
  VerdictSettings,
  WindowMeasurement,
  insufficientData,
  judgeDeploy,
} from './deployVerdict';
import {
  GOLDEN_SIGNAL_UNITS,
  ServiceSelection,
  goldenSignalQueries,
  requestCountQuery,
} from './goldenSignalQueries';
import {
  DEFAULT_RANGE_LIMITS,
  MetricsRange,
  RangeLimits,
  parseMetricsRange,
} from './metricsRange';
import {
  PrometheusClient,
  PrometheusSeries,
  RangeQuery,
  toUpstreamFailure,
  UpstreamError,
} from '@go-delivery/plugin-delivery-node';

/** Only the most recent deploys in a range are judged, to bound the queries of one view. */
export const MAX_JUDGED_DEPLOYS = 20;
/** Series of one catalog-authored query beyond this are dropped (and the view says so). */
export const MAX_RULE_SERIES = 20;

const SIGNALS: GoldenSignal[] = ['requestRate', 'errorRate', 'p95Latency'];

/** The caller's view parameters, unvalidated (they come straight from the query string). */
export interface MetricsRangeParams {
  range?: unknown;
  step?: unknown;
  end?: unknown;
}

export interface MetricsServiceOptions {
  /** In configuration order; the first is the default instance. */
  clients: PrometheusClient[];
  scrapeIntervalSeconds: number;
  verdict: VerdictSettings;
  deployMarkers?: DeployMarkerSource;
  /** Caches query results briefly; the range end is aligned to the step so views share them. */
  loader?: CachedLoader;
  rangeLimits?: Partial<RangeLimits>;
  /** Milliseconds since the epoch; replaced in tests. */
  now?: () => number;
}

type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; failure: UpstreamFailure };

function toPoints(values: Array<[number, number]>): MetricPoint[] {
  return values.map(([t, v]) => ({
    t: Math.round(t * 1000),
    v: Number.isFinite(v) ? v : null,
  }));
}

/**
 * Golden signals of an entity's Go service from Prometheus, with its deploys on the same time axis
 * and a verdict per deploy. Annotations → one instance → range queries built here from the metrics
 * contract (and the catalog's rule queries) in parallel; each failed query is a failure entry of
 * its own part of the answer.
 */
export class MetricsService {
  private readonly clients: Map<string, PrometheusClient>;
  private readonly limits: RangeLimits;
  private readonly now: () => number;

  constructor(private readonly options: MetricsServiceOptions) {
    this.clients = new Map(options.clients.map(c => [c.name, c]));
    this.limits = {
      ...DEFAULT_RANGE_LIMITS,
      minStepSeconds: Math.max(
        DEFAULT_RANGE_LIMITS.minStepSeconds,
        options.scrapeIntervalSeconds,
      ),
      ...options.rangeLimits,
    };
    this.now = options.now ?? Date.now;
  }

  async getMetrics(request: {
    targets: DeliveryTargets;
    params: MetricsRangeParams;
    /** Show stable and canary traffic apart (the caller knows whether a canary exists). */
    canarySplit: boolean;
  }): Promise<MetricsResponse> {
    const { targets, canarySplit } = request;
    const target = targets.metrics;
    if (canarySplit) assertCanaryServiceName(target);
    const nowMs = this.now();
    const range = parseMetricsRange(request.params, this.limits, nowMs);
    if (this.clients.size === 0) {
      return {
        configured: false,
        message:
          'No Prometheus instance is configured (delivery.prometheus.instances).',
      };
    }
    const client = this.selectInstance(target);

    const [signals, ruleQueries, { markers, failures }] = await Promise.all([
      this.readSignals({ client, target, range, canarySplit }),
      Promise.all(
        target.ruleQueries.map(rule => this.readRuleQuery(client, rule, range)),
      ),
      this.loadDeployMarkers(targets),
    ]);
    const deploys = await this.judgeDeploys({
      client,
      selection: {
        service: target.service,
        includeCanary: canarySplit,
        perTrack: false,
      },
      markers,
      range,
      nowSeconds: nowMs / 1000,
    });

    return {
      configured: true,
      instance: client.name,
      service: target.service,
      canarySplit,
      range: {
        start: new Date(range.start * 1000).toISOString(),
        end: new Date(range.end * 1000).toISOString(),
        stepSeconds: range.step,
      },
      signals,
      ruleQueries,
      deploys,
      deployFailures: failures,
    };
  }

  private selectInstance(target: MetricsTarget): PrometheusClient {
    if (!target.instanceName) return this.options.clients[0];
    const client = this.clients.get(target.instanceName);
    if (!client) {
      throw new InputError(
        `Annotation '${PROMETHEUS_INSTANCE_ANNOTATION}' names '${target.instanceName}', ` +
          `which is not a configured Prometheus instance (configured: ${
            [...this.clients.keys()].join(', ') || 'none'
          })`,
      );
    }
    return client;
  }

  /** The rate window of the charts: a step plus a scrape, at least four scrapes (as Grafana does). */
  private rateWindow(step: number): number {
    const scrape = this.options.scrapeIntervalSeconds;
    return Math.ceil(Math.max(step + scrape, 4 * scrape));
  }

  private async rangeQuery(
    client: PrometheusClient,
    query: RangeQuery,
  ): Promise<Outcome<PrometheusSeries[]>> {
    try {
      const key = `prometheus:${client.name}:range:${JSON.stringify(query)}`;
      const run = () => client.queryRange(query);
      const value = this.options.loader
        ? await this.options.loader.load(key, run)
        : await run();
      return { ok: true, value };
    } catch (error) {
      return {
        ok: false,
        failure: toUpstreamFailure(error, {
          kind: 'prometheus',
          instance: client.name,
        }),
      };
    }
  }

  private graphUrl(
    client: PrometheusClient,
    query: string,
    range: MetricsRange,
  ): string | undefined {
    if (!client.webUrl) return undefined;
    const params = new URLSearchParams({
      'g0.expr': query,
      'g0.tab': '0',
      'g0.range_input': `${Math.round((range.end - range.start) / 60)}m`,
    });
    return `${client.webUrl}/graph?${params}`;
  }

  private async readSignals(options: {
    client: PrometheusClient;
    target: MetricsTarget;
    range: MetricsRange;
    canarySplit: boolean;
  }): Promise<GoldenSignalView[]> {
    const { client, target, range, canarySplit } = options;
    const queries = goldenSignalQueries(
      { service: target.service, includeCanary: canarySplit, perTrack: true },
      this.rateWindow(range.step),
    );
    const names = canaryServiceNames(target.service);
    const trackOf = (service: string): MetricTrack | undefined => {
      if (!canarySplit) return service === names.stable ? 'all' : undefined;
      if (service === names.stable) return 'stable';
      return service === names.canary ? 'canary' : undefined;
    };
    const order: MetricTrack[] = ['all', 'stable', 'canary'];

    return Promise.all(
      SIGNALS.map(async (signal): Promise<GoldenSignalView> => {
        const query = queries[signal];
        const view: GoldenSignalView = {
          signal,
          unit: GOLDEN_SIGNAL_UNITS[signal],
          query,
          graphUrl: this.graphUrl(client, query, range),
          series: [],
        };
        const outcome = await this.rangeQuery(client, { query, ...range });
        if (!outcome.ok) return { ...view, failure: outcome.failure };
        view.series = outcome.value
          .flatMap((series): GoldenSignalSeries[] => {
            const service =
              series.metric[GO_SERVICE_METRICS.serviceLabel] ?? '';
            const track = trackOf(service);
            return track
              ? [{ track, service, points: toPoints(series.values) }]
              : [];
          })
          .sort((a, b) => order.indexOf(a.track) - order.indexOf(b.track));
        return view;
      }),
    );
  }

  private async readRuleQuery(
    client: PrometheusClient,
    rule: RuleQuery,
    range: MetricsRange,
  ): Promise<RuleQueryView> {
    const view: RuleQueryView = {
      query: rule.query,
      ...(rule.groupBy ? { groupBy: rule.groupBy } : {}),
      graphUrl: this.graphUrl(client, rule.query, range),
      series: [],
      truncated: false,
    };
    const outcome = await this.rangeQuery(client, {
      query: rule.query,
      ...range,
    });
    if (!outcome.ok) return { ...view, failure: outcome.failure };
    view.truncated = outcome.value.length > MAX_RULE_SERIES;
    view.series = outcome.value.slice(0, MAX_RULE_SERIES).map(series => {
      const { __name__: name, ...rest } = series.metric;
      const label = rule.groupBy
        ? series.metric[rule.groupBy] ?? '(none)'
        : Object.values(rest)[0] ?? name ?? rule.query;
      return { label, labels: series.metric, points: toPoints(series.values) };
    });
    return view;
  }

  private async loadDeployMarkers(
    targets: DeliveryTargets,
  ): Promise<{ markers: DeployMarker[]; failures: UpstreamFailure[] }> {
    if (!this.options.deployMarkers) return { markers: [], failures: [] };
    try {
      return await this.options.deployMarkers.getDeployMarkers(targets);
    } catch (error) {
      // A source failing as a whole degrades the markers only; anything else is a real error.
      if (error instanceof UpstreamError)
        return { markers: [], failures: [error.failure] };
      throw error;
    }
  }

  private async judgeDeploys(options: {
    client: PrometheusClient;
    selection: ServiceSelection;
    markers: DeployMarker[];
    range: MetricsRange;
    nowSeconds: number;
  }): Promise<DeployMarkerView[]> {
    const { markers, range, nowSeconds } = options;
    const timed = markers
      .map(marker => ({ marker, at: Date.parse(marker.deployedAt) / 1000 }))
      .filter(m => Number.isFinite(m.at))
      .sort((a, b) => a.at - b.at);
    const inRange = timed.filter(
      m => m.at >= range.start && m.at <= nowSeconds,
    );
    const judged = new Set(inRange.slice(-MAX_JUDGED_DEPLOYS));

    return Promise.all(
      inRange.map(async (m): Promise<DeployMarkerView> => {
        const { marker, at } = m;
        // Neighbours are deploys of the same application: they change what this one is compared with.
        const sameApp = timed.filter(
          o =>
            o.marker.application === marker.application &&
            o.marker.instance === marker.instance,
        );
        const index = sameApp.indexOf(m);
        const verdict = judged.has(m)
          ? await this.judgeDeploy({
              ...options,
              at,
              previousAt: sameApp[index - 1]?.at,
              nextAt: sameApp[index + 1]?.at,
            })
          : insufficientData({
              settings: this.options.verdict,
              windowSeconds: this.options.verdict.windowMinutes * 60,
              summary: `Not judged: only the ${MAX_JUDGED_DEPLOYS} most recent deploys of a range are.`,
            });
        return {
          deployedAt: new Date(at * 1000).toISOString(),
          ...(marker.revision ? { revision: marker.revision } : {}),
          ...(marker.id !== undefined ? { id: marker.id } : {}),
          application: marker.application,
          instance: marker.instance,
          verdict,
        };
      }),
    );
  }

  private async judgeDeploy(options: {
    client: PrometheusClient;
    selection: ServiceSelection;
    at: number;
    previousAt?: number;
    nextAt?: number;
    nowSeconds: number;
  }): Promise<DeployVerdict> {
    const { client, selection, at, previousAt, nextAt, nowSeconds } = options;
    const settings = this.options.verdict;
    const configured = Math.round(settings.windowMinutes * 60);
    // A close neighbour shortens both windows, so each compares only this deploy's effect.
    const window = Math.floor(
      Math.min(
        configured,
        at - (previousAt ?? -Infinity),
        (nextAt ?? Infinity) - at,
      ),
    );
    const minimum = Math.min(
      configured,
      Math.max(300, 4 * this.options.scrapeIntervalSeconds),
    );
    const minutes = (seconds: number) => Math.round(seconds / 60);
    if (window < minimum) {
      return insufficientData({
        settings,
        windowSeconds: window,
        summary: `Another deploy of the application came within ${minutes(
          window,
        )} minutes of this one; a verdict needs ${minutes(
          minimum,
        )} minutes on each side.`,
      });
    }
    if (at + window > nowSeconds) {
      return insufficientData({
        settings,
        windowSeconds: window,
        summary: `Too recent to judge: the deploy is ${minutes(
          nowSeconds - at,
        )} minutes old and the verdict compares the ${minutes(
          window,
        )} minutes after it.`,
      });
    }

    const signals = goldenSignalQueries(selection, window);
    const queries = {
      requests: requestCountQuery(selection, window),
      errorRate: signals.errorRate,
      p95Seconds: signals.p95Latency,
    };
    // One range query per number, evaluated at the deploy (window before) and one window later.
    const evaluation = { start: at, end: at + window, step: window };
    const entries = await Promise.all(
      Object.entries(queries).map(
        async ([name, query]) =>
          [
            name,
            await this.rangeQuery(client, { query, ...evaluation }),
          ] as const,
      ),
    );
    const failed = entries.find(([, outcome]) => !outcome.ok)?.[1];
    if (failed && !failed.ok) {
      return insufficientData({
        settings,
        windowSeconds: window,
        summary: `Prometheus '${client.name}' could not be asked for the windows around this deploy.`,
        failure: failed.failure,
      });
    }
    const valueAt = (name: string, time: number): number | null => {
      const outcome = entries.find(([n]) => n === name)?.[1];
      const series = outcome?.ok ? outcome.value[0] : undefined;
      const point = series?.values.find(([t]) => Math.abs(t - time) < 0.001);
      return point && Number.isFinite(point[1]) ? point[1] : null;
    };
    const measure = (end: number): WindowMeasurement => ({
      start: end - window,
      end,
      requests: valueAt('requests', end),
      errorRate: valueAt('errorRate', end),
      p95Seconds: valueAt('p95Seconds', end),
    });
    return judgeDeploy({
      before: measure(at),
      after: measure(at + window),
      settings,
    });
  }
}
