import { Entity } from '@backstage/catalog-model';
import {
  ArgoCdApplicationView,
  ArgoCdTarget,
  DeploymentsResponse,
  readArgoCdTarget,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  ArgoCdClient,
  toUpstreamFailure,
} from '@go-delivery/plugin-delivery-node';
import { CachedLoader } from '../../lib/CachedLoader';
import { readEntityAnnotations } from '../readEntityAnnotations';
import {
  argoCdApplicationQuery,
  argoCdApplicationsCacheKey,
  ArgoCdInstances,
} from './ArgoCdInstances';
import { summarizeResourceTree } from './summarizeResourceTree';
import { toApplicationView } from './toApplicationView';

type InstanceResult =
  | { ok: true; applications: ArgoCdApplicationView[] }
  | { ok: false; failure: UpstreamFailure };

/**
 * The entity's Argo CD applications: annotations → instances → one list call per instance (in
 * parallel) → one resource-tree call per application → view models. A failing instance becomes a
 * failure entry; the others are still returned.
 */
export class DeploymentsService {
  constructor(
    private readonly options: {
      instances: ArgoCdInstances;
      loader: CachedLoader;
    },
  ) {}

  async getDeployments(entity: Entity): Promise<DeploymentsResponse> {
    const target = readEntityAnnotations(() => readArgoCdTarget(entity));
    if (!target) return { applications: [], failures: [], instances: [] };

    const clients = this.options.instances.forTarget(target);
    const results = await Promise.all(
      clients.map(client => this.readInstance(client, target)),
    );
    const response: DeploymentsResponse = {
      applications: [],
      failures: [],
      instances: clients.map(c => c.name),
    };
    for (const result of results) {
      if (result.ok) response.applications.push(...result.applications);
      else response.failures.push(result.failure);
    }
    return response;
  }

  private async readInstance(
    client: ArgoCdClient,
    target: ArgoCdTarget,
  ): Promise<InstanceResult> {
    let apps: ArgoCdApplication[];
    try {
      apps = await this.options.loader.load(
        argoCdApplicationsCacheKey(client.name, target),
        () => client.listApplications(argoCdApplicationQuery(target)),
      );
    } catch (error) {
      return {
        ok: false,
        failure: toUpstreamFailure(error, {
          kind: 'argocd',
          instance: client.name,
        }),
      };
    }
    const applications = await Promise.all(
      apps.map(app => this.withResources(client, app)),
    );
    return { ok: true, applications };
  }

  private async withResources(
    client: ArgoCdClient,
    app: ArgoCdApplication,
  ): Promise<ArgoCdApplicationView> {
    const view = toApplicationView({
      instance: client.name,
      webUrl: client.webUrl,
      app,
    });
    const name = app.metadata?.name;
    if (!name) return view;
    const ref = {
      name,
      appNamespace: app.metadata?.namespace,
      project: app.spec?.project,
    };
    try {
      const tree = await this.options.loader.load(
        `argocd:${client.name}:tree:${ref.appNamespace ?? ''}/${name}`,
        () => client.getResourceTree(ref),
      );
      view.resources = summarizeResourceTree(tree);
    } catch (error) {
      view.resourcesFailure = toUpstreamFailure(error, {
        kind: 'argocd',
        instance: client.name,
      });
    }
    return view;
  }
}
