import { AuthMode } from './backends/backendConfig';
import { num } from './format';
import { BENCH_INSTANCES, HISTORY_LENGTH } from './fixtures';
import { loadTable } from './loadTable';
import { LoadScenarioResult } from './measureLoad';
import {
  Subject,
  SUBJECTS,
  VIEW_KINDS,
  ViewKind,
  ViewSample,
} from './measureViews';
import { DoraBenchResult } from './dora/measureDora';
import { renderDoraSection } from './dora/doraReport';
import { MetricsBenchResult } from './metrics/measureMetricsViews';
import { renderMetricsSection } from './metrics/metricsReport';
import { ReplicaLoadResult } from './replicas/measureReplicas';
import { renderReplicasSection } from './replicas/replicasReport';
import { mean, median, percentile } from './stats';
import { totalRequests, UpstreamCounts } from './upstream';

export interface Machine {
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  loadAverage: string;
  /** The CPU check at the start of the run. */
  cpuCheckMs: number;
}

export interface ReportInput {
  machine: Machine;
  latencyMs: number;
  cacheTtlSeconds: number;
  rounds: number;
  entities: number;
  warmRepeats: number;
  command: string;
  views: ViewSample[];
  load: LoadScenarioResult[];
  replicas?: ReplicaLoadResult;
  metrics?: MetricsBenchResult;
  dora?: DoraBenchResult;
}

/** The subject the ratios compare against: the lighter of the two Roadie sequences. */
const REFERENCE = 'roadie-history';

const MODE_TITLES: Record<AuthMode, string> = {
  token: 'API tokens',
  password: 'username/password (sessions)',
};

const KIND_TITLES: Record<ViewKind, string> = {
  first: 'first',
  cold: 'cold',
  warm: 'warm',
  revisit: 'revisit',
};

interface Row {
  subject: Subject;
  kind: ViewKind;
  n: number;
  upstream: UpstreamCounts;
  total: number;
  medianMs: number;
  p95Ms: number;
}

function ratio(ours: number, theirs: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) {
    return '–';
  }
  return `${num(ours / theirs, 2)}×`;
}

function rowsFor(samples: ViewSample[], mode: AuthMode): Row[] {
  const rows: Row[] = [];
  for (const kind of VIEW_KINDS) {
    for (const subject of SUBJECTS) {
      const own = samples.filter(
        s => s.mode === mode && s.kind === kind && s.subject === subject.id,
      );
      if (own.length === 0) continue;
      const upstream = {
        logins: mean(own.map(s => s.upstream.logins)),
        appReads: mean(own.map(s => s.upstream.appReads)),
        other: mean(own.map(s => s.upstream.other)),
      };
      rows.push({
        subject,
        kind,
        n: own.length,
        upstream,
        total: totalRequests(upstream),
        medianMs: median(own.map(s => s.ms)),
        p95Ms: percentile(
          own.map(s => s.ms),
          95,
        ),
      });
    }
  }
  return rows;
}

function viewTable(rows: Row[]): string[] {
  const lines = [
    '| View | Backend (frontend sequence) | Logins | App reads | Other | Total | Median ms | p95 ms | n | Requests vs Roadie | Median vs Roadie |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const reference = rows.find(
      r => r.kind === row.kind && r.subject.id === REFERENCE,
    );
    const isReference = row.subject.id === REFERENCE;
    lines.push(
      `| ${KIND_TITLES[row.kind]} | ${row.subject.label} | ${num(
        row.upstream.logins,
      )} | ${num(row.upstream.appReads)} | ${num(row.upstream.other)} | **${num(
        row.total,
      )}** | **${num(row.medianMs)}** | ${num(row.p95Ms)} | ${row.n} | ${
        isReference || !reference ? '' : ratio(row.total, reference.total)
      } | ${
        isReference || !reference ? '' : ratio(row.medianMs, reference.medianMs)
      } |`,
    );
  }
  return lines;
}

function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

