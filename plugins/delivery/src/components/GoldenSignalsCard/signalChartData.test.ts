import { metricsView } from '../../testing/viewModels';
import {
  deployMarkerLines,
  formatValue,
  mergeSeries,
  uniqueFailures,
  UNIT_DISPLAY,
} from './signalChartData';

const T0 = Date.parse('2026-01-13T13:00:00Z');
const HALF_HOUR = 30 * 60 * 1000;

describe('mergeSeries', () => {
  it('puts every series on one time axis, in display units', () => {
    const errorRate = metricsView.signals.find(s => s.signal === 'errorRate')!;
    const rows = mergeSeries(
      errorRate.series.map(s => ({ key: s.track, points: s.points })),
      UNIT_DISPLAY.ratio.scale,
    );
    // Every half hour of two days; the canary's points fall on the same times.
    expect(rows).toHaveLength(97);
    expect(rows[0]).toEqual({ t: T0, stable: 0.6, canary: null });
    expect(rows[95].t).toBe(T0 + 95 * HALF_HOUR);
    expect(rows[95].stable).toBeCloseTo(0.6);
    expect(rows[95].canary).toBeCloseTo(1);
  });

  it('leaves a gap where a series has no point, and sorts by time', () => {
    expect(
      mergeSeries([
        {
          key: 'stable',
          points: [
            { t: 3, v: 1 },
            { t: 1, v: 2 },
          ],
        },
        { key: 'canary', points: [{ t: 2, v: 5 }] },
      ]),
    ).toEqual([
      { t: 1, stable: 2, canary: null },
      { t: 2, stable: null, canary: 5 },
      { t: 3, stable: 1, canary: null },
    ]);
    expect(mergeSeries([])).toEqual([]);
  });
});

describe('deployMarkerLines', () => {
  it('marks each deploy of the range at its time with its verdict', () => {
    expect(deployMarkerLines(metricsView.deploys, metricsView.range)).toEqual([
      {
        key: 'staging/payments-api-staging/7',
        t: Date.parse('2026-01-13T14:00:00Z'),
        label: metricsView.deploys[0].revision!.slice(0, 7),
        verdict: 'healthy',
        showLabel: true,
      },
      {
        key: 'prod/payments-api-prod/5',
        t: Date.parse('2026-01-14T06:00:00Z'),
        label: metricsView.deploys[1].revision!.slice(0, 7),
        verdict: 'regression',
        showLabel: true,
      },
    ]);
  });

  it('leaves out deploys outside the range and names one without revision by its id', () => {
    const [healthy] = metricsView.deploys;
    const lines = deployMarkerLines(
      [
        { ...healthy, deployedAt: '2026-01-13T12:59:59Z' },
        { ...healthy, revision: undefined, id: 7 },
        { ...healthy, deployedAt: 'not a time' },
      ],
      metricsView.range,
    );
    expect(lines.map(l => l.label)).toEqual(['#7']);
  });
});

describe('deploy marker labels', () => {
  it('labels a deploy only when it does not crowd the previous label, and every regression', () => {
    const [healthy, regression] = metricsView.deploys;
    const at = (iso: string, verdict = healthy) => ({
      ...verdict,
      deployedAt: iso,
      id: Date.parse(iso),
    });
    // 15 % of two days is 7 hours 12 minutes.
    const lines = deployMarkerLines(
      [
        at('2026-01-13T15:40:00Z'),
        at('2026-01-13T21:00:00Z'),
        at('2026-01-14T00:40:00Z'),
        at('2026-01-14T18:20:00Z'),
        at('2026-01-14T21:00:00Z', regression),
      ],
      metricsView.range,
    );
    expect(lines.map(l => [l.t, l.showLabel])).toEqual([
      [Date.parse('2026-01-13T15:40:00Z'), true],
      [Date.parse('2026-01-13T21:00:00Z'), false],
      [Date.parse('2026-01-14T00:40:00Z'), true],
      // Too close to the regression, whose label wins.
      [Date.parse('2026-01-14T18:20:00Z'), false],
      [Date.parse('2026-01-14T21:00:00Z'), true],
    ]);
  });
});

describe('formatValue', () => {
  it('shows three significant digits in display units', () => {
    expect(formatValue(168.4, UNIT_DISPLAY.seconds)).toBe('168 ms');
    expect(formatValue(0.1234, UNIT_DISPLAY.ratio)).toBe('0.123 %');
    expect(formatValue(12.345, UNIT_DISPLAY['requests/s'])).toBe('12.3 req/s');
  });
});

describe('uniqueFailures', () => {
  it('keeps one failure per instance', () => {
    const down = {
      kind: 'prometheus' as const,
      instance: 'prod',
      reason: 'unreachable' as const,
      message: "Prometheus 'prod': connection refused",
    };
    const argo = { ...down, kind: 'argocd' as const, message: 'x' };
    expect(uniqueFailures([down, undefined, { ...down }, argo])).toEqual([
      down,
      argo,
    ]);
  });
});
