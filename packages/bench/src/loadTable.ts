import { num } from './format';
import { LoadScenarioResult } from './measureLoad';

function range(values: number[], digits = 1): string {
  if (values.length < 2) return '';
  return ` (${num(Math.min(...values), digits)}–${num(
    Math.max(...values),
    digits,
  )})`;
}

/** Every kind of load run: the median run's figures, the range over the runs in brackets. */
export function loadTable(load: LoadScenarioResult[]): string[] {
  const lines = [
    '| Run | Auth | Definition | Conns | Views/s | p50 ms | p95 ms | p99 ms | Views | Errors + non-2xx | Upstream per view (logins / app reads / other) | CPU ms per view: backends / benchmark process | Machine busy % | CPU check ms |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|',
  ];
  for (const run of load) {
    const r = run.result;
    const u = run.upstreamPerView;
    const views = run.runs.reduce((sum, x) => sum + x.views, 0);
    lines.push(
      `| ${run.id} | ${run.mode} | ${run.definition} | ${
        run.connections
      } | **${num(r.viewsPerSecond, 0)}**${range(
        run.runs.map(x => x.viewsPerSecond),
        0,
      )} | ${num(r.latencyMs.p50)} | **${num(r.latencyMs.p95)}**${range(
        run.runs.map(x => x.latencyMs.p95),
      )} | ${num(r.latencyMs.p99)} | ${views} | ${r.errors + r.non2xx} | ${num(
        u.logins,
        3,
      )} / ${num(u.appReads, 3)} / ${num(u.other, 3)} | ${num(
        run.cpuUse.backendMsPerView,
        2,
      )} / ${num(run.cpuUse.benchMsPerView, 2)} | ${num(
        run.cpuUse.machineBusyPercent,
        0,
      )} | ${run.cpuCheckMs.map(c => num(c, 0)).join(', ')} |`,
    );
  }
  return lines;
}
