import { HttpPrometheusClient } from './HttpPrometheusClient';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusInstanceConfig } from './readPrometheusConfig';

/** One client per configured instance, in configuration order (the first is the default). */
export function createPrometheusClients(
  instances: PrometheusInstanceConfig[],
): PrometheusClient[] {
  return instances.map(
    instance =>
      new HttpPrometheusClient({
        name: instance.name,
        baseUrl: instance.url,
        webUrl: instance.webUrl,
        headers: instance.headers,
        timeoutMs: instance.timeoutMs,
      }),
  );
}
