import { PROMETHEUS_INSTANCE_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import {
  InstantQuery,
  PrometheusClient,
  PrometheusSample,
  PrometheusSeries,
  RangeQuery,
} from '@go-delivery/plugin-delivery-node';
import { CachedLoader } from '../cache/CachedLoader';
import { InstanceRegistry } from '../InstanceRegistry';

/**
 * Queries to the configured Prometheus instances through the shared cache. It owns the cache keys:
 * a key is the instance and the whole query (expression, times, step), so two views share an
 * answer only when they asked exactly the same thing. Range ends are aligned to the step by the
 * caller, which is what makes repeated views hit.
 */
export class PrometheusReads {
  constructor(
    private readonly options: {
      /** In configuration order; the first is the default instance. */
      instances: InstanceRegistry<PrometheusClient>;
      loader: CachedLoader;
    },
  ) {}

  get instances(): InstanceRegistry<PrometheusClient> {
    return this.options.instances;
  }

  /**
   * The instance an entity's metrics are read from: the one its annotation names (a 400 naming the
   * annotation when that is not configured), else the default one; none when none is configured.
   */
  instanceFor(name: string | undefined): PrometheusClient | undefined {
    if (this.instances.names.length === 0) return undefined;
    return this.instances.forAnnotation(
      PROMETHEUS_INSTANCE_ANNOTATION,
      name,
    )[0];
  }

  /** A range query's series, as cached. */
  queryRange(
    client: PrometheusClient,
    query: RangeQuery,
  ): Promise<PrometheusSeries[]> {
    return this.options.loader.load(
      `prometheus:${client.name}:range:${JSON.stringify({
        query: query.query,
        start: query.start,
        end: query.end,
        step: query.step,
      })}`,
      () => client.queryRange(query),
    );
  }

  /** An instant query's samples, as cached; callers give the time, so the key is stable. */
  query(
    client: PrometheusClient,
    query: InstantQuery & { time: number },
  ): Promise<PrometheusSample[]> {
    return this.options.loader.load(
      `prometheus:${client.name}:instant:${JSON.stringify({
        query: query.query,
        time: query.time,
      })}`,
      () => client.query(query),
    );
  }
}
