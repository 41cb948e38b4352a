import {
  classify,
  computeDoraFigures,
  computeDoraWeeks,
  DEFAULT_DORA_SETTINGS,
  median,
  weekStart,
} from './computeDora';
import {
  DAY_NOON,
  deploy,
  event,
  HOUR,
  inventory,
  orders,
  payments,
  period,
  WEEKS,
} from './__fixtures__/threeServices';

const iso = (ms: number) => new Date(ms).toISOString();

// The history and its arithmetic: see the comments in __fixtures__/threeServices.ts.

describe('computeDoraFigures on 90 days of three services', () => {
  it('payments-api: 19 deploys, one rollback restored by the rollback itself', () => {
    const figures = computeDoraFigures(payments, period);
    // 19 / 12.857 = 1.4778 per week: at least weekly, not daily → high.
    expect(figures.deploymentFrequency).toMatchObject({
      value: 1.48,
      level: 'high',
      eventCount: 19,
    });
    // Median of 18 × 2.1667 and 1 × 125.1667 → 2.1667 h → elite (< 24 h).
    expect(figures.leadTimeForChanges).toMatchObject({
      value: 2.17,
      level: 'elite',
      eventCount: 19,
    });
    // The rollback (3 h after the day-11 deploy, within 24 h) fails that deploy: 1 / 19 =
    // 0.0526 → high (> 5 %, ≤ 10 %).
    expect(figures.changeFailureRate).toMatchObject({
      value: 0.0526,
      level: 'high',
    });
    const failedDeploy = payments[2].id;
    expect(figures.changeFailureRate.eventIds.slice(0, 2)).toEqual([
      failedDeploy,
      payments[19].id,
    ]);
    // The failure starts with the rollback; the return deploy is healthy and ends 10 min later:
    // 0.1667 h → elite (< 1 h).
    expect(figures.timeToRestore).toMatchObject({
      value: 0.17,
      level: 'elite',
      eventIds: [payments[19].id, payments[18].id],
    });
    expect(figures.changeFailureRate.explanation).toBe(
      '1 of 19 deploys (5.3 %) were followed within 24 h by a rollback, abort, regression, failed sync or degraded health, or within 2 h by another deploy.',
    );
  });

  it('orders-api: 13 deploys, an aborted canary fixed a day later', () => {
    const figures = computeDoraFigures(orders, period);
    // 13 / 12.857 = 1.0111 per week → high.
    expect(figures.deploymentFrequency).toMatchObject({
      value: 1.01,
      level: 'high',
    });
    // Sorted: 4.3333, then 12 × 30.3333; the 7th of 13 is 30.3333 h → high (< 1 week).
    expect(figures.leadTimeForChanges).toMatchObject({
      value: 30.33,
      level: 'high',
    });
    // 1 / 13 = 0.0769 → high.
    expect(figures.changeFailureRate).toMatchObject({
      value: 0.0769,
      level: 'high',
    });
    // Abort at day 38 + 1 h; the fix starts at day 39 and ends 20 min later:
    // 24 h + 20 min − 1 h = 23.3333 h → high (< 24 h).
    expect(figures.timeToRestore).toMatchObject({
      value: 23.33,
      level: 'high',
    });
  });

  it('inventory-api: 4 deploys, a regression fixed by a hotfix', () => {
    const figures = computeDoraFigures(inventory, period);
    // 4 / 12.857 = 0.3111 per week: at least monthly (0.2333) → medium.
    expect(figures.deploymentFrequency).toMatchObject({
      value: 0.31,
      level: 'medium',
    });
    // Sorted 1.5, 240.5, 240.5, 240.5: (240.5 + 240.5) / 2 = 240.5 h → medium (< 30 days).
    expect(figures.leadTimeForChanges).toMatchObject({
      value: 240.5,
      level: 'medium',
    });
    // The day-40 deploy: regression 30 min after it, and the hotfix 60 min after its end
    // (≤ 2 h) — one failed change, two causes. 1 / 4 = 0.25 → low.
    expect(figures.changeFailureRate).toMatchObject({
      value: 0.25,
      level: 'low',
    });
    expect(figures.changeFailureRate.eventIds.slice(0, 3)).toEqual([
      inventory[1].id,
      inventory[2].id,
      inventory[3].id,
    ]);
    // Regression at +30 min; the hotfix ends at +120 min: 1.5 h → high.
    expect(figures.timeToRestore).toMatchObject({ value: 1.5, level: 'high' });
  });

  it('the team: every event together, not an average of averages', () => {
    const figures = computeDoraFigures(
      [...payments, ...orders, ...inventory],
      period,
    );
    // 19 + 13 + 4 = 36 deploys; 36 / 12.857 = 2.8 per week → high.
    expect(figures.deploymentFrequency).toMatchObject({
      value: 2.8,
      level: 'high',
      eventCount: 36,
    });
    // 36 lead times sorted: 1.5; 18 × 2.1667 (2nd–19th); 4.3333; 12 × 30.3333; 125.1667;
    // 3 × 240.5. The 18th and 19th are both 2.1667 h → elite.
    expect(figures.leadTimeForChanges).toMatchObject({
      value: 2.17,
      level: 'elite',
    });
    // 3 failed of 36 = 0.0833 → high.
    expect(figures.changeFailureRate).toMatchObject({
      value: 0.0833,
      level: 'high',
    });
    // Restores 0.1667, 1.5, 23.3333 h: median 1.5 h → high.
    expect(figures.timeToRestore).toMatchObject({ value: 1.5, level: 'high' });
    expect(figures.deploymentFrequency.value).toBeCloseTo(36 / WEEKS, 2);
  });

  it('has nothing to say of a period without events', () => {
    const figures = computeDoraFigures([], period);
    for (const figure of Object.values(figures)) {
      expect(figure).toMatchObject({ value: null, level: null, eventCount: 0 });
    }
  });

  it('blames a failure on the latest deploy before it only, and only within the window', () => {
    const a = deploy('x', DAY_NOON(1), 10, HOUR);
    const b = deploy('x', DAY_NOON(1) + 5 * HOUR, 10, HOUR);
    const late = deploy('x', DAY_NOON(10), 10, HOUR);
    const failure = event('x', 'sync-failed', DAY_NOON(1) + 6 * HOUR);
    const tooLate = event('x', 'degraded', DAY_NOON(10) + 25 * HOUR);
    const figures = computeDoraFigures([a, b, late, failure, tooLate], period);
    // Only b (1 h before the failed sync) failed: 1 / 3.
    expect(figures.changeFailureRate.value).toBe(0.3333);
    expect(figures.changeFailureRate.eventIds.slice(0, 2)).toEqual([
      b.id,
      failure.id,
    ]);
    // The failed sync is restored by `late` (healthy: the degraded health came 25 h after it);
    // the degraded health is not restored yet.
    expect(figures.timeToRestore.explanation).toContain('(1 not restored yet)');
    // Day 1 18:00 → day 10 12:10: 8 d 18 h 10 min = 210.1667 h.
    expect(figures.timeToRestore.value).toBe(210.17);
  });
});