function targetLines(input: ReportInput, byMode: Map<AuthMode, Row[]>) {
  const lines: string[] = [];
  const latencyBound = 1.2 * input.latencyMs + 20;
  for (const [mode, rows] of byMode) {
    const find = (subject: string, kind: ViewKind) =>
      rows.find(r => r.subject.id === subject && r.kind === kind);
    lines.push(`- **${MODE_TITLES[mode]}**`);
    for (const subject of SUBJECTS.filter(s => s.backend !== 'roadie')) {
      const cold = find(subject.id, 'cold');
      const revisit = find(subject.id, 'revisit');
      const warm = find(subject.id, 'warm');
      if (!cold || !warm || !revisit) continue;
      // Sessions are per instance: at most one login per instance and process, whatever it shows.
      const loginsPerProcess = new Map<number, number>();
      for (const sample of input.views) {
        if (sample.mode !== mode || sample.subject !== subject.id) continue;
        loginsPerProcess.set(
          sample.round,
          (loginsPerProcess.get(sample.round) ?? 0) + sample.upstream.logins,
        );
      }
      const maxLogins = Math.max(0, ...loginsPerProcess.values());
      const parts = [
        `cold ${num(cold.total)} / revisit ${num(
          revisit.total,
        )} requests (≤ 3: ${verdict(cold.total <= 3 && revisit.total <= 3)})`,
        `warm ${num(warm.total)} (≤ 1: ${verdict(warm.total <= 1)})`,
        `logins per backend process at most ${num(
          maxLogins,
          0,
        )} (one per instance, ≤ ${BENCH_INSTANCES.length}: ${verdict(
          maxLogins <= BENCH_INSTANCES.length,
        )})`,
      ];
      const latency = (['cold', 'revisit', 'warm'] as ViewKind[]).map(kind => {
        const own = find(subject.id, kind)!;
        const roadie = find(REFERENCE, kind);
        const quarter = roadie ? own.medianMs <= roadie.medianMs / 4 : false;
        return `${kind} median ${num(own.medianMs)} ms (≤ ¼ Roadie's ${num(
          roadie?.medianMs ?? NaN,
        )} ms: ${verdict(quarter)}; ≤ ${num(latencyBound)} ms: ${verdict(
          own.medianMs <= latencyBound,
        )})`;
      });
      lines.push(
        `  - ${subject.label}: ${parts.join('; ')}; ${latency.join('; ')}.`,
      );
    }
  }
  const warmRuns = input.load.filter(l => l.id === 'warm');
  const closed = warmRuns.find(l => l.ratePerSecond === undefined)?.result;
  const fixed = warmRuns.find(l => l.ratePerSecond !== undefined);
  if (closed && fixed) {
    lines.push(
      `- **Load, warm**: at most ${num(
        closed.viewsPerSecond,
        0,
      )} views/s (≥ 500: ${verdict(closed.viewsPerSecond >= 500)}); at ${
        fixed.ratePerSecond
      } views/s offered (median of ${fixed.runs.length} runs) p95 ${num(
        fixed.result.latencyMs.p95,
      )} ms with ${
        fixed.result.errors + fixed.result.non2xx
      } failed (< 50 ms, none failed: ${verdict(
        fixed.result.latencyMs.p95 < 50 &&
          fixed.result.errors + fixed.result.non2xx === 0,
      )}).`,
    );
  }
  return lines;
}

