import { BENCH_INSTANCES } from '../fixtures';
import { num } from '../format';
import { CollectorPass, CollectorRun } from './measureCollector';
import { DoraBenchResult } from './measureDora';
import { BENCH_TEAM, TimedRoute } from './measureTeamPage';

/** The team page's target: answered from the store in under a second. */
export const TEAM_PAGE_TARGET_MS = 1000;

const VARIANT_TITLES = {
  'name+instance': 'entities name their instance (`argocd/instance-name`)',
  name: 'entities name their app only (every instance is asked)',
};

function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

function routeTitle(route: TimedRoute): string {
  return `\`GET ${route.path}\`${
    route.route === 'entity' ? ' (one service)' : ''
  }`;
}

function routeTable(routes: TimedRoute[]): string[] {
  return [
    '| Route | Services | Prod deploys in the period (aggregate) | Answer KB | Median ms | p95 ms | n |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...routes.map(
      r =>
        `| ${routeTitle(r)} | ${r.services} | ${r.deploys} | ${num(
          r.bytes / 1024,
        )} | **${num(r.medianMs)}** | ${num(r.p95Ms)} | ${
          r.samplesMs.length
        } |`,
    ),
  ];
}

/** Cold (the first pass, an empty store), catching up (deploys left from before), steady. */
function passKind(pass: CollectorPass, index: number): string {
  if (index === 0) return 'cold';
  return pass.requests.revisionMetadata > 0 || pass.deferred > 0
    ? 'catching up'
    : 'steady';
}

function passTable(run: CollectorRun): string[] {
  return [
    '| Pass | Kind | Entities | Events recorded | Deploys deferred | Logins | App lists | App reads | Revision metadata | Other | Total | Per entity | Duration s |',
    '|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...run.passes.map(
      (p, i) =>
        `| ${p.pass} | ${passKind(p, i)} | ${p.entities} | ${p.events} | ${
          p.deferred
        } | ${p.requests.logins} | ${p.requests.lists} | ${
          p.requests.appReads
        } | ${p.requests.revisionMetadata} | ${p.requests.other} | **${
          p.total
        }** | ${num(p.total / Math.max(1, p.entities), 2)} | ${num(
          (p.durationMs ?? NaN) / 1000,
        )} |`,
    ),
  ];
}

function collectorSummary(run: CollectorRun): string {
  const [cold] = run.passes;
  const steady = run.passes.filter((p, i) => passKind(p, i) === 'steady');
  const catchUp = run.passes.length - steady.length;
  const metadata = run.passes.reduce(
    (sum, p) => sum + p.requests.revisionMetadata,
    0,
  );
  const steadyPass = steady[steady.length - 1];
  return `- **${VARIANT_TITLES[run.variant]}**: cold pass ${
    cold.total
  } requests (${num(cold.total / cold.entities, 2)} per entity, ${
    cold.requests.revisionMetadata
  } of them revision metadata, ${cold.deferred} deploys deferred); ${
    steady.length > 0
      ? `the store held all ${
          run.entities * run.historyPerApp
        } deploys after ${catchUp} pass${
          catchUp === 1 ? '' : 'es'
        } (${metadata} revision metadata reads in all, one per deploy); a steady pass then costs ${
          steadyPass.total
        } requests (${num(
          steadyPass.total / steadyPass.entities,
          2,
        )} per entity)`
      : `no steady pass within ${run.passes.length} passes`
  }.`;
}

