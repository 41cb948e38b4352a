import { mockServices } from '@backstage/backend-test-utils';
import { PrometheusClient } from '@go-delivery/plugin-delivery-node';
import { CachedLoader } from '../../../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../../../upstreams/InstanceRegistry';
import { PrometheusReads } from '../../../upstreams/prometheus/PrometheusReads';

/** Reads of these instances (the first is the default) without caching: every read asks. */
export function prometheusReadsOf(
  clients: PrometheusClient[],
): PrometheusReads {
  return new PrometheusReads({
    instances: new InstanceRegistry('prometheus', clients),
    loader: new CachedLoader({
      cache: mockServices.cache.mock(),
      ttlMs: 0,
      logger: mockServices.logger.mock(),
    }),
  });
}

/** A client that records every query it passes on (range and instant alike). */
export function countingClient(
  client: PrometheusClient,
  queries: string[],
): PrometheusClient {
  return {
    name: client.name,
    webUrl: client.webUrl,
    queryRange: q => {
      queries.push(q.query);
      return client.queryRange(q);
    },
    query: q => {
      queries.push(q.query);
      return client.query(q);
    },
  };
}
