import { InputError } from '@backstage/errors';
import {
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  ArgoCdTarget,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplicationQuery,
  ArgoCdClient,
} from '@go-delivery/plugin-delivery-node';

/** The list query that finds an entity's applications on one instance. */
export function argoCdApplicationQuery(
  target: ArgoCdTarget,
): ArgoCdApplicationQuery {
  return {
    name: target.appName,
    selector: target.appSelector,
    project: target.projectName,
    appNamespace: target.appNamespace,
  };
}

/**
 * The cache key of that list on one instance: the deployments card reads through it, and actions
 * that change an application drop it so the card shows the new state at once.
 */
export function argoCdApplicationsCacheKey(
  instance: string,
  target: ArgoCdTarget,
): string {
  return `argocd:${instance}:apps:${JSON.stringify(
    argoCdApplicationQuery(target),
  )}`;
}

/** The configured Argo CD instances, and which of them an entity's annotations point at. */
export class ArgoCdInstances {
  private readonly clients: Map<string, ArgoCdClient>;

  constructor(clients: ArgoCdClient[]) {
    this.clients = new Map(clients.map(c => [c.name, c]));
  }

  get names(): string[] {
    return [...this.clients.keys()];
  }

  get(name: string): ArgoCdClient | undefined {
    return this.clients.get(name);
  }

  /** The annotated instance (a 400 when it is not configured), else every instance. */
  forTarget(target: ArgoCdTarget): ArgoCdClient[] {
    if (!target.instanceName) return [...this.clients.values()];
    const client = this.clients.get(target.instanceName);
    if (!client) {
      throw new InputError(
        `Annotation '${ARGOCD_INSTANCE_NAME_ANNOTATION}' names '${target.instanceName}', ` +
          `which is not a configured Argo CD instance (configured: ${
            this.names.join(', ') || 'none'
          })`,
      );
    }
    return [client];
  }
}
