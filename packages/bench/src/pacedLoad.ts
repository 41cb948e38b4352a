import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadRequest, LoadResult } from './measureLoad';
import { percentile } from './stats';

/**
 * An open-loop load at a fixed rate: request i is due at start + i / rate whether or not earlier
 * ones were answered, and its latency counts from when it was due, so a slow answer cannot hide
 * the requests queued behind it. (autocannon's own rate option sends each connection's quota for
 * the second as one burst, which measures bursts, not a steady rate.)
 */
export async function pacedLoad(
  request: LoadRequest & { ratePerSecond: number },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: request.connections });
  const total = Math.round(request.ratePerSecond * request.durationSeconds);
  const intervalMs = 1000 / request.ratePerSecond;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;

  const send = (path: string, due: number) =>
    new Promise<void>(resolve => {
      const req = get(
        `${request.baseUrl}${path}`,
        { agent, headers: request.headers },
        res => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              latencies.push(performance.now() - due);
            } else {
              non2xx++;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
    });

  const started = performance.now();
  const pending: Promise<void>[] = [];
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && started + next * intervalMs <= now) {
      const path = request.paths[next % request.paths.length];
      pending.push(send(path, started + next * intervalMs));
      next++;
    }
    await new Promise(r => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    views: latencies.length,
    seconds,
    viewsPerSecond: latencies.length / seconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    },
    errors,
    non2xx,
  };
}