/** The Argo CD part as markdown: setup, definitions, one table per auth mode, the load runs, targets. */
function argoCdSections(input: ReportInput): string[] {
  const { machine } = input;
  const byMode = new Map<AuthMode, Row[]>();
  for (const mode of ['token', 'password'] as AuthMode[]) {
    const rows = rowsFor(input.views, mode);
    if (rows.length > 0) byMode.set(mode, rows);
  }
  const lines: string[] = [
    '## Setup',
    '',
    `- Three fake Argo CD instances (\`FakeArgoCd\`: real HTTP, JWT sessions) with **${input.latencyMs} ms** added to every request, logins included; each application lives on one instance and has ${HISTORY_LENGTH} history entries; fixtures validate against Argo CD's swagger.`,
    '- Each compared backend runs in its own Node process: a Backstage backend from `createBackend` (`@backstage/backend-defaults`, `NODE_ENV=production`, in-memory cache), a static catalog (`catalogServiceMock.factory`), and the plugin under test, configured against the same three instances. The client authenticates with a static external-access token.',
    `- Ours: \`@go-delivery/plugin-delivery-backend\` as built from this repository, cache TTL ${input.cacheTtlSeconds} s (\`delivery.cache.ttlSeconds\`, through \`coreServices.cache\`; loaded values are also kept in process memory for up to 2 s). For an entity without \`argocd/instance-name\` it searches every instance once, then remembers for 10 min which instance holds the app and asks only that one; when the instance is known (annotated or remembered) it reads the app's resource tree in parallel with the list. Its Argo CD card asks \`GET /api/delivery/entities/:kind/:namespace/:name/deployments\` once. Roadie: \`@roadiehq/backstage-plugin-argo-cd-backend\` 4.8.0, replayed as its frontend 2.12.5 calls it: \`find/name/:app\`, then the app route on the instance found, then (history card) one revision-metadata call per history row except the oldest (\`slice(0, -1)\` with the default \`revisionsToLoad\`), in parallel. The overview card repeats find + app on its own. Roadie keeps nothing between views.`,
    '- Entities name their app with `argocd/app-name` only (as Roadie needs them; ours searches all instances until it knows where the app is), except the rows marked "entity names the instance" (`argocd/instance-name`, as our Go service template writes it; ours only).',
    '- Upstream requests are what the fakes received during the view, by kind: logins (`POST /api/v1/session`), app reads (`GET /api/v1/applications[/{name}]`), other (resource tree, revision metadata). Views run one at a time, subjects interleaved.',
    '',
    '## Definitions',
    '',
    '- **first**: the first view after the backend process started (no Argo CD session, nothing cached or remembered).',
    '- **cold**: an entity this backend process has not shown yet: sessions exist, but its data is not cached and ours does not know yet where its app lives (a name-only entity is searched on every instance).',
    '- **warm**: the same entity again right after its cold view (well within the cache TTL, and within the 2 s that ours keeps loaded values in process memory).',
    `- **revisit**: the entity again after the cache TTL (${input.cacheTtlSeconds} s) expired: its data is read again, but sessions remain and ours still remembers where its app lives (10 min), so a name-only entity then costs what one that names its instance costs (list and tree on that instance, in parallel). For Roadie a revisit is the same as a cold view.`,
    `- Latency: wall time of the whole view at the client (all of its requests), median and p95 (nearest rank). Samples: ${
      input.rounds
    } fresh processes per backend and mode; per process 1 first view, ${
      input.entities
    } cold, ${input.entities * input.warmRepeats} warm, ${
      input.entities
    } revisit views.`,
    '- Ratios compare with Roadie’s history card in the same mode and view kind (the lighter of the two Roadie sequences).',
    '',
  ];
  for (const [mode, rows] of byMode) {
    lines.push(
      `## One entity view, ${MODE_TITLES[mode]}`,
      '',
      ...viewTable(rows),
      '',
    );
  }
  if (input.load.length > 0) {
    lines.push(
      '## Load: our deployments route under many concurrent views',
      '',
      `autocannon (programmatic API). Closed loop: each connection sends its next request when the previous one is answered, so the rate is what the backend sustains and latency includes queueing. Fixed rate (our own open-loop pacer, \`src/pacedLoad.ts\`, because autocannon’s rate option sends each connection’s quota as a burst at the start of every second): request i is due at i / rate, up to that many connections, latency counted from when it was due. Requests go to the entities in turn (one counter for all connections); percentiles over every answer of a run. Entities name their app only, and each is viewed once before the runs, so ours knows where every app lives: the cold runs switch the data cache off (\`ttlSeconds: 0\`), not the remembered locations, so each of their views reads one list and one resource tree from one instance (no load run measures entities whose location is not known yet; the cold views above do). Each kind of run is repeated in the same backend process (interleaved); the table shows the median run’s figures and, in brackets, the range over the runs. The load generator and the fake Argo CD share the machine with the backend. CPU check: a fixed CPU-bound task (20 000 chained SHA-256) timed in the benchmark process right before each run (${num(
        machine.cpuCheckMs,
        0,
      )} ms at the start of the benchmark); it grows when other work on the shared machine takes CPU.`,
      '',
      ...loadTable(input.load),
      '',
    );
  }
  lines.push('## Targets', '', ...targetLines(input, byMode), '');
  return lines;
}

/** The results as markdown: the Argo CD comparison, the golden-signals views and DORA, as run. */
export function renderReport(input: ReportInput): string {
  const { machine } = input;
  const argoCd = input.views.length > 0 || input.load.length > 0;
  return [
    argoCd
      ? '# Benchmark: Delivery backend vs. Roadie’s Argo CD backend'
      : '# Benchmark: Delivery backend',
    '',
    `Run ${machine.date} on ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, load average at start ${machine.loadAverage} (the machine is shared).`,
    `Command: \`${input.command}\`.`,
    '',
    ...(argoCd ? argoCdSections(input) : []),
    ...(input.replicas
      ? renderReplicasSection({
          result: input.replicas,
          latencyMs: input.latencyMs,
        })
      : []),
    ...(input.metrics ? renderMetricsSection(input.metrics) : []),
    ...(input.dora ? renderDoraSection(input.dora) : []),
  ].join('\n');
}
