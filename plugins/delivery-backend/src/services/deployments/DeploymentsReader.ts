import { CacheService } from '@backstage/backend-plugin-api';
import {
  ArgoCdApplicationSetView,
  ArgoCdApplicationView,
  ArgoCdTarget,
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  DeploymentsResponse,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  ArgoCdApplicationRef,
  ArgoCdApplicationTree,
  ArgoCdClient,
} from '@go-delivery/plugin-delivery-node';
import {
  argoCdApplicationQuery,
  ArgoCdReads,
} from '../../upstreams/argocd/ArgoCdReads';
import { attempt, fanOut, FanOutResult, Outcome } from '../../upstreams/fanOut';
import { summarizeResourceTree } from './summarizeResourceTree';
import { toApplicationSetView } from './toApplicationSetView';
import { owningApplicationSet, toApplicationView } from './toApplicationView';

/** How long the instances that hold an entity's applications are remembered. */
const LOCATION_TTL_MS = 10 * 60_000;

/** What one instance holds of the entity's. */
interface InstanceDeployments {
  applications: ArgoCdApplicationView[];
  applicationSets: ArgoCdApplicationSetView[];
}

type InstanceViews = FanOutResult<ArgoCdClient, InstanceDeployments>;

/**
 * The entity's Argo CD applications: target → instances → one list call per instance (in
 * parallel) → one resource-tree call per application → view models. A failing instance becomes a
 * failure entry; the others are still returned.
 *
 * Without an `argocd/instance-name` annotation every instance is searched once; the instances that
 * held applications are then remembered for ten minutes, and later views ask only those (searching
 * all again when one of them no longer has any). When the application's name and instance are
 * known, its resource tree is read in parallel with the list.
 */
export class DeploymentsReader {
  constructor(
    private readonly options: {
      argocd: ArgoCdReads;
      /** Where the remembered locations live (shared between replicas). */
      cache?: CacheService;
    },
  ) {}

  async getDeployments(
    target: ArgoCdTarget | undefined,
  ): Promise<DeploymentsResponse> {
    if (!target) return { applications: [], failures: [], instances: [] };
    const everywhere = () =>
      this.options.argocd.instances.forAnnotation(
        ARGOCD_INSTANCE_NAME_ANNOTATION,
        target.instanceName,
      );
    if (target.instanceName) {
      return respond(await this.readInstances(everywhere(), target));
    }
    const remembered = await this.rememberedInstances(target);
    if (remembered.length > 0) {
      const read = await this.readInstances(remembered, target);
      // Still where we left them: answer from there. Otherwise search everything again.
      if (
        read.failures.length === 0 &&
        read.results.every(r => r.value.applications.length > 0)
      ) {
        return respond(read);
      }
    }
    const read = await this.readInstances(everywhere(), target);
    await this.rememberInstances(target, read);
    return respond(read);
  }

  private readInstances(
    clients: ArgoCdClient[],
    target: ArgoCdTarget,
  ): Promise<InstanceViews> {
    // With one instance and a named application, the tree need not wait for the list.
    const prefetch = clients.length === 1 && Boolean(target.appName);
    return fanOut({
      kind: 'argocd',
      clients,
      read: client => this.readInstance(client, target, prefetch),
    });
  }

  private async readInstance(
    client: ArgoCdClient,
    target: ArgoCdTarget,
    prefetchTree: boolean,
  ): Promise<InstanceDeployments> {
    const prefetched =
      prefetchTree && target.appName
        ? this.readTree(client, {
            name: target.appName,
            appNamespace: target.appNamespace,
            project: target.projectName,
          })
        : undefined;
    const apps = await this.options.argocd.listApplications(
      client,
      argoCdApplicationQuery(target),
    );
    const [applications, applicationSets] = await Promise.all([
      Promise.all(
        apps.map(app => this.readApplication(client, target, app, prefetched)),
      ),
      this.readApplicationSets(client, apps),
    ]);
    return { applications, applicationSets };
  }

  private async readApplication(
    client: ArgoCdClient,
    target: ArgoCdTarget,
    app: ArgoCdApplication,
    prefetched: Promise<Outcome<ArgoCdApplicationTree>> | undefined,
  ): Promise<ArgoCdApplicationView> {
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
    if (tree.ok) view.resources = summarizeResourceTree(tree.value);
    else view.resourcesFailure = tree.failure;
    return view;
  }

  /**
   * The ApplicationSets that generated some of the applications (their controlling owner), each
   * read once, with those applications grouped under it. One that cannot be read keeps its
   * group and says why.
   */
  private async readApplicationSets(
    client: ArgoCdClient,
    apps: ArgoCdApplication[],
  ): Promise<ArgoCdApplicationSetView[]> {
    const groups = new Map<
      string,
      { name: string; namespace?: string; applications: string[] }
    >();
    for (const app of apps) {
      const name = owningApplicationSet(app);
      const appName = app.metadata?.name;
      if (!name || !appName) continue;
      // Owner references are namespaced: the ApplicationSet lives beside its applications.
      const namespace = app.metadata?.namespace;
      const key = `${namespace ?? ''}/${name}`;
      const group = groups.get(key) ?? { name, namespace, applications: [] };
      group.applications.push(appName);
      groups.set(key, group);
    }
    return Promise.all(
      [...groups.values()].map(async group => {
        const read = await attempt(
          { kind: 'argocd', instance: client.name },
          () =>
            this.options.argocd.applicationSet(
              client,
              group.name,
              group.namespace,
            ),
        );
        return toApplicationSetView({
          instance: client.name,
          ...group,
          ...(read.ok ? { appSet: read.value } : { failure: read.failure }),
        });
      }),
    );
  }

  /** A tree that cannot be read is a failure of that one application's summary. */
  private readTree(client: ArgoCdClient, ref: ArgoCdApplicationRef) {
    return attempt({ kind: 'argocd', instance: client.name }, () =>
      this.options.argocd.resourceTree(client, ref),
    );
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
    const clients = names.map(name => this.options.argocd.instances.get(name));
    // An instance removed from config since: search everything.
    return clients.every(Boolean) ? (clients as ArgoCdClient[]) : [];
  }

  private async rememberInstances(
    target: ArgoCdTarget,
    read: InstanceViews,
  ): Promise<void> {
    // Only a complete search says where the applications are not.
    if (!this.options.cache || read.failures.length > 0) return;
    const holding = read.results
      .filter(r => r.value.applications.length > 0)
      .map(r => r.client.name);
    if (holding.length === 0) return;
    await this.options.cache
      .set(this.locationKey(target), holding, { ttl: LOCATION_TTL_MS })
      .catch(() => undefined);
  }
}

/** The response, in the order the instances were asked. */
function respond(read: InstanceViews): DeploymentsResponse {
  const applicationSets = read.results.flatMap(r => r.value.applicationSets);
  return {
    applications: read.results.flatMap(r => r.value.applications),
    ...(applicationSets.length > 0 ? { applicationSets } : {}),
    failures: read.failures,
    instances: read.instances,
  };
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
