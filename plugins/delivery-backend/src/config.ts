import { Config } from '@backstage/config';
import { isInstanceName } from '@go-delivery/plugin-delivery-common';

/** One Argo CD instance as configured under `delivery.argocd.instances`. */
export interface ArgoCdInstanceConfig {
  name: string;
  url: string;
  webUrl?: string;
  auth:
    | { type: 'token'; token: string }
    | { type: 'password'; username: string; password: string };
  timeoutMs: number;
}

export interface DeliveryConfig {
  argocd: {
    instances: ArgoCdInstanceConfig[];
    sessionLifetimeMs: number;
  };
  cacheTtlMs: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** Reads an http(s) URL; returns it with a trailing slash so relative API paths keep its path prefix. */
function readHttpUrl(config: Config, key: string): string {
  const value = config.getString(key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid URL in ${key}: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${key} must be an http(s) URL, got '${value}'`);
  }
  return value.endsWith('/') ? value : `${value}/`;
}

function readArgoCdInstance(
  config: Config,
  index: number,
  defaultTimeoutMs: number,
): ArgoCdInstanceConfig {
  const at = `delivery.argocd.instances[${index}]`;
  const name = config.getString('name');
  if (!isInstanceName(name)) {
    throw new Error(
      `${at}.name '${name}' must be letters, digits, '-', '_' or '.', at most 63 characters`,
    );
  }
  const token = config.getOptionalString('token');
  const username = config.getOptionalString('username');
  const password = config.getOptionalString('password');
  let auth: ArgoCdInstanceConfig['auth'];
  if (token) {
    auth = { type: 'token', token };
  } else if (username && password) {
    auth = { type: 'password', username, password };
  } else {
    throw new Error(
      `${at} ('${name}') needs either a token or a username and password`,
    );
  }
  return {
    name,
    url: readHttpUrl(config, 'url'),
    webUrl: config.has('webUrl') ? readHttpUrl(config, 'webUrl') : undefined,
    auth,
    timeoutMs: config.getOptionalNumber('timeoutMs') ?? defaultTimeoutMs,
  };
}

/** Reads and validates the `delivery` config block; throws at startup on a bad setting. */
export function readDeliveryConfig(config: Config): DeliveryConfig {
  const delivery = config.getOptionalConfig('delivery');
  const argocd = delivery?.getOptionalConfig('argocd');
  const defaultTimeoutMs =
    argocd?.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const instances = (argocd?.getOptionalConfigArray('instances') ?? []).map(
    (instance, index) => readArgoCdInstance(instance, index, defaultTimeoutMs),
  );
  const seen = new Set<string>();
  for (const { name } of instances) {
    if (seen.has(name)) {
      throw new Error(
        `delivery.argocd.instances: the name '${name}' is used twice`,
      );
    }
    seen.add(name);
  }
  return {
    argocd: {
      instances,
      sessionLifetimeMs:
        (argocd?.getOptionalNumber('sessionLifetimeSeconds') ?? 3600) * 1000,
    },
    cacheTtlMs: (delivery?.getOptionalNumber('cache.ttlSeconds') ?? 10) * 1000,
  };
}
