import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ArgoCdTarget,
  ClaimConflict,
  DeliveryTargets,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KubernetesTarget,
  labelsMatchSelector,
  readDeliveryTargets,
} from '@go-delivery/plugin-delivery-common';
import { entitiesWithAnnotations } from '../lib/entitiesWithAnnotations';

/** What one entity claims: where its Argo CD applications and its Kubernetes objects are. */
interface Claim {
  entityRef: string;
  argocd?: ArgoCdTarget;
  kubernetes?: KubernetesTarget;
}

/** How long the catalog's claims are reused; a new entity's claim counts after at most this. */
const INDEX_TTL_MS = 30_000;

const CLAIM_ANNOTATIONS = [
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
];

/** What an entity's valid targets claim; a malformed annotation selects nothing. */
function claimOf(targets: DeliveryTargets): Claim {
  const valid = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch {
      return undefined;
    }
  };
  return {
    entityRef: targets.entityRef,
    argocd: valid(() => targets.argocd),
    kubernetes: valid(() => targets.kubernetes),
  };
}

const compatible = (a?: string, b?: string) =>
  a === undefined || b === undefined || a === b;

/** One object a write or a view is about, as far as it is known without reading it. */
export type ClaimedObject =
  | { kind: 'kubernetes'; namespace: string; description: string }
  | {
      kind: 'argocd';
      instance: string;
      namespace?: string;
      name: string;
      description: string;
    };

/**
 * Whether another entity's annotations select this object the same way this entity's do: the
 * same selector (or Kubernetes id) in a namespace that includes the object's, or the same Argo CD
 * application name or selector on the object's instance. Known without asking any upstream.
 */
function sharesClaim(
  mine: Claim,
  other: Claim,
  object: ClaimedObject,
): boolean {
  if (object.kind === 'kubernetes') {
    return (
      Boolean(mine.kubernetes && other.kubernetes) &&
      other.kubernetes!.labelSelector === mine.kubernetes!.labelSelector &&
      compatible(other.kubernetes!.namespace, object.namespace)
    );
  }
  const a = mine.argocd;
  const b = other.argocd;
  if (!a || !b) return false;
  // Only what both annotations say outright; a selector of one matching the other's
  // application by its labels shows once the application is read.
  const same =
    (a.appName === object.name && b.appName === object.name) ||
    (a.appSelector !== undefined && a.appSelector === b.appSelector);
  return (
    same &&
    compatible(b.instanceName, object.instance) &&
    compatible(b.appNamespace, object.namespace) &&
    compatible(b.projectName, a.projectName)
  );
}

/**
 * Claims are exclusive: an Argo CD application or a Kubernetes object belongs to one entity. The
 * catalog's entities that carry delivery annotations are read (with the plugin's own
 * credentials, so entities the caller cannot see count too) and kept for 30 seconds. A write
 * through an entity is refused with 409 naming both entities when another entity claims the same
 * objects — before any upstream request when their annotations select the object the same way,
 * and after reading the object when another entity's selector also matches its labels.
 */
export class EntityClaims {
  private index?: { until: number; claims: Promise<Claim[]> };

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  /** The other entities whose annotations select this object the same way (no upstream request). */
  async sharedWith(
    targets: DeliveryTargets,
    object: ClaimedObject,
  ): Promise<string[]> {
    const mine = claimOf(targets);
    return (await this.claims())
      .filter(
        other =>
          other.entityRef !== targets.entityRef &&
          sharesClaim(mine, other, object),
      )
      .map(other => other.entityRef);
  }

  /** Refuses a write on an object another entity claims the same way (no upstream request). */
  async assertNotShared(
    targets: DeliveryTargets,
    object: ClaimedObject,
  ): Promise<void> {
    const others = await this.sharedWith(targets, object);
    if (others.length > 0) {
      throw new ConflictError(
        conflictMessage(object.description, [targets.entityRef, ...others]),
      );
    }
  }

