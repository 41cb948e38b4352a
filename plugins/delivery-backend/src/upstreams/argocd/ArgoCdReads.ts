import { ArgoCdTarget } from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  ArgoCdApplicationQuery,
  ArgoCdApplicationRef,
  ArgoCdApplicationTree,
  ArgoCdAppProject,
  ArgoCdApplicationSet,
  ArgoCdClient,
} from '@go-delivery/plugin-delivery-node';
import { CachedLoader } from '../cache/CachedLoader';
import { InstanceRegistry } from '../InstanceRegistry';

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
 * Reads of the configured Argo CD instances through the shared cache. It owns the cache keys:
 * readers read through it, and actions that change an application drop its entries through it.
 */
export class ArgoCdReads {
  constructor(
    private readonly options: {
      instances: InstanceRegistry<ArgoCdClient>;
      loader: CachedLoader;
    },
  ) {}

  get instances(): InstanceRegistry<ArgoCdClient> {
    return this.options.instances;
  }

  /** The applications a query finds on one instance, as cached. */
  listApplications(
    client: ArgoCdClient,
    query: ArgoCdApplicationQuery,
  ): Promise<ArgoCdApplication[]> {
    return this.options.loader.load(
      this.applicationsKey(client.name, query),
      () => client.listApplications(query),
    );
  }

  /** One application's resource tree, as cached. */
  resourceTree(
    client: ArgoCdClient,
    ref: ArgoCdApplicationRef,
  ): Promise<ArgoCdApplicationTree> {
    return this.options.loader.load(
      `argocd:${client.name}:tree:${ref.appNamespace ?? ''}/${ref.name}`,
      () => client.getResourceTree(ref),
    );
  }

  /** One AppProject (its sync windows), as cached: read by every view of an entity's promotions. */
  project(client: ArgoCdClient, name: string): Promise<ArgoCdAppProject> {
    return this.options.loader.load(
      `argocd:${client.name}:project:${name}`,
      () => client.getProject(name),
    );
  }

  /** One ApplicationSet, as cached: read by every view of an entity it generated applications for. */
  applicationSet(
    client: ArgoCdClient,
    name: string,
    namespace?: string,
  ): Promise<ArgoCdApplicationSet> {
    return this.options.loader.load(
      `argocd:${client.name}:appset:${namespace ?? ''}/${name}`,
      () => client.getApplicationSet(name, namespace),
    );
  }

  /** Drops a cached list after an action changed what it holds, so views show it at once. */
  invalidateApplications(
    instance: string,
    query: ArgoCdApplicationQuery,
  ): Promise<void> {
    return this.options.loader.invalidate(
      this.applicationsKey(instance, query),
    );
  }

  private applicationsKey(
    instance: string,
    query: ArgoCdApplicationQuery,
  ): string {
    return `argocd:${instance}:apps:${JSON.stringify({
      name: query.name,
      selector: query.selector,
      project: query.project,
      appNamespace: query.appNamespace,
    })}`;
  }
}
