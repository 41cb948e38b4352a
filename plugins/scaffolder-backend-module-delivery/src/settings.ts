import { Config } from '@backstage/config';
import {
  isDnsLabel,
  isDnsSubdomain,
} from '@go-delivery/plugin-delivery-common';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** What the portal's configuration decides for every service the template creates. */
export interface DeliveryScaffolderSettings {
  localGit: {
    /** Absolute directory of the local repositories. */
    directory: string;
    gitopsRepository: string;
  };
  argocd: {
    /** Names of the configured instances (`delivery.argocd.instances`), in config order. */
    instances: string[];
    /** The instance new services are registered in; undefined when none is configured. */
    instance?: string;
    project: string;
    namespace: string;
    destinationServer: string;
  };
  /** `host[:port][/path]` without a trailing slash. */
  imageRegistry: string;
  backendBaseUrl: string;
  secretStore: string;
  git: {
    authorName: string;
    authorEmail: string;
    commitMessage: string;
  };
}

const PREFIX = 'delivery.scaffolder';
/** `host[:port]` with an optional lowercase path, no scheme. */
const IMAGE_REGISTRY =
  /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9._-]+)*$/;

function readHttpUrl(config: Config, key: string, fallback: string): string {
  const value = config.getOptionalString(key) ?? fallback;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`${key} must be an http(s) URL, got '${value}'`);
  }
  return value.replace(/\/+$/, '');
}

function readName(
  config: Config,
  key: string,
  fallback: string,
  check: (value: string) => boolean,
  rule: string,
): string {
  const value = config.getOptionalString(key) ?? fallback;
  if (!check(value)) {
    throw new Error(`${key} '${value}' must be ${rule}`);
  }
  return value;
}

function readInstance(config: Config, instances: string[]): string | undefined {
  const key = `${PREFIX}.argocd.instance`;
  const wanted = config.getOptionalString(key);
  if (wanted === undefined) return instances[0];
  if (!instances.includes(wanted)) {
    throw new Error(
      `${key} '${wanted}' is not one of delivery.argocd.instances (${
        instances.join(', ') || 'none configured'
      })`,
    );
  }
  return wanted;
}

/**
 * Reads `delivery.scaffolder` (and the scaffolder's own commit author settings); throws at
 * startup on a bad value. `argocdInstances` are the names read from `delivery.argocd`.
 */
export function readDeliveryScaffolderSettings(
  config: Config,
  argocdInstances: string[],
): DeliveryScaffolderSettings {
  const registry = config
    .getOptionalString(`${PREFIX}.imageRegistry`)
    ?.replace(/\/+$/, '');
  if (registry !== undefined && !IMAGE_REGISTRY.test(registry)) {
    throw new Error(
      `${PREFIX}.imageRegistry '${registry}' must be a lowercase registry host with an optional port and path, e.g. ghcr.io/example-org`,
    );
  }
  return {
    localGit: {
      directory: resolve(
        config.getOptionalString(`${PREFIX}.localGit.directory`) ??
          join(tmpdir(), 'go-delivery-repositories'),
      ),
      gitopsRepository: readName(
        config,
        `${PREFIX}.localGit.gitopsRepository`,
        'gitops',
        isDnsLabel,
        'a lowercase name (RFC 1123 label)',
      ),
    },
    argocd: {
      instances: argocdInstances,
      instance: readInstance(config, argocdInstances),
      project: readName(
        config,
        `${PREFIX}.argocd.project`,
        'default',
        isDnsSubdomain,
        'an Argo CD project name',
      ),
      namespace: readName(
        config,
        `${PREFIX}.argocd.namespace`,
        'argocd',
        isDnsLabel,
        'a Kubernetes namespace name',
      ),
      destinationServer: readHttpUrl(
        config,
        `${PREFIX}.argocd.destinationServer`,
        'https://kubernetes.default.svc',
      ),
    },
    imageRegistry: registry ?? 'localhost:5000',
    backendBaseUrl: readHttpUrl(
      config,
      `${PREFIX}.backendBaseUrl`,
      config.getOptionalString('backend.baseUrl') ?? 'http://localhost:7007',
    ),
    secretStore: readName(
      config,
      `${PREFIX}.secretStore`,
      'vault',
      isDnsSubdomain,
      'a ClusterSecretStore name',
    ),
    git: {
      authorName:
        config.getOptionalString('scaffolder.defaultAuthor.name') ??
        'Scaffolder',
      authorEmail:
        config.getOptionalString('scaffolder.defaultAuthor.email') ??
        'scaffolder@backstage.io',
      commitMessage:
        config.getOptionalString('scaffolder.defaultCommitMessage') ??
        'Initial commit',
    },
  };
}
