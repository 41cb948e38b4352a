import { num } from '../format';
import { loadTable } from '../loadTable';
import { LoadScenarioResult } from '../measureLoad';
import { ReplicaLoadResult } from './measureReplicas';

const CACHE_TITLES = {
  warm: 'warm (all cached)',
  cold: 'off (`ttlSeconds: 0`)',
};

/** One row per data-cache setting and replica count: closed-loop rate, paced latency. */
function summaryTable(result: ReplicaLoadResult): string[] {
  const scenarios = result.scenarios;
  const connections = scenarios[0]?.connections;
  const lines = [
    `| Data cache | Replicas | Views/s, closed loop (${connections} conns) | vs 1 replica | Machine busy % | Paced: offered views/s | p50 ms | p95 ms | Failed (both runs) |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  const find = (
    id: LoadScenarioResult['id'],
    replicas: number,
    paced: boolean,
  ) =>
    scenarios.find(
      s =>
        s.id === id &&
        s.replicas === replicas &&
        (s.ratePerSecond !== undefined) === paced,
    );
  for (const id of ['warm', 'cold'] as const) {
    const single = find(id, 1, false);
    for (const replicas of [1, result.replicas]) {
      const closed = find(id, replicas, false);
      const paced = find(id, replicas, true);
      if (!closed || !paced || !single) continue;
      const failed = [closed, paced].reduce(
        (sum, s) => sum + s.result.errors + s.result.non2xx,
        0,
      );
      lines.push(
        `| ${CACHE_TITLES[id]} | ${replicas} | **${num(
          closed.result.viewsPerSecond,
          0,
        )}** | ${num(
          closed.result.viewsPerSecond / single.result.viewsPerSecond,
          2,
        )}× | ${num(closed.cpuUse.machineBusyPercent, 0)} | ${
          paced.ratePerSecond
        } | ${num(paced.result.latencyMs.p50)} | **${num(
          paced.result.latencyMs.p95,
        )}** | ${failed} |`,
      );
    }
  }
  return lines;
}

/** The replica comparison as markdown: setup, a summary, every run. */
export function renderReplicasSection(options: {
  result: ReplicaLoadResult;
  latencyMs: number;
}): string[] {
  const { result } = options;
  const n = result.replicas;
  const connections = result.scenarios[0]?.connections ?? 0;
  const repeats = result.scenarios[0]?.runs.length ?? 0;
  return [
    `## Load: 1 replica vs ${n} on one PostgreSQL and one Redis`,
    '',
    `- Stores: ${result.stores.join(
      '; ',
    )}. Every replica is a backend process as above, but with \`backend.database\` on that PostgreSQL (\`client: pg\`, a database per plugin, as the production example configures it) and \`backend.cache\` on that Redis (\`store: redis\`), so their cached data, remembered locations and action ledger are shared. The replicas start one after the other (the first creates the schemas). The same three fake Argo CD instances (${
      options.latencyMs
    } ms per request), API tokens, entities that name their app only, the deployments route.`,
    `- Each data-cache setting gets its own ${n} replicas, databases and cache namespace. The one-replica runs load the first replica while the other${
      n > 2 ? 's idle' : ' idles'
    }; runs of 1 and ${n} replicas alternate, each kind ${repeats} times (median run shown; the full table has the ranges). Before the runs, 2 s of closed-loop load over all replicas and one view of every entity on every replica.`,
    `- Closed loop: autocannon, ${connections} connections in all. With ${n} replicas, one autocannon per replica with its share of the connections, all at once, in the benchmark process: each connection stays on its replica, as a balancer of kept-alive connections (a Kubernetes Service) spreads them; views are summed and percentiles taken over every answer.`,
    `- Fixed rate: our open-loop pacer (\`src/pacedLoad.ts\`), at most ${connections} sockets in all; request i goes to replica i mod ${n} (a round-robin balancer per request) and views entity ⌊i / ${n}⌋, so every entity is viewed on every replica in turn. Latency counts from when the request was due. The rates are ones the single replica sustains (see its row).`,
    '- Everything shares the machine: the replicas, PostgreSQL, Redis and the benchmark process (load generator and fake Argo CD). Machine busy: the share of all cores busy during the closed-loop runs (from `/proc/stat`, steal included, whoever used them); CPU per view: user + system time of the loaded replicas together and of the benchmark process (`/proc/<pid>/stat`), per view answered.',
    '',
    ...summaryTable(result),
    '',
    ...loadTable(result.scenarios),
    '',
  ];
}
