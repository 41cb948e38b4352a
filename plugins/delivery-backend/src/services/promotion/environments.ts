import {
  commitUrl,
  EnvironmentView,
  PinnedImageView,
  PromotionApplicationRef,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  ArgoCdRevisionHistory,
  applicationSources,
  deployedRevision,
  gitopsRevision,
  gitopsSourceIndex,
} from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../actions/confirmation';
import { EntityApplication } from '../../binding/argoCdApplications';
import {
  applicationEnvironment,
  inPromotionOrder,
} from '../deployments/applicationEnvironment';
import { toSources } from '../deployments/toApplicationView';
import {
  isOperationRunning,
  productionNames,
} from '../rollback/applicationHistory';

/** One application of the entity with the environment it deploys to. */
export interface EnvironmentApplication extends EntityApplication {
  environment: string;
  ref: PromotionApplicationRef;
}

/** A promotion step: the image of `from` goes into `to`. */
export interface PromotionPair {
  from: EnvironmentApplication;
  to: EnvironmentApplication;
}

/** An application of the entity with the environment it deploys to and its reference. */
export function withEnvironment(
  found: EntityApplication,
): EnvironmentApplication {
  const { client, app } = found;
  return {
    ...found,
    environment: applicationEnvironment(app),
    ref: {
      instance: client.name,
      application: app.metadata?.name ?? '',
      ...(app.metadata?.namespace
        ? { appNamespace: app.metadata.namespace }
        : {}),
    },
  };
}

/** The entity's applications in promotion order (dev → staging → prod), by name within one. */
export function environmentsInOrder(
  applications: EntityApplication[],
): EnvironmentApplication[] {
  const located = applications.map(withEnvironment);
  const order = inPromotionOrder(located.map(a => a.environment));
  return located.sort(
    (a, b) =>
      order.indexOf(a.environment) - order.indexOf(b.environment) ||
      a.ref.application.localeCompare(b.ref.application) ||
      a.ref.instance.localeCompare(b.ref.instance),
  );
}

/**
 * The promotion steps: every application of an environment takes the image of the first
 * application of the environment before it (one source per step, so a prod spread over several
 * clusters is promoted from the same staging).
 */
export function promotionPairs(
  ordered: EnvironmentApplication[],
): PromotionPair[] {
  const environments = [...new Set(ordered.map(a => a.environment))];
  return environments.slice(1).flatMap((environment, i) => {
    const from = ordered.find(a => a.environment === environments[i])!;
    return ordered
      .filter(a => a.environment === environment)
      .map(to => ({ from, to }));
  });
}

/** The newest deploy of an application's history. */
export function newestDeploy(
  app: ArgoCdApplication,
): ArgoCdRevisionHistory | undefined {
  const history = app.status?.history ?? [];
  return history.reduce<ArgoCdRevisionHistory | undefined>(
    (newest, entry) =>
      !newest || Number(entry?.id ?? 0) > Number(newest.id ?? 0)
        ? entry
        : newest,
    undefined,
  );
}

function timeOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = Date.parse(String(value));
  return Number.isNaN(ms) ? undefined : ms;
}

const DIGEST = /@(sha256:[0-9a-f]{64})$/;

/** `registry/name:tag@sha256:…` as a pinned image (the tag and digest are optional). */
export function parseImageReference(reference: string): PinnedImageView {
  const digest = DIGEST.exec(reference)?.[1];
  const withoutDigest = digest
    ? reference.slice(0, -digest.length - 1)
    : reference;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  return {
    name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    reference,
    ...(hasTag ? { tag: withoutDigest.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

/**
 * The service's image among those Argo CD reports running (`status.summary.images`): the only
 * one, or the one named after the service. During a canary two run; the newer one is the
 * deploy's (the last Argo CD lists is not guaranteed, so undefined rather than a guess).
 */
export function runningImage(
  app: ArgoCdApplication,
  service: string,
): PinnedImageView | undefined {
  const images = (app.status?.summary?.images ?? []).map(parseImageReference);
  const named = images.filter(i => {
    const last = i.name.split('/').pop();
    return last === service;
  });
  const candidates = named.length > 0 ? named : images;
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** What the card shows of one environment. */
export function toEnvironmentView(options: {
  application: EnvironmentApplication;
  /** How far it is behind the environment before it (see DeployedImages). */
  behind?: EnvironmentView['behind'];
  /** The pipeline run that built the image, when it can be told. */
  build?: EnvironmentView['build'];
  service: string;
  productionTargets: ProductionTargets;
}): EnvironmentView {
  const { application, behind, build, service } = options;
  const { app, client } = application;
  const newest = newestDeploy(app);
  const revision =
    deployedRevision(newest) ?? deployedRevision(app.status?.sync);
  const operation = app.status?.operationState;
  const image = runningImage(app, service);
  // A multi-source application links the commit of its GitOps source.
  const gitops = applicationSources(app)[gitopsSourceIndex(app)];
  const url = commitUrl(
    gitops?.repoURL,
    app.spec?.sources?.length
      ? gitopsRevision(app, newest ?? app.status?.sync)
      : revision,
  );
  const deployedAt = timeOf(newest?.deployedAt);
  const sources = toSources(
    newest?.sources ?? app.spec?.sources,
    newest ?? app.status?.sync,
  );
  return {
    environment: application.environment,
    application: application.ref,
    productionLike: options.productionTargets.isProductionLike(
      productionNames(app, client.name),
    ),
    sync: app.status?.sync?.status ?? 'Unknown',
    health: app.status?.health?.status ?? 'Unknown',
    ...(isOperationRunning(app)
      ? {
          operation: {
            phase: operation?.phase ?? 'Running',
            ...(operation?.startedAt
              ? { startedAt: String(operation.startedAt) }
              : {}),
            ...(deployedRevision(operation?.operation?.sync)
              ? { revision: deployedRevision(operation?.operation?.sync) }
              : {}),
          },
        }
      : {}),
    ...(revision ? { revision } : {}),
    ...(url ? { revisionUrl: url } : {}),
    ...(sources ? { sources } : {}),
    ...(image ? { image } : {}),
    ...(deployedAt !== undefined
      ? { deployedAt: new Date(deployedAt).toISOString() }
      : {}),
    ...(behind ? { behind } : {}),
    ...(build ? { build } : {}),
  };
}
