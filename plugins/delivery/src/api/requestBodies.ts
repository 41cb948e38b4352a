import {
  PromotionApplicationRef,
  PromotionRequest,
  PromotionTarget,
  RollbackRequest,
  RollbackTarget,
  RolloutActionRequest,
} from '@go-delivery/plugin-delivery-common';

/*
 * The backend refuses any field an action body does not name, so bodies are built field by
 * field from what the caller passed, never spread from a view model.
 */

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** The body of a rollout action: the Rollout, the key, and what the action takes. */
export function rolloutActionBody(request: RolloutActionRequest) {
  return defined({
    cluster: request.cluster,
    namespace: request.namespace,
    name: request.name,
    idempotencyKey: request.idempotencyKey,
    confirmation: request.confirmation,
    toRevision: request.toRevision,
  });
}

/** The body of the preview: the target with the fields of its kind only. */
export function rollbackTargetBody(target: RollbackTarget) {
  if (target.kind === 'abort-canary' || target.kind === 'rollout-undo') {
    return {
      kind: target.kind,
      rollout: {
        cluster: target.rollout.cluster,
        namespace: target.rollout.namespace,
        name: target.rollout.name,
      },
      ...(target.kind === 'rollout-undo'
        ? defined({ toRevision: target.toRevision })
        : {}),
    };
  }
  const application = defined({
    kind: target.kind,
    instance: target.instance,
    application: target.application,
    appNamespace: target.appNamespace,
    historyId: target.historyId,
  });
  if (target.kind === 'gitops') return application;
  return {
    ...application,
    ...defined({
      disableAutoSync: target.disableAutoSync,
      prune: target.prune,
    }),
  };
}

/** The body of the rollback: the target, the confirmation and the idempotency key. */
export function rollbackRequestBody(request: RollbackRequest) {
  return {
    ...rollbackTargetBody(request),
    ...defined({
      confirmation: request.confirmation,
      idempotencyKey: request.idempotencyKey,
    }),
  };
}

function applicationRefBody(ref: PromotionApplicationRef) {
  return defined({
    instance: ref.instance,
    application: ref.application,
    appNamespace: ref.appNamespace,
  });
}

/** The body of a promotion preview: the two applications only. */
export function promotionTargetBody(target: PromotionTarget) {
  return {
    from: applicationRefBody(target.from),
    to: applicationRefBody(target.to),
  };
}

/** The body of a promotion: the two applications, the key, the confirmation and an override. */
export function promotionRequestBody(request: PromotionRequest) {
  return defined({
    ...promotionTargetBody(request),
    idempotencyKey: request.idempotencyKey,
    confirmation: request.confirmation,
    override: request.override
      ? { reason: request.override.reason }
      : undefined,
  });
}
