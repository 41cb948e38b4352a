/**
 * Benchmark of the Delivery backend's Argo CD read path against Roadie's Argo CD backend, on the
 * same fake Argo CD instances, each backend in its own Backstage backend process; and of the
 * golden-signals view's cost to a real Prometheus (queries, CPU, time). The entry point
 * (`dev/bench.ts`) plugs in the load tool; `dev/backendMain.ts` is one backend process.
 *
 * @packageDocumentation
 */

export { runBenchmark } from './runBenchmark';
export { parseOptions, DEFAULT_OPTIONS, USAGE } from './options';
export type { BenchOptions } from './options';
export type { LoadRequest, LoadTool, LoadScenarioResult } from './measureLoad';
export { loadResultOf } from './loadResult';
export type { LoadResult } from './loadResult';
export { percentile, median } from './stats';
export { BACKEND_SPEC_ENV } from './backends/BackendProcess';
export type { BackendSpec } from './backends/BackendProcess';
