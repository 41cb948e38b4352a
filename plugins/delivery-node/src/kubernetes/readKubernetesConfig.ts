import { Config } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { isInstanceName } from '@go-delivery/plugin-delivery-common';

/** How the backend authenticates to one cluster. */
export type KubernetesAuthConfig =
  /** A service account token, given inline (a secret) or as a file that is re-read as it rotates. */
  | { type: 'serviceAccount'; token?: string; tokenFile?: string }
  /** A kubeconfig file and, optionally, which of its contexts to use. */
  | { type: 'kubeconfig'; path: string; context?: string }
  /** The pod's own service account, when Backstage runs inside the cluster. */
  | { type: 'inCluster' };

/** One cluster as configured under `delivery.kubernetes.clusters`. */
export interface KubernetesClusterConfig {
  name: string;
  /** API server URL; only with `serviceAccount` (a kubeconfig or the pod bring their own). */
  url?: string;
  /** Base64 of the PEM CA bundle that signed the API server's certificate. */
  caData?: string;
  skipTLSVerify: boolean;
  auth: KubernetesAuthConfig;
  /** Timeout of one request to this cluster, in milliseconds. */
  timeoutMs: number;
}

export interface KubernetesConfig {
  clusters: KubernetesClusterConfig[];
}

const DEFAULT_TIMEOUT_MS = 5000;

function readTimeout(
  config: Config,
  key: string,
  at: string,
  fallback: number,
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(
      `${at}.${key} must be a positive number of milliseconds, got ${value}`,
    );
  }
  return value;
}

function readCaData(value: string, at: string): string {
  const pem = Buffer.from(value, 'base64').toString('utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(
      `${at}.caData must be the base64 of a PEM certificate bundle`,
    );
  }
  return value;
}

/** A CA bundle file (as a kubeconfig's `certificate-authority`), read once at startup. */
function readCaFile(path: string, at: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${at}.caFile cannot be read: ${(error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(`${at}.caFile ${path} holds no PEM certificate`);
  }
  return Buffer.from(pem, 'utf8').toString('base64');
}

function readAuth(config: Config, at: string): KubernetesAuthConfig {
  const type = config.getString('auth.type');
  const only = (allowed: string[]) => {
    for (const key of config.getConfig('auth').keys()) {
      if (key !== 'type' && !allowed.includes(key)) {
        throw new Error(
          `${at}.auth.${key} is not a setting of auth type '${type}'`,
        );
      }
    }
  };
  switch (type) {
    case 'serviceAccount': {
      only(['token', 'tokenFile']);
      const token = config.getOptionalString('auth.token');
      const tokenFile = config.getOptionalString('auth.tokenFile');
      if (Boolean(token) === Boolean(tokenFile)) {
        throw new Error(
          `${at}.auth needs exactly one of 'token' or 'tokenFile'`,
        );
      }
      return token ? { type, token } : { type, tokenFile: tokenFile! };
    }
    case 'kubeconfig':
      only(['path', 'context']);
      return {
        type,
        path: config.getString('auth.path'),
        context: config.getOptionalString('auth.context'),
      };
    case 'inCluster':
      only([]);
      return { type };
    default:
      throw new Error(
        `${at}.auth.type must be 'serviceAccount', 'kubeconfig' or 'inCluster', got '${type}'`,
      );
  }
}

function readCluster(
  config: Config,
  index: number,
  defaultTimeoutMs: number,
): KubernetesClusterConfig {
  const at = `delivery.kubernetes.clusters[${index}]`;
  const name = config.getString('name');
  if (!isInstanceName(name)) {
    throw new Error(
      `${at}.name '${name}' must be letters, digits, '-', '_' or '.', at most 63 characters`,
    );
  }
  const auth = readAuth(config, at);
  const url = config.getOptionalString('url');
  const caFile = config.getOptionalString('caFile');
  const caData = config.getOptionalString('caData');
  const skipTLSVerify = config.getOptionalBoolean('skipTLSVerify') ?? false;
  if (auth.type !== 'serviceAccount') {
    for (const key of ['url', 'caData', 'caFile', 'skipTLSVerify']) {
      if (config.has(key)) {
        throw new Error(
          `${at}.${key} is only for auth type 'serviceAccount'; a ${auth.type} brings its own`,
        );
      }
    }
  } else {
    if (!url)
      throw new Error(`${at}.url is required with auth type 'serviceAccount'`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`${at}.url is not a URL: '${url}'`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new Error(`${at}.url must be an http(s) URL, got '${url}'`);
    }
    if (parsed.protocol === 'http:' && !skipTLSVerify) {
      throw new Error(
        `${at}.url uses plain http, which is only accepted together with skipTLSVerify: true`,
      );
    }
    const trusted = [
      caData && 'caData',
      caFile && 'caFile',
      skipTLSVerify && 'skipTLSVerify',
    ].filter(Boolean);
    if (trusted.length > 1) {
      throw new Error(`${at} sets ${trusted.join(' and ')}; choose one`);
    }
  }
  return {
    name,
    ...(url ? { url: url.replace(/\/+$/, '') } : {}),
    ...(caData ? { caData: readCaData(caData, at) } : {}),
    ...(caFile ? { caData: readCaFile(caFile, at) } : {}),
    skipTLSVerify,
    auth,
    timeoutMs: readTimeout(config, 'timeoutMs', at, defaultTimeoutMs),
  };
}

/** Reads and validates `delivery.kubernetes`; throws at startup on a bad setting. */
export function readKubernetesConfig(config: Config): KubernetesConfig {
  const kubernetes = config.getOptionalConfig('delivery.kubernetes');
  if (!kubernetes) return { clusters: [] };
  const defaultTimeoutMs = readTimeout(
    kubernetes,
    'timeoutMs',
    'delivery.kubernetes',
    DEFAULT_TIMEOUT_MS,
  );
  const clusters = (kubernetes.getOptionalConfigArray('clusters') ?? []).map(
    (c, i) => readCluster(c, i, defaultTimeoutMs),
  );
  const seen = new Set<string>();
  for (const { name } of clusters) {
    if (seen.has(name)) {
      throw new Error(
        `delivery.kubernetes.clusters: the name '${name}' is used twice`,
      );
    }
    seen.add(name);
  }
  return { clusters };
}
