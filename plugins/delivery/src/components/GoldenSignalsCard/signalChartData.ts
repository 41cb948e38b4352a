import {
  DeployMarkerView,
  DeployVerdictKind,
  GoldenSignal,
  MetricPoint,
  MetricTrack,
  MetricUnit,
  UpstreamFailure,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';

/** How a unit is shown: values are multiplied by `scale` and suffixed with `suffix`. */
export interface UnitDisplay {
  scale: number;
  suffix: string;
}

/** Error ratios as percent, latencies in milliseconds: the numbers people read. */
export const UNIT_DISPLAY: Record<MetricUnit, UnitDisplay> = {
  'requests/s': { scale: 1, suffix: 'req/s' },
  ratio: { scale: 100, suffix: '%' },
  seconds: { scale: 1000, suffix: 'ms' },
};

export const SIGNAL_TITLES: Record<GoldenSignal, string> = {
  requestRate: 'Request rate',
  errorRate: 'Error rate',
  p95Latency: 'p95 latency',
};

/** A number with at most three significant digits (whole numbers from 100 on). */
export function formatNumber(value: number): string {
  return String(
    Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3)),
  );
}

/** A value in display units, e.g. `168 ms`. */
export function formatValue(value: number, display: UnitDisplay): string {
  return `${formatNumber(value)} ${display.suffix}`.trim();
}

/** One row per timestamp, a column per series: what recharts draws several lines from. */
export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * Merges series onto one time axis, scaled to display units. A series without a point at some
 * time gets null there, so its line has a gap instead of a made-up value.
 */
export function mergeSeries(
  series: Array<{ key: string; points: MetricPoint[] }>,
  scale = 1,
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const { key, points } of series) {
    for (const { t, v } of points) {
      let row = rows.get(t);
      if (!row) {
        row = { t } as ChartRow;
        for (const other of series) row[other.key] = null;
        rows.set(t, row);
      }
      row[key] = v === null ? null : v * scale;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** How each traffic track is drawn and named. */
export const TRACK_LINES: Record<
  MetricTrack,
  { name: string; color: string; dashed: boolean }
> = {
  all: { name: 'Service', color: '#1f77b4', dashed: false },
  stable: { name: 'Stable', color: '#1f77b4', dashed: false },
  canary: { name: 'Canary', color: '#ff7f0e', dashed: true },
};

/** A deploy drawn as a vertical line on the charts' time axis. */
export interface DeployMarkerLine {
  key: string;
  t: number;
  /** The short revision, else the Argo CD history id. */
  label: string;
  verdict: DeployVerdictKind;
  /** Whether the label is drawn; labels of close deploys would overlap. */
  showLabel: boolean;
}

export const VERDICT_COLORS: Record<DeployVerdictKind, string> = {
  regression: '#d32f2f',
  healthy: '#2e7d32',
  'insufficient-data': '#9e9e9e',
};

export const VERDICT_LABELS: Record<DeployVerdictKind, string> = {
  regression: 'Regression',
  healthy: 'Healthy',
  'insufficient-data': 'Not judged',
};

/** The label of a deploy: its short revision, or its history id. */
export function deployLabel(deploy: DeployMarkerView): string {
  if (deploy.revision) return shortRevision(deploy.revision);
  return deploy.id !== undefined ? `#${deploy.id}` : 'deploy';
}

/**
 * The deploys inside the chart's range, as vertical lines at their time. Every line is drawn, but
 * a label only when it keeps `minLabelGap` (a share of the range) from the last drawn label;
 * regressions are always labelled, since those are the deploys people look for.
 */
export function deployMarkerLines(
  deploys: DeployMarkerView[],
  range: { start: string; end: string },
  minLabelGap = 0.15,
): DeployMarkerLine[] {
  const start = Date.parse(range.start);
  const end = Date.parse(range.end);
  const gap = (end - start) * minLabelGap;
  const inRange = deploys
    .map(deploy => ({ deploy, t: Date.parse(deploy.deployedAt) }))
    .filter(({ t }) => Number.isFinite(t) && t >= start && t <= end)
    .sort((a, b) => a.t - b.t);
  const regressions = inRange
    .filter(({ deploy }) => deploy.verdict.verdict === 'regression')
    .map(({ t }) => t);
  let lastLabel = -Infinity;
  return inRange.map(({ deploy, t }) => {
    const regression = deploy.verdict.verdict === 'regression';
    const clear =
      t - lastLabel >= gap &&
      regressions.every(r => r === t || Math.abs(r - t) >= gap);
    const showLabel = regression || clear;
    if (showLabel) lastLabel = t;
    return {
      key: `${deploy.instance}/${deploy.application}/${deploy.id ?? t}`,
      t,
      label: deployLabel(deploy),
      verdict: deploy.verdict.verdict,
      showLabel,
    };
  });
}

/** One failure per upstream instance: several queries to a Prometheus that is down say one thing. */
export function uniqueFailures(
  failures: Array<UpstreamFailure | undefined>,
): UpstreamFailure[] {
  const seen = new Map<string, UpstreamFailure>();
  for (const failure of failures) {
    if (!failure) continue;
    const key = `${failure.kind}:${failure.instance}`;
    if (!seen.has(key)) seen.set(key, failure);
  }
  return [...seen.values()];
}
