import {
  DeliveryEventKind,
  DeliveryEventView,
  DoraPeriod,
} from '@go-delivery/plugin-delivery-common';

/*
 * A synthetic 90-day history of three services whose DORA figures the tests compute by hand
 * (computeDora.test.ts writes the arithmetic; DoraService.test.ts checks the same figures through
 * the store on SQLite and PostgreSQL).
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MINUTE = 60_000;

/** 90 days up to Tuesday 2026-03-31 00:00 UTC: 90 / 7 = 12.857142… weeks. */
export const TO = Date.parse('2026-03-31T00:00:00Z');
export const FROM = TO - 90 * DAY; // Wednesday 2025-12-31
export const period: DoraPeriod = {
  from: new Date(FROM).toISOString(),
  to: new Date(TO).toISOString(),
  days: 90,
};
export const WEEKS = 90 / 7;

const iso = (ms: number) => new Date(ms).toISOString();
let sequence = 0;

export function event(
  entity: string,
  kind: DeliveryEventKind,
  at: number,
  extra: Partial<DeliveryEventView> = {},
): DeliveryEventView {
  sequence++;
  return {
    id: `${entity}-${kind}-${String(sequence).padStart(3, '0')}`,
    kind,
    entityRef: `component:default/${entity}`,
    environment: 'prod',
    at: iso(at),
    source: kind === 'deploy' ? 'argocd' : 'action',
    summary: kind,
    ...extra,
  };
}

/** A successful deploy that took `minutes` and whose commit was made `leadHours` before it started. */
export function deploy(
  entity: string,
  at: number,
  minutes: number,
  commitBefore: number,
): DeliveryEventView {
  return event(entity, 'deploy', at, {
    finishedAt: iso(at + minutes * MINUTE),
    committedAt: iso(at - commitBefore),
    result: 'succeeded',
  });
}

/*
 * payments-api: a deploy every 5 days from day 1 at noon (18 deploys, days 1 … 86), each 10 min
 * long, its commit 2 h before: lead time 2 h 10 min = 2.1667 h. Three hours after the third one
 * (day 11) Argo CD returned to the second one's revision: a deploy (10 min; its commit is the
 * day-6 one, 5 d + 5 h 10 min = 125.1667 h before it ended) plus a `rollback` event.
 */
export const DAY_NOON = (day: number) => FROM + day * DAY + 12 * HOUR;
export const payments: DeliveryEventView[] = [];
for (let k = 0; k < 18; k++) {
  payments.push(deploy('payments-api', DAY_NOON(1 + 5 * k), 10, 2 * HOUR));
}
const returnAt = DAY_NOON(11) + 3 * HOUR;
payments.push(
  event('payments-api', 'deploy', returnAt, {
    finishedAt: iso(returnAt + 10 * MINUTE),
    committedAt: iso(DAY_NOON(6) - 2 * HOUR),
    result: 'succeeded',
    source: 'argocd',
  }),
  event('payments-api', 'rollback', returnAt, { source: 'argocd' }),
);

/*
 * orders-api: a weekly deploy from day 3 (12 deploys, days 3 … 80), 20 min long, commits 30 h
 * before: 30.3333 h. The canary of the sixth (day 38) was aborted an hour after it started, and
 * a fix (commit 4 h before, 20 min: 4.3333 h) deployed a day after that deploy.
 */
export const orders: DeliveryEventView[] = [];
for (let k = 0; k < 12; k++) {
  orders.push(deploy('orders-api', DAY_NOON(3 + 7 * k), 20, 30 * HOUR));
}
const abortedAt = DAY_NOON(38);
orders.push(
  event('orders-api', 'abort', abortedAt + HOUR),
  deploy('orders-api', abortedAt + DAY, 20, 4 * HOUR),
);

/*
 * inventory-api: monthly deploys on days 10, 40 and 70, 30 min long, commits 10 days before:
 * 240.5 h. The day-40 deploy regressed (verdict 30 min after it) and was hotfixed 90 min after it
 * started (commit 1 h before, 30 min: 1.5 h), i.e. 60 min after it ended.
 */
const day40 = DAY_NOON(40);
export const inventory: DeliveryEventView[] = [
  deploy('inventory-api', DAY_NOON(10), 30, 240 * HOUR),
  deploy('inventory-api', day40, 30, 240 * HOUR),
  event('inventory-api', 'regression', day40 + 30 * MINUTE, {
    source: 'verdict',
  }),
  deploy('inventory-api', day40 + 90 * MINUTE, 30, HOUR),
  deploy('inventory-api', DAY_NOON(70), 30, 240 * HOUR),
];