describe('computeDoraWeeks', () => {
  it('counts deploys, failed changes and the median lead time per week from Monday', () => {
    const weeks = computeDoraWeeks(
      [...payments, ...orders, ...inventory],
      period,
    );
    // From Monday 2025-12-29 (the period starts on a Wednesday) to Monday 2026-03-30: 91 days
    // apart, 14 weeks.
    expect(weeks).toHaveLength(14);
    expect(weeks[0].weekStart).toBe('2025-12-29');
    expect(weeks[13].weekStart).toBe('2026-03-30');
    expect(weeks.reduce((n, w) => n + w.deploys, 0)).toBe(36);
    expect(weeks.reduce((n, w) => n + w.failedDeploys, 0)).toBe(3);
    // Week 1 (Dec 29 – Jan 4) holds payments' day 1 (Jan 1) and orders' day 3 (Jan 3):
    // lead times 2.1667 and 30.3333 → median 16.25 h.
    expect(weeks[0]).toEqual({
      weekStart: '2025-12-29',
      deploys: 2,
      failedDeploys: 0,
      leadTimeHours: 16.25,
    });
  });

  it('starts weeks on Monday, UTC', () => {
    expect(iso(weekStart(Date.parse('2026-03-29T23:59:59Z')))).toBe(
      '2026-03-23T00:00:00.000Z',
    );
    expect(iso(weekStart(Date.parse('2026-03-30T00:00:00Z')))).toBe(
      '2026-03-30T00:00:00.000Z',
    );
  });
});

describe('classify', () => {
  it.each([
    ['deploymentFrequency', 7, 'elite'],
    ['deploymentFrequency', 6.99, 'high'],
    ['deploymentFrequency', 1, 'high'],
    ['deploymentFrequency', 0.24, 'medium'],
    ['deploymentFrequency', 0.23, 'low'],
    ['leadTimeForChanges', 23.99, 'elite'],
    ['leadTimeForChanges', 24, 'high'],
    ['leadTimeForChanges', 168, 'medium'],
    ['leadTimeForChanges', 720, 'low'],
    ['changeFailureRate', 0.05, 'elite'],
    ['changeFailureRate', 0.1, 'high'],
    ['changeFailureRate', 0.15, 'medium'],
    ['changeFailureRate', 0.1501, 'low'],
    ['timeToRestore', 0.99, 'elite'],
    ['timeToRestore', 1, 'high'],
    ['timeToRestore', 24, 'medium'],
    ['timeToRestore', 168, 'low'],
  ] as const)('%s %p is %s', (figure, value, level) => {
    expect(classify(figure, value)).toBe(level);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
    expect(DEFAULT_DORA_SETTINGS).toEqual({
      failureWindowHours: 24,
      hotfixWindowHours: 2,
    });
  });
});
