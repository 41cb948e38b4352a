import { Config } from '@backstage/config';
import { isInstanceName } from '@go-delivery/plugin-delivery-common';
import { readHttpUrl } from '../config/readHttpUrl';

/** One Argo CD instance as configured under `delivery.argocd.instances`. */
export interface ArgoCdInstanceConfig {
  name: string;
  /** API base URL, with a trailing slash. */
  url: string;
  webUrl?: string;
  auth:
    | { type: 'token'; token: string }
    | { type: 'password'; username: string; password: string };
  timeoutMs: number;
}

/** The `delivery.argocd` block, validated. */
export interface ArgoCdConfig {
  instances: ArgoCdInstanceConfig[];
  sessionLifetimeMs: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

function readInstance(
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

/** Reads and validates `delivery.argocd`; throws at startup on a bad setting. */
export function readArgoCdConfig(config: Config): ArgoCdConfig {
  const argocd = config.getOptionalConfig('delivery.argocd');
  const defaultTimeoutMs =
    argocd?.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const instances = (argocd?.getOptionalConfigArray('instances') ?? []).map(
    (instance, index) => readInstance(instance, index, defaultTimeoutMs),
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
    instances,
    sessionLifetimeMs:
      (argocd?.getOptionalNumber('sessionLifetimeSeconds') ?? 3600) * 1000,
  };
}
