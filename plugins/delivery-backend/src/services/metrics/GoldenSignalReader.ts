import {
  canaryServiceNames,
  GO_SERVICE_METRICS,
  GoldenSignal,
  GoldenSignalSeries,
  GoldenSignalView,
  MetricTrack,
} from '@go-delivery/plugin-delivery-common';
import { PrometheusClient } from '@go-delivery/plugin-delivery-node';
import { attempt } from '../../upstreams/fanOut';
import { PrometheusReads } from '../../upstreams/prometheus/PrometheusReads';
import { graphUrl, toPoints } from './chartSeries';
import {
  GOLDEN_SIGNAL_UNITS,
  goldenSignalQueries,
} from './goldenSignalQueries';
import { MetricsRange } from './metricsRange';

const SIGNALS: GoldenSignal[] = ['requestRate', 'errorRate', 'p95Latency'];
const TRACK_ORDER: MetricTrack[] = ['all', 'stable', 'canary'];

/**
 * The charts of the golden signals: one range query per signal (three per view, whatever the
 * range), each series named by its track. A failed query is a failure of its own signal only.
 */
export class GoldenSignalReader {
  constructor(
    private readonly options: {
      prometheus: PrometheusReads;
      scrapeIntervalSeconds: number;
    },
  ) {}

  read(request: {
    client: PrometheusClient;
    service: string;
    range: MetricsRange;
    canarySplit: boolean;
  }): Promise<GoldenSignalView[]> {
    const { client, service, range, canarySplit } = request;
    const queries = goldenSignalQueries(
      { service, includeCanary: canarySplit, perTrack: true },
      this.rateWindow(range.step),
    );
    const names = canaryServiceNames(service);
    const trackOf = (label: string): MetricTrack | undefined => {
      if (!canarySplit) return label === names.stable ? 'all' : undefined;
      if (label === names.stable) return 'stable';
      return label === names.canary ? 'canary' : undefined;
    };

    return Promise.all(
      SIGNALS.map(async (signal): Promise<GoldenSignalView> => {
        const query = queries[signal];
        const view: GoldenSignalView = {
          signal,
          unit: GOLDEN_SIGNAL_UNITS[signal],
          query,
          graphUrl: graphUrl(client, query, range),
          series: [],
        };
        const outcome = await attempt(
          { kind: 'prometheus', instance: client.name },
          () => this.options.prometheus.queryRange(client, { query, ...range }),
        );
        if (!outcome.ok) return { ...view, failure: outcome.failure };
        view.series = outcome.value
          .flatMap((series): GoldenSignalSeries[] => {
            const label = series.metric[GO_SERVICE_METRICS.serviceLabel] ?? '';
            const track = trackOf(label);
            return track
              ? [{ track, service: label, points: toPoints(series.values) }]
              : [];
          })
          .sort(
            (a, b) =>
              TRACK_ORDER.indexOf(a.track) - TRACK_ORDER.indexOf(b.track),
          );
        return view;
      }),
    );
  }

  /** The rate window of the charts: a step plus a scrape, at least four scrapes (as Grafana does). */
  private rateWindow(step: number): number {
    const scrape = this.options.scrapeIntervalSeconds;
    return Math.ceil(Math.max(step + scrape, 4 * scrape));
  }
}
