import type { GoServiceSpec } from '../../types';
import type { KubernetesObject } from '../../gitops/manifest';
import { serviceMetadata } from '../../gitops/labels';
import { ciNames } from '../names';

/** A Secret the CI reads: its name, and for each key the property in the secret store. */
export interface CiSecret {
  name: string;
  /** Secret key → property of `<name>/ci` in the secret store. */
  keys: Record<string, string>;
}

/** Key in the secret store that holds every CI credential of the service. */
export function ciSecretStoreKey(service: string): string {
  return `${service}/ci`;
}

export function ciSecrets(service: string) {
  const names = ciNames(service).secrets;
  return {
    githubWebhook: {
      name: names.githubWebhook,
      keys: { secret: 'github-webhook-secret' },
    },
    registry: {
      name: names.registry,
      keys: { 'config.json': 'registry-docker-config' },
    },
    git: { name: names.git, keys: { '.git-credentials': 'git-credentials' } },
    cosign: {
      name: names.cosign,
      keys: {
        'cosign.key': 'cosign-private-key',
        'cosign.password': 'cosign-password',
      },
    },
    portalToken: { name: names.portalToken, keys: { token: 'portal-token' } },
  } satisfies Record<string, CiSecret>;
}

/** The CI's credentials, fetched from the secret store; none of them is ever in Git. */
export function ciExternalSecrets(spec: GoServiceSpec): KubernetesObject[] {
  return Object.values(ciSecrets(spec.name)).map((secret: CiSecret) => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: serviceMetadata(spec.name, secret.name),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: spec.secretStore },
      target: { name: secret.name, creationPolicy: 'Owner' },
      data: Object.entries(secret.keys).map(([secretKey, property]) => ({
        secretKey,
        remoteRef: { key: ciSecretStoreKey(spec.name), property },
      })),
    },
  }));
}