/** The DORA part as markdown: setup, the team page's timings, the collector's passes, targets. */
export function renderDoraSection(result: DoraBenchResult): string[] {
  const { plan, teamPage, collector } = result;
  const team90 = teamPage.routes.find(r => r.route === 'team' && r.days === 90);
  const seedSeconds = teamPage.seedMs / 1000;
  const lines = [
    '## DORA: the team page from the store, and the collector’s upstream cost',
    '',
    '### Team page',
    '',
    `- One backend process as above (\`createBackend\`, \`NODE_ENV=production\`, the event store in in-memory SQLite, static catalog), whose catalog holds the Group \`${BENCH_TEAM}\` and **${teamPage.services} Components** it owns (\`spec.owner\`, and the \`ownedBy\` relation the catalog resolves it into, which the route filters on), each with \`argocd/app-name\` and \`argocd/instance-name\`. The collector is off (\`delivery.dora.enabled: false\`): the store holds exactly the reported history and nothing else runs during the timings.`,
    `- History: ${
      teamPage.historyDays
    } days per service, generated deterministically (a profile drawn per service in \`src/dora/deliveryHistory.ts\`, the events from the sandbox's seeded generator): 3–5 prod deploys a week, a staging deploy of the same revision before each and 20–60 % more staging-only deploys, 4–15 % of prod deploys regressed, each followed by a regression, a rollback and the restoring deploy. Reported through the real \`POST /api/delivery/entities/component/default/:name/events\` as the benchmark's service principal (its grant: \`actions: [delivery.events.report]\`), at most 20 events a request, 4 services at a time: ${
      teamPage.eventsSent
    } events in ${teamPage.reportRequests} requests, ${num(
      seedSeconds,
    )} s (${num(teamPage.eventsSent / seedSeconds, 0)} events/s); **${
      teamPage.eventsStored
    } events stored**, ${teamPage.duplicates} duplicates.`,
    `- Each route and period: one warm-up request, then ${
      teamPage.repeats
    } sequential requests; wall time at the client (until the whole answer is read), median and p95 (nearest rank). The fake Argo CD instances received ${
      teamPage.upstreamDuringReads
    } requests meanwhile (the routes read the store only). Right before the timings: load average ${
      teamPage.loadAverage
    }, CPU check ${num(teamPage.cpuCheckMs, 0)} ms.`,
    '',
    ...routeTable(teamPage.routes),
    '',
    '### Collector: upstream requests per pass',
    '',
    `- One backend process per way of naming the app, its catalog holding **${
      plan.collectorEntities
    } entities** whose apps are spread over the ${
      BENCH_INSTANCES.length
    } fake Argo CD instances (${
      plan.latencyMs
    } ms per request, API tokens, so no logins), each app with ${
      collector[0]?.historyPerApp ?? '–'
    } history entries. \`delivery.dora.collectIntervalMinutes: ${
      plan.intervalMinutes
    }\`, the default pass limits (\`maxEntitiesPerPass\` 500, \`maxRevisionReadsPerPass\` 200); the first pass comes 30 s after startup (${collector
      .map(r => `${num(r.firstPassAfterSeconds, 0)} s`)
      .join(', ')} after readiness here).`,
    '- Every pass is observed through its `DORA collector: N entities, M events seen…` log line (the backend’s log file, followed); the fakes’ counters are read and cleared at each line, so a pass’s requests are its own (nothing else asks Argo CD). Duration: from the pass’s first upstream request (polled every 50 ms) to its log line’s timestamp; the catalog and store reads before the first request are not in it.',
    '- Kinds: app lists (`GET /api/v1/applications?name=…`, the collector’s read of an entity’s applications), app reads (`GET /api/v1/applications/{name}`), revision metadata (`GET …/revisions/{revision}/metadata`, the commit time of a deploy not stored yet), logins (`POST /api/v1/session`). **cold**: the first pass, an empty store (every history entry is new); **catching up**: deploys left over by the revision-read limit; **steady**: nothing new.',
    '',
  ];
  for (const run of collector) {
    lines.push(
      `#### ${VARIANT_TITLES[run.variant]}`,
      '',
      ...passTable(run),
      '',
    );
  }
  lines.push(
    '### DORA targets',
    '',
    team90
      ? `- **Team page**, ${teamPage.services} services, 90 days, ${
          teamPage.eventsStored
        } events in the store: median ${num(team90.medianMs)} ms, p95 ${num(
          team90.p95Ms,
        )} ms (< ${TEAM_PAGE_TARGET_MS} ms: ${verdict(
          team90.p95Ms < TEAM_PAGE_TARGET_MS,
        )}).`
      : '- **Team page**: not measured.',
    ...collector.map(collectorSummary),
    '',
  );
  return lines;
}
