import { InputError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  ArgoCdApplicationView,
  ArgoCdTarget,
  DeploymentsResponse,
  readArgoCdTarget,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { CachedLoader } from '../../lib/CachedLoader';
import { toUpstreamFailure } from '../../upstreams/http/UpstreamError';
import { ArgoCdClient } from '@go-delivery/plugin-delivery-node';
import { ArgoCdApplication } from '@go-delivery/plugin-delivery-node';
import { summarizeResourceTree } from './summarizeResourceTree';
import { toApplicationView } from './toApplicationView';
import { readEntityAnnotations } from '../readEntityAnnotations';

type InstanceResult =
  | { ok: true; applications: ArgoCdApplicationView[] }
  | { ok: false; failure: UpstreamFailure };

/**
 * The entity's Argo CD applications: annotations → instances → one list call per instance (in
 * parallel) → one resource-tree call per application → view models. A failing instance becomes a
 * failure entry; the others are still returned.
 */
export class DeploymentsService {
  private readonly clients: Map<string, ArgoCdClient>;

  constructor(
    private readonly options: {
      argocdClients: ArgoCdClient[];
      loader: CachedLoader;
    },
  ) {
    this.clients = new Map(options.argocdClients.map(c => [c.name, c]));
  }

  async getDeployments(entity: Entity): Promise<DeploymentsResponse> {
    const target = readEntityAnnotations(() => readArgoCdTarget(entity));
    if (!target) return { applications: [], failures: [], instances: [] };

    const clients = this.selectInstances(target);
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

  private selectInstances(target: ArgoCdTarget): ArgoCdClient[] {
    if (!target.instanceName) return [...this.clients.values()];
    const client = this.clients.get(target.instanceName);
    if (!client) {
      throw new InputError(
        `Annotation '${ARGOCD_INSTANCE_NAME_ANNOTATION}' names '${target.instanceName}', ` +
          `which is not a configured Argo CD instance (configured: ${
            [...this.clients.keys()].join(', ') || 'none'
          })`,
      );
    }
    return [client];
  }

  private async readInstance(
    client: ArgoCdClient,
    target: ArgoCdTarget,
  ): Promise<InstanceResult> {
    const query = {
      name: target.appName,
      selector: target.appSelector,
      project: target.projectName,
      appNamespace: target.appNamespace,
    };
    let apps: ArgoCdApplication[];
    try {
      apps = await this.options.loader.load(
        `argocd:${client.name}:apps:${JSON.stringify(query)}`,
        () => client.listApplications(query),
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
