import {
  assertCanaryServiceName,
  DeliveryTargets,
  DeployMarkerView,
  MetricsResponse,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { PrometheusClient } from '@go-delivery/plugin-delivery-node';
import { PrometheusReads } from '../../upstreams/prometheus/PrometheusReads';
import {
  DeployMarker,
  DeployMarkerSource,
  readDeployMarkers,
} from './DeployMarkerSource';
import { VerdictSettings } from './deployVerdict';
import { DeployVerdicts } from './DeployVerdicts';
import { GoldenSignalReader } from './GoldenSignalReader';
import {
  DEFAULT_RANGE_LIMITS,
  MetricsRange,
  parseMetricsRange,
  RangeLimits,
} from './metricsRange';
import { readRuleQueries } from './ruleQueries';

/** The caller's view parameters, unvalidated (they come straight from the query string). */
export interface MetricsRangeParams {
  range?: unknown;
  step?: unknown;
  end?: unknown;
}

export interface MetricsServiceOptions {
  /** The configured instances (the first is the default) and the cache of their answers. */
  prometheus: PrometheusReads;
  scrapeIntervalSeconds: number;
  verdict: VerdictSettings;
  deployMarkers?: DeployMarkerSource;
  rangeLimits?: Partial<RangeLimits>;
  /** Milliseconds since the epoch; replaced in tests. */
  now?: () => number;
  /** Keeps the deploys judged regressed, for the change failure rate. */
  regressions?: {
    recordRegressions(
      entityRef: string,
      deploys: DeployMarkerView[],
    ): Promise<void>;
  };
}

/**
 * Golden signals of an entity's Go service from Prometheus, with its deploys on the same time axis
 * and a verdict per deploy. Annotations → one instance; then, in parallel, the signal charts, the
 * catalog's rule queries, and the deploy history followed by the verdicts. Each failed query is a
 * failure entry of its own part of the answer.
 *
 * Query budget of one view, whatever the range and the number of deploys: at most 5 queries, i.e.
 * 3 range queries for the signals, at most 1 range query for all rule queries and at most 1 instant
 * query for all verdicts. A few large queries rather than one per deploy keep a view within
 * Prometheus's query concurrency and any per-query limits in front of it.
 */
export class MetricsService {
  private readonly limits: RangeLimits;
  private readonly now: () => number;
  private readonly signals: GoldenSignalReader;
  private readonly verdicts: DeployVerdicts;

  constructor(private readonly options: MetricsServiceOptions) {
    const { prometheus, scrapeIntervalSeconds } = options;
    this.limits = {
      ...DEFAULT_RANGE_LIMITS,
      minStepSeconds: Math.max(
        DEFAULT_RANGE_LIMITS.minStepSeconds,
        scrapeIntervalSeconds,
      ),
      ...options.rangeLimits,
    };
    this.now = options.now ?? Date.now;
    this.signals = new GoldenSignalReader({
      prometheus,
      scrapeIntervalSeconds,
    });
    this.verdicts = new DeployVerdicts({
      prometheus,
      settings: options.verdict,
      scrapeIntervalSeconds,
    });
  }

  async getMetrics(request: {
    targets: DeliveryTargets;
    params: MetricsRangeParams;
    /** Show stable and canary traffic apart (the caller knows whether a canary exists). */
    canarySplit: boolean;
  }): Promise<MetricsResponse> {
    const { targets, canarySplit } = request;
    const { prometheus } = this.options;
    const target = targets.metrics;
    if (canarySplit) assertCanaryServiceName(target);
    const nowMs = this.now();
    const range = parseMetricsRange(request.params, this.limits, nowMs);
    const client = prometheus.instanceFor(target.instanceName);
    if (!client) {
      return {
        configured: false,
        message:
          'No Prometheus instance is configured (delivery.prometheus.instances).',
      };
    }

    const [signals, ruleQueries, { deploys, failures }] = await Promise.all([
      this.signals.read({
        client,
        service: target.service,
        range,
        canarySplit,
      }),
      readRuleQueries({
        prometheus,
        client,
        rules: target.ruleQueries,
        range,
      }),
      this.readDeploys({
        client,
        targets,
        range,
        canarySplit,
        nowSeconds: nowMs / 1000,
      }),
    ]);

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

  /**
   * The verdict on the newest of one application's deploys, on the series of one namespace (the
   * application's destination): what a promotion's "no regression" gate asks. The other deploys
   * of the application only shorten the windows, as in the view; one instant query at most.
   */
  async judgeNewestDeploy(request: {
    targets: DeliveryTargets;
    markers: DeployMarker[];
    namespace?: string;
  }): Promise<
    { instance: string; deploy?: DeployMarkerView } | { message: string }
  > {
    const { targets, markers, namespace } = request;
    const client = this.options.prometheus.instanceFor(
      targets.metrics.instanceName,
    );
    if (!client) {
      return {
        message:
          'No Prometheus instance is configured (delivery.prometheus.instances).',
      };
    }
    const times = markers
      .map(m => Date.parse(m.deployedAt) / 1000)
      .filter(Number.isFinite);
    if (times.length === 0) return { instance: client.name };
    const newest = Math.max(...times);
    const nowSeconds = this.now() / 1000;
    const [deploy] = await this.verdicts.judge({
      client,
      selection: {
        service: targets.metrics.service,
        includeCanary: false,
        perTrack: false,
        ...(namespace ? { namespace } : {}),
      },
      markers,
      // Only the newest deploy lies in the range; the others still bound its windows.
      range: {
        start: newest,
        end: nowSeconds,
        step: this.limits.minStepSeconds,
      },
      nowSeconds,
    });
    return { instance: client.name, ...(deploy ? { deploy } : {}) };
  }

  /**
   * The deploy history, then the verdicts on it. They need the deploys, not the charts, so they are
   * asked as soon as the history is read, while the chart queries may still be running.
   */
  private async readDeploys(options: {
    client: PrometheusClient;
    targets: DeliveryTargets;
    range: MetricsRange;
    canarySplit: boolean;
    nowSeconds: number;
  }): Promise<{ deploys: DeployMarkerView[]; failures: UpstreamFailure[] }> {
    const { client, targets, range, canarySplit, nowSeconds } = options;
    const { markers, failures } = await readDeployMarkers(
      this.options.deployMarkers,
      targets,
    );
    const deploys = await this.verdicts.judge({
      client,
      selection: {
        service: targets.metrics.service,
        includeCanary: canarySplit,
        perTrack: false,
      },
      markers,
      range,
      nowSeconds,
    });
    await this.options.regressions?.recordRegressions(
      targets.entityRef,
      deploys,
    );
    return { deploys, failures };
  }
}
