import { Config } from '@backstage/config';
import { isInstanceName } from '@go-delivery/plugin-delivery-common';
import { readHttpUrl } from '../config/readHttpUrl';

/** One Prometheus instance as configured under `delivery.prometheus.instances`. */
export interface PrometheusInstanceConfig {
  name: string;
  /** Base URL, with a trailing slash; the HTTP API is under `api/v1/`. */
  url: string;
  webUrl?: string;
  /** Sent with every request (a bearer token becomes `authorization`). */
  headers: Record<string, string>;
  timeoutMs: number;
}

export interface PrometheusSettings {
  /** The first one is the default for entities that name none. */
  instances: PrometheusInstanceConfig[];
  /** The scrape interval of the service metrics; the smallest step and the rate window's base. */
  scrapeIntervalSeconds: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const KEY = 'delivery.prometheus';

/** A positive number at `key`, or the fallback; throws naming the setting otherwise. */
export function positiveNumber(
  config: Config | undefined,
  at: string,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!(value > 0))
    throw new Error(`${at}.${key} must be a positive number, got ${value}`);
  return value;
}

function readInstance(
  config: Config,
  index: number,
  defaultTimeoutMs: number,
): PrometheusInstanceConfig {
  const at = `${KEY}.instances[${index}]`;
  const name = config.getString('name');
  if (!isInstanceName(name)) {
    throw new Error(
      `${at}.name '${name}' must be letters, digits, '-', '_' or '.', at most 63 characters`,
    );
  }
  const headers: Record<string, string> = {};
  const extra = config.getOptionalConfig('headers');
  for (const header of extra?.keys() ?? []) {
    if (!/^[A-Za-z0-9-]+$/.test(header))
      throw new Error(`${at}.headers: '${header}' is not a header name`);
    headers[header.toLowerCase()] = extra!.getString(header);
  }
  const token = config.getOptionalString('token');
  if (token) headers.authorization = `Bearer ${token}`;
  const timeoutMs = positiveNumber(config, at, 'timeoutMs', defaultTimeoutMs);
  return {
    name,
    url: readHttpUrl(config, 'url'),
    webUrl: config.has('webUrl') ? readHttpUrl(config, 'webUrl') : undefined,
    headers,
    timeoutMs,
  };
}

/**
 * Reads and validates the instances of the `delivery.prometheus` block; throws at startup on a bad
 * setting. The deploy verdict's thresholds are the metrics service's own settings.
 */
export function readPrometheusConfig(config: Config): PrometheusSettings {
  const prometheus = config.getOptionalConfig(KEY);
  const defaultTimeoutMs = positiveNumber(
    prometheus,
    KEY,
    'timeoutMs',
    DEFAULT_TIMEOUT_MS,
  );
  const instances = (prometheus?.getOptionalConfigArray('instances') ?? []).map(
    (instance, index) => readInstance(instance, index, defaultTimeoutMs),
  );
  const seen = new Set<string>();
  for (const { name } of instances) {
    if (seen.has(name))
      throw new Error(`${KEY}.instances: the name '${name}' is used twice`);
    seen.add(name);
  }
  return {
    instances,
    scrapeIntervalSeconds: positiveNumber(
      prometheus,
      KEY,
      'scrapeIntervalSeconds',
      15,
    ),
  };
}
