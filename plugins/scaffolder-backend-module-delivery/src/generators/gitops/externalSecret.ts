import type { Environment, GoServiceSpec } from '../types';
import { serviceMetadata } from './labels';
import type { KubernetesObject } from './manifest';
import { gitopsNames } from './names';

/** Key of an environment's application secrets in the secret store. */
export function appSecretKey(
  service: string,
  environment: Environment,
): string {
  return `${service}/${environment}`;
}

/**
 * The service's secrets for one environment, read from the secret store at
 * `<name>/<environment>`; every property becomes an environment variable of the container.
 * Nothing secret is ever written to Git.
 */
export function externalSecret(
  spec: GoServiceSpec,
  environment: Environment,
): KubernetesObject {
  const names = gitopsNames(spec.name);
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: serviceMetadata(spec.name, names.appSecret),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: spec.secretStore },
      target: { name: names.appSecret, creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: appSecretKey(spec.name, environment) } }],
    },
  };
}
