import autocannon from 'autocannon';
import { LoadRequest, LoadResult, loadResultOf } from '../src';

/**
 * Runs one load with autocannon's programmatic API. Its summary has no p95, so the latency of
 * every 2xx answer is recorded here and the percentiles are computed from all of them.
 *
 * autocannon loads one URL, so with several replicas one instance per replica runs at the same
 * time with its share of the connections: each connection stays with one replica, as a balancer
 * of kept-alive connections (a Kubernetes Service) spreads them. The views of all are summed.
 */
export async function autocannonLoad(
  request: LoadRequest,
): Promise<LoadResult> {
  let next = 0;
  // One counter for all connections: concurrent requests go to different entities.
  const nextPath = () => request.paths[next++ % request.paths.length];
  const latencies: number[] = [];
  const replicas = request.baseUrls.length;
  const results = await Promise.all(
    request.baseUrls.map((url, index) => {
      const instance = autocannon({
        url,
        // The first ones take the remainder of an uneven split.
        connections:
          Math.floor(request.connections / replicas) +
          (index < request.connections % replicas ? 1 : 0),
        duration: request.durationSeconds,
        headers: request.headers,
        requests: [
          {
            method: 'GET',
            setupRequest: req => ({ ...req, path: nextPath() }),
          },
        ],
      });
      instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
        if (statusCode >= 200 && statusCode < 300) {
          latencies.push(responseTimeMs);
        }
      });
      return instance;
    }),
  );
  const sum = (pick: (r: (typeof results)[number]) => number) =>
    results.reduce((total, r) => total + pick(r), 0);
  return loadResultOf({
    latenciesMs: latencies,
    seconds: Math.max(...results.map(r => r.duration)),
    errors: sum(r => r.errors + r.timeouts),
    non2xx: sum(r => r.non2xx),
  });
}
