import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ArgoCdTarget,
  isDnsLabel,
  isDnsSubdomain,
  readArgoCdTarget,
  RollbackApplicationRef,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import {
  argoCdApplicationQuery,
  ArgoCdInstances,
} from '../deployments/ArgoCdInstances';
import { readEntityAnnotations } from '../readEntityAnnotations';
import {
  ArgoCdApplication,
  ArgoCdClient,
  toUpstreamFailure,
} from '@go-delivery/plugin-delivery-node';

/** An application of the entity on one instance. */
export interface EntityApplication {
  client: ArgoCdClient;
  app: ArgoCdApplication;
}

/**
 * The entity's Argo CD applications, read fresh (a rollback acts on what is true now), and the
 * server-side check that an application a request names is one of them.
 */
export class EntityApplications {
  constructor(private readonly instances: ArgoCdInstances) {}

  target(entity: Entity): ArgoCdTarget | undefined {
    return readEntityAnnotations(() => readArgoCdTarget(entity));
  }

  /** Every application of the entity; a failing instance becomes a failure entry. */
  async list(entity: Entity): Promise<{
    applications: EntityApplication[];
    failures: UpstreamFailure[];
  }> {
    const target = this.target(entity);
    if (!target) return { applications: [], failures: [] };
    const clients = this.instances.forTarget(target);
    const results = await Promise.all(
      clients.map(async client => {
        try {
          const apps = await client.listApplications(
            argoCdApplicationQuery(target),
          );
          return { apps: apps.map(app => ({ client, app })) };
        } catch (error) {
          return {
            failure: toUpstreamFailure(error, {
              kind: 'argocd',
              instance: client.name,
            }),
          };
        }
      }),
    );
    return {
      applications: results.flatMap(r => r.apps ?? []),
      failures: results.flatMap(r => (r.failure ? [r.failure] : [])),
    };
  }

  /**
   * Validates the reference (no upstream call). Throws 400 for malformed names or an
   * unconfigured instance, 404 when the entity has no applications there.
   */
  resolve(
    entity: Entity,
    ref: RollbackApplicationRef,
  ): {
    target: ArgoCdTarget;
    client: ArgoCdClient;
  } {
    const target = this.target(entity);
    if (!target) {
      throw new NotFoundError(
        `Entity '${stringifyEntityRef(entity)}' has no Argo CD applications`,
      );
    }
    const client = this.instances.get(ref.instance);
    if (!client) {
      throw new InputError(
        `'${ref.instance}' is not a configured Argo CD instance (configured: ${
          this.instances.names.join(', ') || 'none'
        })`,
      );
    }
    if (!isDnsSubdomain(ref.application)) {
      throw new InputError(
        `'${ref.application}' is not an Argo CD application name`,
      );
    }
    if (ref.appNamespace !== undefined && !isDnsLabel(ref.appNamespace)) {
      throw new InputError(`'${ref.appNamespace}' is not a namespace name`);
    }
    if (
      (target.instanceName && target.instanceName !== ref.instance) ||
      (target.appNamespace &&
        ref.appNamespace !== undefined &&
        ref.appNamespace !== target.appNamespace)
    ) {
      throw notEntityApplication(ref);
    }
    return { target, client };
  }

  /** The named application, read now, if it is one of the entity's. */
  async find(
    entity: Entity,
    ref: RollbackApplicationRef,
  ): Promise<EntityApplication> {
    const { target, client } = this.resolve(entity, ref);
    const apps = await client.listApplications({
      ...argoCdApplicationQuery(target),
      appNamespace: ref.appNamespace ?? target.appNamespace,
    });
    const app = apps.find(a => a.metadata?.name === ref.application);
    if (!app) throw notEntityApplication(ref);
    return { client, app };
  }
}

function notEntityApplication(ref: RollbackApplicationRef): NotFoundError {
  return new NotFoundError(
    `Application '${ref.application}' on Argo CD '${ref.instance}' is not one of the entity's applications`,
  );
}
