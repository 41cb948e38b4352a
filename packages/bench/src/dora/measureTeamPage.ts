import { Entity } from '@backstage/catalog-model';
import {
  DeliveryEventsReportResponse,
  EntityDoraResponse,
  MAX_REPORTED_EVENTS,
  ReportedDeliveryEvent,
  TeamDoraResponse,
} from '@go-delivery/plugin-delivery-common';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CLIENT_TOKEN } from '../backends/backendConfig';
import { BackendProcess } from '../backends/BackendProcess';
import { BenchEntity } from '../backends/entities';
import { cpuCheckMs } from '../cpuCheck';
import { BenchApp } from '../fixtures';
import { median, percentile } from '../stats';
import { totalRequests, BenchUpstream } from '../upstream';
import { serviceDeliveryHistory } from './deliveryHistory';

/** The team whose page is timed. */
export const BENCH_TEAM = 'bench-team';
const TEAM_REF = `group:default/${BENCH_TEAM}`;

/** The periods a person picks on the team page (90 days is the default). */
export const TEAM_PERIODS = [30, 90, 180] as const;

/** Services reporting at the same time while the history is seeded. */
const REPORTERS = 4;

const DAY = 24 * 3_600_000;

export interface TimedRoute {
  /** What was asked: the team page or one entity's card, and the period. */
  route: 'team' | 'entity';
  /** The path asked, under `/api/delivery`. */
  path: string;
  days: number;
  samplesMs: number[];
  medianMs: number;
  p95Ms: number;
  /** The answer of the last request: services listed, and the aggregate's deploys in the period. */
  services: number;
  deploys: number;
  /** Bytes of the answer. */
  bytes: number;
}

export interface TeamPageResult {
  services: number;
  historyDays: number;
  /** Events sent, stored, and sent again but already stored. */
  eventsSent: number;
  eventsStored: number;
  duplicates: number;
  reportRequests: number;
  seedMs: number;
  routes: TimedRoute[];
  repeats: number;
  /** Requests the fake Argo CD instances received while the routes were timed (store only: 0). */
  upstreamDuringReads: number;
  cpuCheckMs: number;
  loadAverage: string;
}

function groupEntity(): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: BENCH_TEAM, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

async function postEvents(
  baseUrl: string,
  entity: string,
  events: ReportedDeliveryEvent[],
): Promise<DeliveryEventsReportResponse> {
  const path = `/api/delivery/entities/component/default/${encodeURIComponent(
    entity,
  )}/events`;
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${CLIENT_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ events }),
  });
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(
      `POST ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  return JSON.parse(text) as DeliveryEventsReportResponse;
}

/**
 * Reports every service's history through the real report endpoint, at most
 * {@link MAX_REPORTED_EVENTS} events a request, a few services at a time.
 */
async function seedHistory(options: {
  backend: BackendProcess;
  entities: BenchEntity[];
  until: number;
  days: number;
  log: (line: string) => void;
}) {
  const { backend, entities, until, days, log } = options;
  const queue = [...entities];
  const totals = { sent: 0, recorded: 0, duplicates: 0, requests: 0 };
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: REPORTERS }, async () => {
      for (let entity = queue.shift(); entity; entity = queue.shift()) {
        const events = serviceDeliveryHistory({
          service: entity.name,
          from: until - days * DAY,
          until,
        });
        for (let i = 0; i < events.length; i += MAX_REPORTED_EVENTS) {
          const batch = events.slice(i, i + MAX_REPORTED_EVENTS);
          const answer = await postEvents(backend.baseUrl, entity.name, batch);
          totals.sent += batch.length;
          totals.recorded += answer.recorded;
          totals.duplicates += answer.duplicates;
          totals.requests++;
        }
        done++;
        if (done % 50 === 0 || done === entities.length) {
          log(
            `dora: team page: ${done}/${entities.length} services reported (${totals.recorded} events)`,
          );
        }
      }
    }),
  );
  return { ...totals, ms: performance.now() - started };
}

/** One warm-up, then `repeats` sequential requests; each answer is checked. */
async function timeRoute(options: {
  baseUrl: string;
  route: TimedRoute['route'];
  path: string;
  days: number;
  repeats: number;
  expectServices: number;
}): Promise<TimedRoute> {
  const { baseUrl, path, repeats } = options;
  const read = async () => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${CLIENT_TOKEN}` },
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (!response.ok) {
      throw new Error(
        `GET ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`,
      );
    }
    return { ms, text };
  };
  await read();
  const samplesMs: number[] = [];
  let last = '';
  for (let i = 0; i < repeats; i++) {
    const { ms, text } = await read();
    samplesMs.push(ms);
    last = text;
  }
  const answer = JSON.parse(last) as TeamDoraResponse | EntityDoraResponse;
  const figures = 'aggregate' in answer ? answer.aggregate : answer.figures;
  const services = 'services' in answer ? answer.services.length : 1;
  if (services !== options.expectServices) {
    throw new Error(
      `GET ${path} listed ${services} services, not ${options.expectServices}`,
    );
  }
  return {
    route: options.route,
    path: path.replace(/^\/api\/delivery/, ''),
    days: options.days,
    samplesMs,
    medianMs: median(samplesMs),
    p95Ms: percentile(samplesMs, 95),
    services,
    deploys: figures.deploymentFrequency.eventCount,
    bytes: Buffer.byteLength(last),
  };
}