  /**
   * The conflicts a card shows of the objects it lists, grouped by the entities that share
   * them; empty when the catalog cannot be asked (a read is not refused for that, only writes).
   */
  async conflictsInView(
    targets: DeliveryTargets,
    objects: ClaimedObject[],
  ): Promise<ClaimConflict[]> {
    try {
      const groups = new Map<string, ClaimConflict>();
      for (const object of objects) {
        const others = await this.sharedWith(targets, object);
        if (others.length === 0) continue;
        const entities = [targets.entityRef, ...others];
        const key = `${object.kind}:${entities.join(',')}`;
        const group = groups.get(key) ?? {
          kind: object.kind,
          entities,
          objects: [],
          message: '',
        };
        group.objects.push(object.description);
        group.message = conflictMessage(group.objects.join(', '), entities);
        groups.set(key, group);
      }
      return [...groups.values()];
    } catch {
      return [];
    }
  }

  /** Refuses a write on an object that another entity's selector also matches. */
  async assertSoleClaimant(options: {
    entityRef: string;
    kind: ClaimConflict['kind'];
    object: string;
    matches: (claim: Claim) => boolean;
  }): Promise<void> {
    const others = (await this.claims()).filter(
      c => c.entityRef !== options.entityRef && options.matches(c),
    );
    if (others.length > 0) {
      throw new ConflictError(
        conflictMessage(options.object, [
          options.entityRef,
          ...others.map(c => c.entityRef),
        ]),
      );
    }
  }

  /** Refuses a write on a Kubernetes object another entity's target also selects. */
  assertSoleKubernetesClaimant(options: {
    entityRef: string;
    object: string;
    namespace?: string;
    labels?: Record<string, string>;
  }): Promise<void> {
    return this.assertSoleClaimant({
      entityRef: options.entityRef,
      kind: 'kubernetes',
      object: options.object,
      matches: claim =>
        Boolean(claim.kubernetes) &&
        compatible(claim.kubernetes!.namespace, options.namespace) &&
        labelsMatchSelector(claim.kubernetes!.labelSelector, options.labels),
    });
  }

  /** Refuses a write on an Argo CD application another entity's target also names. */
  assertSoleApplicationClaimant(options: {
    entityRef: string;
    instance: string;
    namespace?: string;
    name: string;
    project?: string;
    labels?: Record<string, string>;
  }): Promise<void> {
    return this.assertSoleClaimant({
      entityRef: options.entityRef,
      kind: 'argocd',
      object: `Argo CD application '${options.name}' on '${options.instance}'`,
      matches: ({ argocd }) =>
        Boolean(argocd) &&
        compatible(argocd!.instanceName, options.instance) &&
        compatible(argocd!.appNamespace, options.namespace) &&
        compatible(argocd!.projectName, options.project) &&
        (argocd!.appSelector !== undefined
          ? labelsMatchSelector(argocd!.appSelector, options.labels)
          : argocd!.appName === options.name),
    });
  }

  private claims(): Promise<Claim[]> {
    const now = (this.options.now ?? Date.now)();
    if (!this.index || this.index.until <= now) {
      const claims = this.load();
      this.index = { until: now + INDEX_TTL_MS, claims };
      // A failed read is not kept: the next write asks the catalog again.
      claims.catch(() => {
        if (this.index?.claims === claims) this.index = undefined;
      });
    }
    return this.index.claims;
  }

  private async load(): Promise<Claim[]> {
    try {
      const items = await entitiesWithAnnotations({
        ...this.options,
        annotations: CLAIM_ANNOTATIONS,
      });
      return items
        .map(entity => claimOf(readDeliveryTargets(entity)))
        .filter(claim => claim.argocd || claim.kubernetes);
    } catch (error) {
      this.options.logger.warn(`Reading the catalog's claims failed: ${error}`);
      // Fail closed: a write whose exclusivity cannot be checked does not happen.
      throw new ServiceUnavailableError(
        'The catalog could not be asked which entities claim this object; try again',
      );
    }
  }
}

function conflictMessage(objects: string, entities: string[]): string {
  return `${objects}: claimed by ${entities.join(
    ' and ',
  )}; writes through any of them are refused until only one entity selects it`;
}
