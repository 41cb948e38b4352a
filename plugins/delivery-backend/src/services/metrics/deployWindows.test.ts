import { DeployMarker } from './DeployMarkerSource';
import { DEFAULT_VERDICT_SETTINGS } from './deployVerdict';
import { MAX_JUDGED_DEPLOYS, planDeployWindows } from './deployWindows';

const NOW = Date.parse('2026-03-01T12:00:00Z') / 1000;
const MINUTE = 60;

function marker(minutesAgo: number, application = 'app'): DeployMarker {
  return {
    deployedAt: new Date((NOW - minutesAgo * MINUTE) * 1000).toISOString(),
    application,
    instance: 'prod',
  };
}

function plan(markers: DeployMarker[], rangeMinutes = 7 * 24 * 60) {
  return planDeployWindows({
    markers,
    range: { start: NOW - rangeMinutes * MINUTE, end: NOW, step: 60 },
    nowSeconds: NOW,
    settings: DEFAULT_VERDICT_SETTINGS,
    scrapeIntervalSeconds: 15,
  });
}

const outcome = (p: ReturnType<typeof plan>[number]) =>
  'windowSeconds' in p ? p.windowSeconds : p.verdict.summary;

describe('planDeployWindows', () => {
  it('keeps the deploys of the range up to now, oldest first, dropping unreadable times', () => {
    const planned = plan(
      [
        marker(120),
        marker(-10),
        marker(600),
        { ...marker(0), deployedAt: 'yesterday' },
        marker(300),
      ],
      360,
    );
    expect(planned.map(p => (NOW - p.at) / MINUTE)).toEqual([300, 120]);
    expect(planned.map(outcome)).toEqual([1800, 1800]);
  });

  it('judges only the newest deploys of a range', () => {
    const planned = plan(
      Array.from({ length: MAX_JUDGED_DEPLOYS + 5 }, (_, i) =>
        marker(60 * (i + 1)),
      ),
    );
    expect(planned.slice(0, 5).map(outcome)).toEqual(
      Array(5).fill(
        'Not judged: only the 20 most recent deploys of a range are.',
      ),
    );
    expect(planned[0]).toMatchObject({ verdict: { windowMinutes: 30 } });
    expect(planned.slice(5).every(p => 'windowSeconds' in p)).toBe(true);
  });

  it('shortens both windows to the nearest neighbour of the same application', () => {
    const planned = plan([
      marker(200),
      marker(188),
      marker(170, 'other'),
      marker(100),
      marker(99.5),
      marker(10),
    ]);
    expect(planned.map(outcome)).toEqual([
      12 * MINUTE,
      12 * MINUTE,
      1800,
      'Another deploy of the application came within 1 minutes of this one; a verdict needs 5 minutes on each side.',
      'Another deploy of the application came within 1 minutes of this one; a verdict needs 5 minutes on each side.',
      'Too recent to judge: the deploy is 10 minutes old and the verdict compares the 30 minutes after it.',
    ]);
  });
});
