import { syncWindowVerdict, windowApplies } from './syncWindows';
import { openSince, parseWindowDuration } from './timeWindows';

const at = (iso: string) => Date.parse(iso);
const subject = {
  application: 'payments-api-prod',
  namespace: 'payments',
  server: 'https://kubernetes.default.svc',
  cluster: 'in-cluster',
};

describe('time windows', () => {
  it('reads Go durations as Argo CD writes them', () => {
    expect(parseWindowDuration('1h')).toBe(3_600_000);
    expect(parseWindowDuration('1h30m')).toBe(5_400_000);
    expect(parseWindowDuration('90s')).toBe(90_000);
    expect(parseWindowDuration('0m')).toBeUndefined();
    expect(parseWindowDuration('1d')).toBeUndefined();
    expect(parseWindowDuration('')).toBeUndefined();
  });

  it('is open from each start of the schedule for the duration, in the given zone', () => {
    const nightly = { schedule: '0 22 * * *', durationMs: 3 * 3_600_000 };
    expect(openSince(nightly, at('2026-12-04T23:30:00Z'))?.toISOString()).toBe(
      '2026-12-04T22:00:00.000Z',
    );
    // Across midnight: opened the day before.
    expect(openSince(nightly, at('2026-12-05T00:59:00Z'))?.toISOString()).toBe(
      '2026-12-04T22:00:00.000Z',
    );
    expect(openSince(nightly, at('2026-12-05T01:00:00Z'))).toBeUndefined();
    expect(openSince(nightly, at('2026-12-04T21:59:59Z'))).toBeUndefined();
    const berlin = { ...nightly, timeZone: 'Europe/Berlin' };
    // 22:00 in Berlin is 21:00 UTC in December.
    expect(openSince(berlin, at('2026-12-04T21:30:00Z'))?.toISOString()).toBe(
      '2026-12-04T21:00:00.000Z',
    );
  });
});

describe('Argo CD sync windows', () => {
  it('applies a window when any list matches, or all with andOperator', () => {
    expect(windowApplies({ applications: ['payments-*'] }, subject)).toBe(true);
    expect(windowApplies({ applications: ['orders-*'] }, subject)).toBe(false);
    expect(windowApplies({ namespaces: ['pay?ents'] }, subject)).toBe(true);
    expect(windowApplies({ clusters: ['in-cluster'] }, subject)).toBe(true);
    expect(
      windowApplies(
        { applications: ['payments-*'], namespaces: ['orders'] },
        subject,
      ),
    ).toBe(true);
    expect(
      windowApplies(
        {
          applications: ['payments-*'],
          namespaces: ['orders'],
          andOperator: true,
        },
        subject,
      ),
    ).toBe(false);
    // A dot in a pattern is literal.
    expect(
      windowApplies({ applications: ['payments.api-prod'] }, subject),
    ).toBe(false);
    expect(windowApplies({}, subject)).toBe(false);
  });

  const now = at('2026-12-04T12:00:00Z');
  const verdict = (windows: any[]) =>
    syncWindowVerdict({ project: 'payments', windows, subject, now });

  it('blocks during an active deny window and says until when', () => {
    const result = verdict([
      {
        kind: 'deny',
        schedule: '0 0 * * *',
        duration: '24h',
        applications: ['*'],
        description: 'Quarter-end change freeze',
      },
    ]);
    expect(result).toEqual({
      blocked: true,
      reason:
        "Deny window 'Quarter-end change freeze' (deny 0 0 * * * for 24h) of project 'payments' is active until 2026-12-05T00:00:00.000Z",
    });
  });

  it('lets through outside deny windows, and inside an open allow window', () => {
    expect(
      verdict([
        {
          kind: 'deny',
          schedule: '0 22 * * *',
          duration: '2h',
          applications: ['*'],
        },
      ]).blocked,
    ).toBe(false);
    expect(
      verdict([
        {
          kind: 'allow',
          schedule: '0 9 * * 1-5',
          duration: '8h',
          namespaces: ['payments'],
        },
      ]),
    ).toEqual({
      blocked: false,
      reason: "The sync windows of project 'payments' allow a sync now",
    });
  });

  it('blocks when allow windows apply and none is open, and when deny and allow are both open', () => {
    const closedAllow = verdict([
      {
        kind: 'allow',
        schedule: '0 20 * * *',
        duration: '1h',
        applications: ['*'],
      },
    ]);
    expect(closedAllow.blocked).toBe(true);
    expect(closedAllow.reason).toMatch(/only in its allow windows/);
    expect(
      verdict([
        {
          kind: 'allow',
          schedule: '0 9 * * *',
          duration: '8h',
          applications: ['*'],
        },
        {
          kind: 'deny',
          schedule: '0 11 * * *',
          duration: '2h',
          applications: ['*'],
        },
      ]).blocked,
    ).toBe(true);
  });

  it('ignores windows of other applications, and blocks on a window it cannot read', () => {
    expect(
      verdict([
        {
          kind: 'deny',
          schedule: '0 0 * * *',
          duration: '24h',
          applications: ['orders-*'],
        },
      ]),
    ).toEqual({
      blocked: false,
      reason:
        "No sync window of project 'payments' applies to payments-api-prod",
    });
    const unreadable = verdict([
      {
        kind: 'deny',
        schedule: 'every day',
        duration: '1h',
        applications: ['*'],
      },
    ]);
    expect(unreadable.blocked).toBe(true);
    expect(unreadable.reason).toMatch(/cannot read/);
  });
});
