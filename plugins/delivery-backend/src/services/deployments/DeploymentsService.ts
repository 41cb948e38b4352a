import { CacheService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ArgoCdApplicationView,
  ArgoCdTarget,
  DeploymentsResponse,
  readArgoCdTarget,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { CachedLoader } from '../../lib/CachedLoader';
import { readEntityAnnotations } from '../readEntityAnnotations';
import {
  argoCdApplicationQuery,
  argoCdApplicationsCacheKey,
  ArgoCdInstances,
} from './ArgoCdInstances';
import { summarizeResourceTree } from './summarizeResourceTree';
import { toApplicationView } from './toApplicationView';
import {
  ArgoCdApplication,
  ArgoCdApplicationRef,
  ArgoCdApplicationTree,
  ArgoCdClient,
  toUpstreamFailure,
} from '@go-delivery/plugin-delivery-node';

/** How long the instances that hold an entity's applications are remembered. */
const LOCATION_TTL_MS = 10 * 60_000;

type InstanceResult =
  | { ok: true; client: ArgoCdClient; applications: ArgoCdApplicationView[] }
  | { ok: false; client: ArgoCdClient; failure: UpstreamFailure };

type TreeResult =
  | { ok: true; tree: ArgoCdApplicationTree }
  | { ok: false; failure: UpstreamFailure };

/**
 * The entity's Argo CD applications: annotations → instances → one list call per instance (in
 * parallel) → one resource-tree call per application → view models. A failing instance becomes a
 * failure entry; the others are still returned.
 *
 * Without an `argocd/instance-name` annotation every instance is searched once; the instances that
 * held applications are then remembered for ten minutes, and later views ask only those (searching
 * all again when one of them no longer has any). When the application's name and instance are
 * known, its resource tree is read in parallel with the list.
 */
export class DeploymentsService {
  constructor(
    private readonly options: {
      instances: ArgoCdInstances;
      loader: CachedLoader;
      /** Where the remembered locations live (shared between replicas). */
      cache?: CacheService;
    },
  ) {}

  async getDeployments(entity: Entity): Promise<DeploymentsResponse> {
    const target = readEntityAnnotations(() => readArgoCdTarget(entity));
    if (!target) return { applications: [], failures: [], instances: [] };

    if (target.instanceName) {
      return this.respond(
        await this.readInstances(
          this.options.instances.forTarget(target),
          target,
        ),
      );
    }
    const remembered = await this.rememberedInstances(target);
    if (remembered.length > 0) {
      const results = await this.readInstances(remembered, target);
      // Still where we left them: answer from there. Otherwise search everything again.
      if (results.every(r => r.ok && r.applications.length > 0)) {
        return this.respond(results);
      }
    }
    const results = await this.readInstances(
      this.options.instances.forTarget(target),
      target,
    );
    await this.rememberInstances(target, results);
    return this.respond(results);
  }

  private respond(results: InstanceResult[]): DeploymentsResponse {
    const response: DeploymentsResponse = {
      applications: [],
      failures: [],
      instances: results.map(r => r.client.name),
    };
    for (const result of results) {
      if (result.ok) response.applications.push(...result.applications);
      else response.failures.push(result.failure);
    }
    return response;
  }

  private readInstances(
    clients: ArgoCdClient[],
    target: ArgoCdTarget,
  ): Promise<InstanceResult[]> {
    // With one instance and a named application, the tree need not wait for the list.
    const prefetch = clients.length === 1 && Boolean(target.appName);
    return Promise.all(
      clients.map(client => this.readInstance(client, target, prefetch)),
    );
  }

  private async readInstance(
    client: ArgoCdClient,
    target: ArgoCdTarget,
    prefetchTree: boolean,
  ): Promise<InstanceResult> {
    const prefetched =
      prefetchTree && target.appName
        ? this.readTree(client, {
            name: target.appName,
            appNamespace: target.appNamespace,
            project: target.projectName,
          })
        : undefined;
    let apps: ArgoCdApplication[];
    try {
      apps = await this.options.loader.load(
        argoCdApplicationsCacheKey(client.name, target),
        () => client.listApplications(argoCdApplicationQuery(target)),
      );
    } catch (error) {
      return {
        ok: false,
        client,
        failure: toUpstreamFailure(error, {
          kind: 'argocd',
          instance: client.name,
        }),
      };
    }
    const applications = await Promise.all(
      apps.map(async app => {
        const view = toApplicationView({
          instance: client.name,
          webUrl: client.webUrl,
          app,
        });
        const ref = treeRef(app, target);
        if (!ref) return view;
        let tree = await (ref.name === target.appName && prefetched
          ? prefetched
          : this.readTree(client, ref));
        if (!tree.ok && ref.appNamespace !== app.metadata?.namespace) {
          // Named without its namespace, the app lives elsewhere: ask where the list found it.
          tree = await this.readTree(client, {
            ...ref,
            appNamespace: app.metadata?.namespace,
          });
        }
        if (tree.ok) view.resources = summarizeResourceTree(tree.tree);
        else view.resourcesFailure = tree.failure;
        return view;
      }),
    );
    return { ok: true, client, applications };
  }

  /** Never rejects: a tree that cannot be read is a failure of that one application's summary. */
  private async readTree(
    client: ArgoCdClient,
    ref: ArgoCdApplicationRef,
  ): Promise<TreeResult> {
    try {
      const tree = await this.options.loader.load(
        `argocd:${client.name}:tree:${ref.appNamespace ?? ''}/${ref.name}`,
        () => client.getResourceTree(ref),
      );
      return { ok: true, tree };
    } catch (error) {
      return {
        ok: false,
        failure: toUpstreamFailure(error, {
          kind: 'argocd',
          instance: client.name,
        }),
      };
    }
  }

  private locationKey(target: ArgoCdTarget): string {
    return `argocd:location:${JSON.stringify(argoCdApplicationQuery(target))}`;
  }

  private async rememberedInstances(
    target: ArgoCdTarget,
  ): Promise<ArgoCdClient[]> {
    const names = await this.options.cache
      ?.get<string[]>(this.locationKey(target))
      .catch(() => undefined);
    if (!Array.isArray(names)) return [];
    const clients = names.map(name => this.options.instances.get(name));
    // An instance removed from config since: search everything.
    return clients.every(Boolean) ? (clients as ArgoCdClient[]) : [];
  }

  private async rememberInstances(
    target: ArgoCdTarget,
    results: InstanceResult[],
  ): Promise<void> {
    // Only a complete search says where the applications are not.
    if (!this.options.cache || results.some(r => !r.ok)) return;
    const holding = results
      .filter(r => r.ok && r.applications.length > 0)
      .map(r => r.client.name);
    if (holding.length === 0) return;
    await this.options.cache
      .set(this.locationKey(target), holding, { ttl: LOCATION_TTL_MS })
      .catch(() => undefined);
  }
}

/** What to read the tree of: the annotated name, or the listed application itself. */
function treeRef(
  app: ArgoCdApplication,
  target: ArgoCdTarget,
): ArgoCdApplicationRef | undefined {
  const name = app.metadata?.name;
  if (!name) return undefined;
  if (name === target.appName) {
    return {
      name,
      appNamespace: target.appNamespace,
      project: target.projectName,
    };
  }
  return {
    name,
    appNamespace: app.metadata?.namespace,
    project: app.spec?.project,
  };
}