/**
 * The team page of a group owning `services` Components, each with `historyDays` of delivery
 * history reported through `POST …/events`: the group route timed for each period, and one
 * entity's DORA card for comparison. The collector is off in this process, so the store holds
 * exactly what was reported and nothing else runs meanwhile.
 */
export async function measureTeamPage(options: {
  apps: BenchApp[];
  upstream: BenchUpstream;
  historyDays: number;
  repeats: number;
  cacheTtlSeconds: number;
  workDir: string;
  log: (line: string) => void;
}): Promise<TeamPageResult> {
  const { apps, upstream, repeats, log } = options;
  const entities: BenchEntity[] = apps.map(app => ({
    name: app.name,
    app,
    variant: 'name+instance',
    owner: TEAM_REF,
  }));
  log(`dora: team page: starting a backend with ${entities.length} services`);
  const backend = await BackendProcess.start({
    label: 'dora-team-page',
    workDir: options.workDir,
    config: {
      kind: 'delivery',
      mode: 'token',
      instances: upstream.instances,
      cacheTtlSeconds: options.cacheTtlSeconds,
      dora: { enabled: false },
      clientActions: ['delivery.events.report'],
    },
    entities,
    extraEntities: [groupEntity()],
  });
  try {
    // Whole hours, so two runs in the same hour report the same times.
    const until = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const seeded = await seedHistory({
      backend,
      entities,
      until,
      days: options.historyDays,
      log,
    });
    log(
      `dora: team page: ${seeded.recorded} events stored in ${Math.round(
        seeded.ms,
      )} ms; timing the routes`,
    );
    const check = cpuCheckMs();
    const loadAverage = loadavg()
      .map(l => l.toFixed(2))
      .join(' / ');
    upstream.clear();
    const routes: TimedRoute[] = [];
    for (const days of TEAM_PERIODS) {
      routes.push(
        await timeRoute({
          baseUrl: backend.baseUrl,
          route: 'team',
          path: `/api/delivery/groups/default/${BENCH_TEAM}/dora?days=${days}`,
          days,
          repeats,
          expectServices: entities.length,
        }),
      );
    }
    routes.push(
      await timeRoute({
        baseUrl: backend.baseUrl,
        route: 'entity',
        path: `/api/delivery/entities/component/default/${entities[0].name}/dora?days=90`,
        days: 90,
        repeats,
        expectServices: 1,
      }),
    );
    const upstreamDuringReads = totalRequests(upstream.count());
    return {
      services: entities.length,
      historyDays: options.historyDays,
      eventsSent: seeded.sent,
      eventsStored: seeded.recorded,
      duplicates: seeded.duplicates,
      reportRequests: seeded.requests,
      seedMs: seeded.ms,
      routes,
      repeats,
      upstreamDuringReads,
      cpuCheckMs: check,
      loadAverage,
    };
  } finally {
    await backend.stop();
  }
}
