import autocannon from 'autocannon';
import { LoadRequest, LoadResult, percentile } from '../src';

/**
 * Runs one load with autocannon's programmatic API. Its summary has no p95, so the latency of
 * every 2xx answer is recorded here and the percentiles are computed from all of them.
 */
export async function autocannonLoad(
  request: LoadRequest,
): Promise<LoadResult> {
  let next = 0;
  // One counter for all connections: concurrent requests go to different entities.
  const nextPath = () => request.paths[next++ % request.paths.length];
  const latencies: number[] = [];
  const instance = autocannon({
    url: request.baseUrl,
    connections: request.connections,
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
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  const seconds = result.duration;
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
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
