import { ResourcePermission } from '@backstage/plugin-permission-common';
import { KubernetesClient } from '@go-delivery/plugin-delivery-node';
import {
  bindApplication,
  BoundApplication,
  claimedApplication,
} from '../../../binding/argoCdApplications';
import { claimedKubernetesObject } from '../../../binding/kubernetesObjects';
import { ArgoCdReads } from '../../../upstreams/argocd/ArgoCdReads';
import { InstanceRegistry } from '../../../upstreams/InstanceRegistry';
import {
  BoundRollout,
  bindRollout,
  ROLLOUTS,
} from '../../rollouts/rolloutBinding';
import { ClaimedObject, EntityClaims } from '../../../binding/entityClaims';
import {
  DeliveryTargets,
  RollbackApplicationRef,
  RolloutRef,
  RollbackPreview,
  RollbackResult,
  RollbackTarget,
} from '@go-delivery/plugin-delivery-common';

/** What executing a rollback knows of the caller. */
export interface RollbackExecution {
  /** For production-like targets: must equal the target's name. */
  confirmation?: string;
  /** The caller as commit messages and results name them. */
  actor: string;
  /** The request's idempotency key: names what a retry must find again (a change branch). */
  idempotencyKey: string;
}

/**
 * One way of rolling back (abort a canary, Argo CD history, GitOps pin, Rollout undo). Each
 * declares its permission, binds the target to the entity without an upstream request, names the
 * lock that keeps two actions off one target, previews what it would change (writing nothing)
 * and executes. The rollback service only dispatches by `kind`.
 */
export interface RollbackStrategy<T extends RollbackTarget, TBound> {
  readonly kind: T['kind'];
  readonly permission: ResourcePermission<'catalog-entity'>;
  /** The object it writes, for the claim check before any upstream request. */
  claimed(bound: TBound): ClaimedObject;
  /** Binds without an upstream request; `claims` is set when the binding is for a write. */
  bind(targets: DeliveryTargets, target: T, claims?: EntityClaims): TBound;
  lock(target: T): { lock: string; description: string };
  preview(bound: TBound, target: T): Promise<RollbackPreview>;
  execute(
    bound: TBound,
    target: T,
    execution: RollbackExecution,
  ): Promise<RollbackResult>;
}

/** The lock of actions on one Rollout: shared by the rollout routes and the canary strategies. */
export function rolloutLock(rollout: {
  cluster: string;
  namespace: string;
  name: string;
}): { lock: string; description: string } {
  return {
    lock: `rollout:${rollout.cluster}/${rollout.namespace}/${rollout.name}`,
    description: `An action on Rollout '${rollout.name}'`,
  };
}

/** The lock of actions on one Argo CD application. */
export function applicationLock(target: {
  instance: string;
  appNamespace?: string;
  application: string;
}): { lock: string; description: string } {
  return {
    lock: `application:${target.instance}/${target.appNamespace ?? ''}/${
      target.application
    }`,
    description: `A rollback of '${target.application}'`,
  };
}

/**
 * What every strategy acting on one of the entity's Rollouts shares: its binding, the object it
 * claims and the lock.
 */
export function rolloutTargetParts<T extends { rollout: RolloutRef }>(deps: {
  clusters: InstanceRegistry<KubernetesClient>;
}): Pick<
  RollbackStrategy<T & RollbackTarget, BoundRollout>,
  'bind' | 'claimed' | 'lock'
> {
  return {
    bind: (targets, target, claims) =>
      bindRollout({
        targets,
        clusters: deps.clusters,
        ref: target.rollout,
        claims,
      }),
    claimed: bound => claimedKubernetesObject(bound, ROLLOUTS),
    lock: target => rolloutLock(target.rollout),
  };
}

/**
 * What every strategy acting on one of the entity's Argo CD applications shares: its binding,
 * the object it claims and the lock.
 */
export function applicationTargetParts<T extends RollbackApplicationRef>(deps: {
  argocd: ArgoCdReads;
}): Pick<
  RollbackStrategy<T & RollbackTarget, BoundApplication>,
  'bind' | 'claimed' | 'lock'
> {
  return {
    bind: (targets, target, claims) =>
      bindApplication({ targets, argocd: deps.argocd, ref: target, claims }),
    claimed: claimedApplication,
    lock: applicationLock,
  };
}
