import { InputError } from '@backstage/errors';
import { UpstreamKind } from '@go-delivery/plugin-delivery-common';

const LABELS: Record<UpstreamKind, string> = {
  argocd: 'Argo CD instance',
  kubernetes: 'Kubernetes cluster',
  prometheus: 'Prometheus instance',
};

/**
 * The configured instances of one upstream kind (Argo CD instances, Kubernetes clusters,
 * Prometheus instances), in configuration order, looked up by the names that annotations and
 * request bodies carry. A name that is not configured is a 400 naming what is.
 */
export class InstanceRegistry<C extends { readonly name: string }> {
  private readonly clients: Map<string, C>;

  constructor(readonly kind: UpstreamKind, clients: readonly C[]) {
    this.clients = new Map(clients.map(c => [c.name, c]));
  }

  get names(): string[] {
    return [...this.clients.keys()];
  }

  all(): C[] {
    return [...this.clients.values()];
  }

  get(name: string): C | undefined {
    return this.clients.get(name);
  }

  /** The named instance of a request; a 400 when it is not configured. */
  require(name: string): C {
    const client = this.clients.get(name);
    if (!client) {
      throw new InputError(
        `'${name}' is not a configured ${
          LABELS[this.kind]
        } (${this.configured()})`,
      );
    }
    return client;
  }

  /**
   * The instance an annotation names (a 400 naming the annotation when it is not configured),
   * else every instance.
   */
  forAnnotation(annotation: string, name: string | undefined): C[] {
    if (name === undefined) return this.all();
    const client = this.clients.get(name);
    if (!client) {
      throw new InputError(
        `Annotation '${annotation}' names '${name}', which is not a configured ${
          LABELS[this.kind]
        } (${this.configured()})`,
      );
    }
    return [client];
  }

  private configured(): string {
    return `configured: ${this.names.join(', ') || 'none'}`;
  }
}
