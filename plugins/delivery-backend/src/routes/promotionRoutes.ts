import { InputError } from '@backstage/errors';
import {
  deliveryPromoteOverridePermission,
  deliveryPromotePermission,
  OVERRIDE_REASON_LENGTH,
  PromotionApplicationRef,
  PromotionRequest,
  PromotionTarget,
} from '@go-delivery/plugin-delivery-common';
import Router from 'express-promise-router';
import { readIdempotencyKey } from '../actions/ActionLedger';
import { authorizeEntityAction } from '../actions/authorizeEntityAction';
import {
  ActionContext,
  ActionFrameServices,
  entityAction,
} from '../actions/entityAction';
import { claimedApplication } from '../binding/argoCdApplications';
import { applicationLock } from '../services/rollback/strategies/RollbackStrategy';
import {
  BoundPromotion,
  PromotionService,
} from '../services/promotion/PromotionService';
import {
  applicationFields,
  optionalString,
  readObjectBody,
} from './bodyFields';
import { entityRead } from './entityRead';
import { listedApplication, withConflicts } from './withConflicts';

function readApplicationRef(
  value: unknown,
  field: string,
): PromotionApplicationRef {
  let values: Record<string, unknown>;
  try {
    values = readObjectBody(value, ['instance', 'application', 'appNamespace']);
  } catch (error) {
    throw new InputError(`'${field}': ${(error as Error).message}`);
  }
  return applicationFields(values);
}

/** The preview's body: the two applications and nothing else. */
export function readPromotionTarget(
  body: unknown,
  extraFields: string[] = [],
): PromotionTarget {
  const values = readObjectBody(body, ['from', 'to', ...extraFields]);
  return {
    from: readApplicationRef(values.from, 'from'),
    to: readApplicationRef(values.to, 'to'),
  };
}

function readOverride(value: unknown): { reason: string } | undefined {
  if (value === undefined) return undefined;
  const values = readObjectBody(value, ['reason']);
  const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
  if (
    reason.length < OVERRIDE_REASON_LENGTH.min ||
    reason.length > OVERRIDE_REASON_LENGTH.max
  ) {
    throw new InputError(
      `'override.reason' must say why, in ${OVERRIDE_REASON_LENGTH.min} to ${OVERRIDE_REASON_LENGTH.max} characters`,
    );
  }
  return { reason };
}

/** The promotion's body: the target, the key, the confirmation and an override with its reason. */
export function readPromotionRequest(body: unknown): PromotionRequest {
  const target = readPromotionTarget(body, [
    'confirmation',
    'override',
    'idempotencyKey',
  ]);
  const values = body as Record<string, unknown>;
  const confirmation = optionalString(values, 'confirmation');
  const override = readOverride(values.override);
  return {
    ...target,
    ...(confirmation !== undefined ? { confirmation } : {}),
    ...(override ? { override } : {}),
    idempotencyKey: readIdempotencyKey(values.idempotencyKey),
  };
}

/**
 * Binds both applications to the entity without an upstream request; an override is allowed only
 * to holders of `delivery.promote.override`, checked here, before anything is read.
 */
async function bindPromotion(
  context: ActionContext<PromotionTarget & { override?: unknown }>,
  services: ActionFrameServices & { promotion: PromotionService },
  forWrite: boolean,
): Promise<BoundPromotion> {
  const { targets, body, claims } = context;
  if (body.override) {
    await authorizeEntityAction({
      permissions: services.permissions,
      entity: context.entity,
      credentials: context.credentials,
      permission: deliveryPromoteOverridePermission,
    });
  }
  return services.promotion.bind(
    targets,
    { from: body.from, to: body.to },
    forWrite ? claims : undefined,
  );
}

function auditTarget(target: PromotionTarget) {
  const ref = (r: PromotionApplicationRef) => ({
    instance: r.instance,
    application: r.application,
    ...(r.appNamespace ? { appNamespace: r.appNamespace } : {}),
  });
  return { from: ref(target.from), to: ref(target.to) };
}

type PromotionOptions = ActionFrameServices & { promotion: PromotionService };

/** The Environments card's read, preview and promotion, for the routes and the actions registry. */
export function promotionFrames(options: PromotionOptions) {
  const { promotion } = options;
  return {
    environments: entityRead({
      ...options,
      eventId: 'environments-read',
      read: async context => {
        const response = await promotion.getEnvironments(context.targets);
        return withConflicts(
          response,
          response.environments.map(e =>
            listedApplication({
              instance: e.application.instance,
              namespace: e.application.appNamespace,
              name: e.application.application,
            }),
          ),
          context.conflicts,
        );
      },
      summarize: response => ({
        environments: response.environments.map(e => e.environment),
        failed: response.failures.map(f => f.instance),
      }),
    }),
    preview: entityAction(options, {
      eventId: 'promotion-preview',
      severity: 'low',
      action: 'promote',
      parse: req => readPromotionTarget(req.body),
      auditTarget,
      permission: () => deliveryPromotePermission,
      bind: context => bindPromotion(context, options, false),
      act: ({ targets, bound, body }) =>
        promotion.preview(targets, bound, body),
      summarize: preview => ({
        result: preview.summary,
        open: preview.open,
      }),
    }),
    promote: entityAction(options, {
      eventId: 'promotion',
      severity: 'high',
      action: 'promote',
      parse: req => readPromotionRequest(req.body),
      auditTarget: request => ({
        ...auditTarget(request),
        ...(request.override
          ? { override: { reason: request.override.reason } }
          : {}),
      }),
      permission: () => deliveryPromotePermission,
      bind: context => bindPromotion(context, options, true),
      exclusive: (_request, bound) => claimedApplication(bound.to),
      once: request => ({
        idempotencyKey: request.idempotencyKey,
        ...applicationLock(request.to),
        description: `A promotion into '${request.to.application}'`,
      }),
      act: ({ targets, bound, body, actor }) =>
        promotion.promote(
          targets,
          bound,
          { from: body.from, to: body.to },
          {
            actor,
            idempotencyKey: body.idempotencyKey,
            ...(body.confirmation !== undefined
              ? { confirmation: body.confirmation }
              : {}),
            ...(body.override ? { override: body.override } : {}),
          },
        ),
      record: ({ body, result }) => ({
        kind: 'promotion',
        instance: body.to.instance,
        application: body.to.application,
        revision: result.commit.sha,
        summary: result.message,
      }),
      summarize: result => ({
        result: result.message,
        commit: { ...result.commit },
        ...(result.pullRequest
          ? { pullRequest: { ...result.pullRequest } }
          : {}),
        ...(result.overridden
          ? {
              overridden: {
                gates: [...result.overridden.gates],
                reason: result.overridden.reason,
              },
            }
          : {}),
      }),
    }),
  };
}

/**
 * The Environments card's routes under `/entities/:kind/:namespace/:name`: the environments and
 * their promotion steps with gates (GET …/environments), what a promotion would change
 * (POST …/promotion/preview, changes nothing) and the promotion (POST …/promotion).
 */
export function promotionRoutes(options: PromotionOptions) {
  const frames = promotionFrames(options);
  const router = Router();
  const base = '/entities/:kind/:namespace/:name';
  router.get(`${base}/environments`, frames.environments);
  router.post(`${base}/promotion/preview`, frames.preview);
  router.post(`${base}/promotion`, frames.promote);
  return router;
}
