import { PrometheusClient } from '@go-delivery/plugin-delivery-node';
import { WindowMeasurement } from '../deployVerdict';
import {
  goldenSignalQueries,
  requestCountQuery,
  ServiceSelection,
} from '../goldenSignalQueries';
import { DeployMeasurements, MeasuredDeploy } from '../verdictQuery';

/**
 * The windows around one deploy measured the way verdicts were measured before they shared one
 * query: three range queries (request count, error ratio, p95), each evaluated at the deploy and
 * one window later (`step` = the window). The reference the batched query is compared with.
 */
export async function measurePerDeploy(options: {
  client: PrometheusClient;
  selection: ServiceSelection;
  deploy: MeasuredDeploy;
}): Promise<DeployMeasurements> {
  const { client, selection } = options;
  const { at, windowSeconds: window } = options.deploy;
  const signals = goldenSignalQueries(selection, window);
  const queries = {
    requests: requestCountQuery(selection, window),
    errorRate: signals.errorRate,
    p95Seconds: signals.p95Latency,
  };
  const evaluation = { start: at, end: at + window, step: window };
  const answers = Object.fromEntries(
    await Promise.all(
      Object.entries(queries).map(
        async ([name, query]) =>
          [name, await client.queryRange({ query, ...evaluation })] as const,
      ),
    ),
  );
  const valueAt = (name: string, time: number): number | null => {
    const point = answers[name][0]?.values.find(
      ([t]) => Math.abs(t - time) < 0.001,
    );
    return point && Number.isFinite(point[1]) ? point[1] : null;
  };
  const measure = (end: number): WindowMeasurement => ({
    start: end - window,
    end,
    requests: valueAt('requests', end),
    errorRate: valueAt('errorRate', end),
    p95Seconds: valueAt('p95Seconds', end),
  });
  return { before: measure(at), after: measure(at + window) };
}
