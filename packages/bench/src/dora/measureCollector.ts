import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { BackendProcess } from '../backends/BackendProcess';
import { benchEntity, EntityVariant } from '../backends/entities';
import { BenchApp } from '../fixtures';
import { BenchUpstream, totalRequests } from '../upstream';

/** Upstream requests of one collector pass, by kind. */
export interface CollectorRequests {
  /** `POST /api/v1/session`. */
  logins: number;
  /** `GET /api/v1/applications?name=…` (the collector's read of an entity's applications). */
  lists: number;
  /** `GET /api/v1/applications/{name}`. */
  appReads: number;
  /** `GET /api/v1/applications/{name}/revisions/{revision}/metadata` (one per new deploy). */
  revisionMetadata: number;
  other: number;
}

/** One pass as its log line and the fakes' counters tell it. */
export interface CollectorPass {
  /** 1 for the first pass after startup. */
  pass: number;
  entities: number;
  /** Events handed to the store (new deploys, rollbacks, incident signals). */
  events: number;
  /** Deploys left for a later pass (the pass's revision reads were used up). */
  deferred: number;
  requests: CollectorRequests;
  total: number;
  /** From the pass's first upstream request to its log line; undefined when none was seen. */
  durationMs?: number;
}

export interface CollectorRun {
  variant: EntityVariant;
  entities: number;
  historyPerApp: number;
  intervalMinutes: number;
  passes: CollectorPass[];
  /** Seconds from the backend's readiness to the first pass's log line. */
  firstPassAfterSeconds: number;
  /** Whether the run ended on steady passes (nothing left to record), not on its time limit. */
  steady: boolean;
}

const METADATA_PATH =
  /^\/api\/v1\/applications\/[^/]+\/revisions\/[^/]+\/metadata$/;
const SUMMARY =
  /DORA collector: (\d+) entities, (\d+) events seen(?:, (\d+) deploys deferred)?/;
const POLL_MS = 50;
/** Steady passes (no revision reads, nothing deferred) observed before the run ends. */
const STEADY_PASSES = 2;

export function classifyRequests(
  requests: Array<{ method: string; path: string }>,
): CollectorRequests {
  const counts: CollectorRequests = {
    logins: 0,
    lists: 0,
    appReads: 0,
    revisionMetadata: 0,
    other: 0,
  };
  for (const { method, path } of requests) {
    const bare = path.split('?')[0];
    if (method === 'POST' && bare === '/api/v1/session') counts.logins++;
    else if (method === 'GET' && bare === '/api/v1/applications')
      counts.lists++;
    else if (method === 'GET' && /^\/api\/v1\/applications\/[^/]+$/.test(bare))
      counts.appReads++;
    else if (method === 'GET' && METADATA_PATH.test(bare))
      counts.revisionMetadata++;
    else counts.other++;
  }
  return counts;
}

/** Reads what a log file gained since the last call (the backend keeps writing it). */
class LogFollower {
  private offset = 0;
  private rest = '';

  constructor(private readonly file: string) {}

  newLines(): string[] {
    const size = statSync(this.file).size;
    if (size <= this.offset) return [];
    const buffer = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = size;
    const lines = (this.rest + buffer.toString('utf8')).split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }
}

/** The summary of a `DORA collector:` log line, and when it was written (JSON logs carry it). */
function parseSummary(
  line: string,
):
  | { entities: number; events: number; deferred: number; at?: number }
  | undefined {
  let message = line;
  let at: number | undefined;
  try {
    const parsed = JSON.parse(line);
    if (typeof parsed?.message === 'string') message = parsed.message;
    if (typeof parsed?.timestamp === 'string') {
      const ms = Date.parse(parsed.timestamp);
      if (!Number.isNaN(ms)) at = ms;
    }
  } catch {
    // Not a JSON log line: read the text.
  }
  const match = SUMMARY.exec(message);
  if (!match) return undefined;
  return {
    entities: Number(match[1]),
    events: Number(match[2]),
    deferred: Number(match[3] ?? 0),
    at,
  };
}

