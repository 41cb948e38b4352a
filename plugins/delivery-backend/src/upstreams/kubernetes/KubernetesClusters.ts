import { InputError } from '@backstage/errors';
import {
  isDnsLabel,
  isDnsSubdomain,
} from '@go-delivery/plugin-delivery-common';
import { KubernetesClient } from '@go-delivery/plugin-delivery-node';

/** The configured clusters, looked up by the names requests carry. */
export class KubernetesClusters {
  private readonly clients: Map<string, KubernetesClient>;

  constructor(clients: KubernetesClient[]) {
    this.clients = new Map(clients.map(c => [c.name, c]));
  }

  all(): KubernetesClient[] {
    return [...this.clients.values()];
  }

  get(name: string): KubernetesClient | undefined {
    return this.clients.get(name);
  }

  /** The named cluster; a 400 when it is not configured. */
  require(name: string): KubernetesClient {
    const client = this.clients.get(name);
    if (!client) {
      throw new InputError(
        `'${name}' is not a configured Kubernetes cluster (configured: ${
          [...this.clients.keys()].join(', ') || 'none'
        })`,
      );
    }
    return client;
  }
}

/** Validates the namespace and name of an object a request names, before any URL is built. */
export function checkObjectRef(
  ref: { namespace: string; name: string },
  kind: string,
): void {
  if (!isDnsLabel(ref.namespace)) {
    throw new InputError(`'${ref.namespace}' is not a namespace name`);
  }
  if (!isDnsSubdomain(ref.name)) {
    throw new InputError(`'${ref.name}' is not a ${kind} name`);
  }
}
