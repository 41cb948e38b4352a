import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { LoadResult, loadResultOf } from './loadResult';
import type { LoadRequest } from './measureLoad';

/**
 * An open-loop load at a fixed rate: request i is due at start + i / rate whether or not earlier
 * ones were answered, and its latency counts from when it was due, so a slow answer cannot hide
 * the requests queued behind it. (autocannon's own rate option sends each connection's quota for
 * the second as one burst, which measures bursts, not a steady rate.)
 *
 * With several base URLs (replicas) request i goes to replica i mod n, as a round-robin balancer
 * sends it, and each entity goes to every replica in turn (entity ⌊i / n⌋), so no replica sees
 * only part of the entities. At most `connections` sockets in all.
 */
export async function pacedLoad(
  request: LoadRequest & { ratePerSecond: number },
): Promise<LoadResult> {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: request.connections,
    maxTotalSockets: request.connections,
  });
  const replicas = request.baseUrls.length;
  const total = Math.round(request.ratePerSecond * request.durationSeconds);
  const intervalMs = 1000 / request.ratePerSecond;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;

  const send = (url: string, due: number) =>
    new Promise<void>(resolve => {
      const req = get(url, { agent, headers: request.headers }, res => {
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
      });
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
      const baseUrl = request.baseUrls[next % replicas];
      const path =
        request.paths[Math.floor(next / replicas) % request.paths.length];
      pending.push(send(`${baseUrl}${path}`, started + next * intervalMs));
      next++;
    }
    await new Promise(r => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return loadResultOf({ latenciesMs: latencies, seconds, errors, non2xx });
}
