import { InputError, NotFoundError } from '@backstage/errors';
import {
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  ArgoCdTarget,
  DeliveryTargets,
  isDnsLabel,
  isDnsSubdomain,
  RollbackApplicationRef,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  ArgoCdClient,
} from '@go-delivery/plugin-delivery-node';
import {
  argoCdApplicationQuery,
  ArgoCdReads,
} from '../upstreams/argocd/ArgoCdReads';
import { fanOut } from '../upstreams/fanOut';
import { ClaimedObject, EntityClaims } from './entityClaims';

/** An application of the entity on one instance. */
export interface EntityApplication {
  client: ArgoCdClient;
  app: ArgoCdApplication;
}

/** An application a request names, bound to the entity's Argo CD target. */
export interface BoundApplication {
  target: ArgoCdTarget;
  client: ArgoCdClient;
  ref: RollbackApplicationRef;
  /** The entity's service, to tell its image among others in the GitOps files. */
  serviceName: string;
  entityRef: string;
  /** Set for writes: the application read must be claimed by this entity alone. */
  claims?: EntityClaims;
}

/** Every application of the entity (as cached); a failing instance becomes a failure entry. */
export async function listEntityApplications(
  argocd: ArgoCdReads,
  target: ArgoCdTarget | undefined,
): Promise<{ applications: EntityApplication[]; failures: UpstreamFailure[] }> {
  if (!target) return { applications: [], failures: [] };
  const read = await fanOut({
    kind: 'argocd',
    clients: argocd.instances.forAnnotation(
      ARGOCD_INSTANCE_NAME_ANNOTATION,
      target.instanceName,
    ),
    read: client =>
      argocd.listApplications(client, argoCdApplicationQuery(target)),
  });
  return {
    applications: read.results.flatMap(({ client, value }) =>
      value.map(app => ({ client, app })),
    ),
    failures: read.failures,
  };
}

/**
 * Binds an application reference to the entity before any upstream request: the entity names
 * Argo CD applications, the instance is configured, the names are valid, and the instance and
 * namespace are the annotated ones. 400 for malformed names or an unconfigured instance, 404 when
 * the entity has no applications there.
 */
export function bindApplication(options: {
  targets: DeliveryTargets;
  argocd: ArgoCdReads;
  ref: RollbackApplicationRef;
  /** For writes: which entities claim which applications. */
  claims?: EntityClaims;
}): BoundApplication {
  const { targets, argocd, ref } = options;
  const target = targets.argocd;
  if (!target) {
    throw new NotFoundError(
      `Entity '${targets.entityRef}' has no Argo CD applications`,
    );
  }
  const client = argocd.instances.require(ref.instance);
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
  return {
    target,
    client,
    ref,
    serviceName: targets.serviceName,
    entityRef: targets.entityRef,
    ...(options.claims ? { claims: options.claims } : {}),
  };
}

/** The application a write is about, for the claim check before any upstream request. */
export function claimedApplication(bound: BoundApplication): ClaimedObject {
  const { ref } = bound;
  return {
    kind: 'argocd',
    instance: ref.instance,
    namespace: ref.appNamespace ?? bound.target.appNamespace,
    name: ref.application,
    description: `Argo CD application '${ref.application}' on '${ref.instance}'`,
  };
}

/** The named application, read now (an action acts on what is true now), if it is the entity's. */
export async function readEntityApplication(
  bound: BoundApplication,
): Promise<EntityApplication> {
  const { target, client, ref } = bound;
  const apps = await client.listApplications({
    ...argoCdApplicationQuery(target),
    appNamespace: ref.appNamespace ?? target.appNamespace,
  });
  const app = apps.find(a => a.metadata?.name === ref.application);
  if (!app) throw notEntityApplication(ref);
  await bound.claims?.assertSoleApplicationClaimant({
    entityRef: bound.entityRef,
    instance: client.name,
    namespace: app.metadata?.namespace,
    name: ref.application,
    project: app.spec?.project,
    labels: app.metadata?.labels,
  });
  return { client, app };
}

function notEntityApplication(ref: RollbackApplicationRef): NotFoundError {
  return new NotFoundError(
    `Application '${ref.application}' on Argo CD '${ref.instance}' is not one of the entity's applications`,
  );
}