/**
 * The collector's upstream cost: a backend whose catalog holds `apps.length` entities with an
 * Argo CD target, the collector every `intervalMinutes`, default pass limits. Every pass is
 * observed through its `DORA collector:` log line; the fakes' counters are read and cleared at
 * each line, so each pass's requests are exactly its own (nothing else asks Argo CD meanwhile).
 * The run ends after {@link STEADY_PASSES} passes with nothing left to record, or `maxPasses`.
 */
export async function measureCollector(options: {
  apps: BenchApp[];
  variant: EntityVariant;
  historyPerApp: number;
  upstream: BenchUpstream;
  intervalMinutes: number;
  maxPasses: number;
  cacheTtlSeconds: number;
  workDir: string;
  log: (line: string) => void;
}): Promise<CollectorRun> {
  const { apps, variant, upstream, log } = options;
  const entities = apps.map(app => benchEntity(app, variant));
  log(
    `dora: collector (${variant}): starting a backend with ${entities.length} entities`,
  );
  const backend = await BackendProcess.start({
    label: `dora-collector-${variant.replace('+', '-')}`,
    workDir: options.workDir,
    config: {
      kind: 'delivery',
      mode: 'token',
      instances: upstream.instances,
      cacheTtlSeconds: options.cacheTtlSeconds,
      dora: { enabled: true, collectIntervalMinutes: options.intervalMinutes },
    },
    entities,
  });
  const ready = Date.now();
  upstream.clear();
  const follower = new LogFollower(backend.logFile);
  const passes: CollectorPass[] = [];
  let firstRequestAt: number | undefined;
  let steadyInARow = 0;
  let firstPassAt = NaN;
  // The first pass comes 30 s after startup; a pass of many new deploys takes a while.
  const deadline =
    ready +
    (60 + options.maxPasses * (options.intervalMinutes * 60 + 30)) * 1000;
  try {
    while (passes.length < options.maxPasses && steadyInARow < STEADY_PASSES) {
      if (Date.now() > deadline) {
        log(`dora: collector (${variant}): time limit reached`);
        break;
      }
      await new Promise(r => setTimeout(r, POLL_MS));
      if (firstRequestAt === undefined && totalRequests(upstream.count()) > 0) {
        firstRequestAt = Date.now();
      }
      for (const line of follower.newLines()) {
        const summary = parseSummary(line);
        if (!summary) continue;
        const seenAt = Date.now();
        const requests = classifyRequests(upstream.requests());
        upstream.clear();
        const end = summary.at ?? seenAt;
        if (passes.length === 0) firstPassAt = end;
        const pass: CollectorPass = {
          pass: passes.length + 1,
          entities: summary.entities,
          events: summary.events,
          deferred: summary.deferred,
          requests,
          total:
            requests.logins +
            requests.lists +
            requests.appReads +
            requests.revisionMetadata +
            requests.other,
          ...(firstRequestAt !== undefined
            ? { durationMs: Math.max(0, end - firstRequestAt) }
            : {}),
        };
        passes.push(pass);
        firstRequestAt = undefined;
        steadyInARow =
          pass.deferred === 0 && requests.revisionMetadata === 0
            ? steadyInARow + 1
            : 0;
        log(
          `dora: collector (${variant}): pass ${pass.pass}: ${pass.events} events, ${pass.deferred} deferred, ${pass.total} upstream requests`,
        );
      }
    }
    if (passes.length === 0) {
      throw new Error(
        `The collector logged no pass in ${backend.logFile} within the time limit`,
      );
    }
    return {
      variant,
      entities: entities.length,
      historyPerApp: options.historyPerApp,
      intervalMinutes: options.intervalMinutes,
      passes,
      firstPassAfterSeconds: (firstPassAt - ready) / 1000,
      steady: steadyInARow >= STEADY_PASSES,
    };
  } finally {
    await backend.stop();
  }
}
