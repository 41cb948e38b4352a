import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  RollbackRequest,
  RollbackResult,
  RollbackTarget,
} from '@go-delivery/plugin-delivery-common';
import Router from 'express-promise-router';
import { readIdempotencyKey } from '../actions/ActionLedger';
import { ActionFrameServices, entityAction } from '../actions/entityAction';
import { PerformedAction } from '../services/dora/DeliveryEventRecorder';
import { RollbackOptionsReader } from '../services/rollback/RollbackOptionsReader';
import {
  RollbackStrategies,
  strategyFor,
} from '../services/rollback/rollbackStrategies';
import {
  applicationFields,
  optionalBoolean,
  optionalInteger,
  optionalString,
  readObjectBody,
  requiredInteger,
  requiredString,
} from './bodyFields';
import { entityRead } from './entityRead';
import {
  listedApplication,
  listedObject,
  withConflicts,
} from './withConflicts';

/** Audit metadata is JSON; the view-model interfaces are too, without saying so. */
function asJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value));
}

const EXECUTE_FIELDS = ['confirmation', 'idempotencyKey'];
const TARGET_FIELDS: Record<RollbackTarget['kind'], string[]> = {
  'abort-canary': ['kind', 'rollout'],
  'rollout-undo': ['kind', 'rollout', 'toRevision'],
  argocd: [
    'kind',
    'instance',
    'application',
    'appNamespace',
    'historyId',
    'disableAutoSync',
    'prune',
  ],
  gitops: ['kind', 'instance', 'application', 'appNamespace', 'historyId'],
};

function readKind(body: unknown): RollbackTarget['kind'] {
  const kind = (body as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(TARGET_FIELDS, kind)) {
    throw new InputError(
      `'kind' must be one of ${Object.keys(TARGET_FIELDS).join(', ')}`,
    );
  }
  return kind as RollbackTarget['kind'];
}

function readRolloutRef(value: unknown) {
  const rollout = readObjectBody(value, ['cluster', 'namespace', 'name']);
  return {
    cluster: requiredString(rollout, 'cluster', 63),
    namespace: requiredString(rollout, 'namespace', 63),
    name: requiredString(rollout, 'name'),
  };
}

/** A rollback target from a request body, with nothing but the fields its kind has. */
export function readRollbackTarget(
  body: unknown,
  extraFields: string[] = [],
): RollbackTarget {
  const kind = readKind(body);
  const values = readObjectBody(body, [...TARGET_FIELDS[kind], ...extraFields]);
  if (kind === 'abort-canary') {
    return { kind, rollout: readRolloutRef(values.rollout) };
  }
  if (kind === 'rollout-undo') {
    const toRevision = optionalInteger(values, 'toRevision', 2 ** 31);
    return {
      kind,
      rollout: readRolloutRef(values.rollout),
      ...(toRevision !== undefined ? { toRevision } : {}),
    };
  }
  const application = {
    ...applicationFields(values),
    historyId: requiredInteger(values, 'historyId', 2 ** 31),
  };
  if (kind === 'gitops') return { kind, ...application };
  const disableAutoSync = optionalBoolean(values, 'disableAutoSync');
  const prune = optionalBoolean(values, 'prune');
  return {
    kind,
    ...application,
    ...(disableAutoSync !== undefined ? { disableAutoSync } : {}),
    ...(prune !== undefined ? { prune } : {}),
  };
}

/** The body of the rollback endpoint: a target, the confirmation and the idempotency key. */
export function readRollbackRequest(body: unknown): RollbackRequest {
  const target = readRollbackTarget(body, EXECUTE_FIELDS);
  const values = body as Record<string, unknown>;
  const confirmation = optionalString(values, 'confirmation');
  return {
    ...target,
    ...(confirmation !== undefined ? { confirmation } : {}),
    idempotencyKey: readIdempotencyKey(values.idempotencyKey),
  };
}

/** A rollback as the delivery event store keeps it: an abort of a canary, else a rollback. */
function performedRollback(
  target: RollbackTarget,
  result: RollbackResult,
): PerformedAction {
  if (target.kind === 'abort-canary' || target.kind === 'rollout-undo') {
    return {
      kind: target.kind === 'abort-canary' ? 'abort' : 'rollback',
      cluster: target.rollout.cluster,
      namespace: target.rollout.namespace,
      name: target.rollout.name,
      summary: result.message,
    };
  }
  return {
    kind: 'rollback',
    instance: target.instance,
    application: target.application,
    ...(result.operation?.revision
      ? { revision: result.operation.revision }
      : {}),
    summary: result.message,
  };
}

/** The target of a request, without what only the execution needs. */
function targetOf(request: RollbackRequest): RollbackTarget {
  const { confirmation: _c, idempotencyKey: _k, ...target } = request;
  return target;
}

type RollbackOptions = ActionFrameServices & {
  rollbackOptions: RollbackOptionsReader;
  rollbackStrategies: RollbackStrategies;
};

/** The rollback dialog's read, preview and rollback, for the routes and the actions registry. */
export function rollbackFrames(options: RollbackOptions) {
  const { rollbackOptions, rollbackStrategies } = options;
  const strategy = (target: RollbackTarget) =>
    strategyFor(rollbackStrategies, target.kind);
  return {
    options: entityRead({
      ...options,
      eventId: 'rollback-options-read',
      read: async context => {
        const response = await rollbackOptions.listOptions(context);
        return withConflicts(
          response,
          [
            ...response.canaries.map(c => listedObject('Rollout', c.rollout)),
            ...(response.undos ?? []).map(u =>
              listedObject('Rollout', u.rollout),
            ),
            ...response.applications.map(a =>
              listedApplication({
                instance: a.instance,
                namespace: a.appNamespace,
                name: a.application,
              }),
            ),
          ],
          context.conflicts,
        );
      },
      summarize: response => ({
        canaries: response.canaries.length,
        applications: response.applications.length,
        failed: response.failures.map(f => f.instance),
      }),
    }),
    preview: entityAction(options, {
      eventId: 'rollback-preview',
      severity: 'low',
      parse: req => readRollbackTarget(req.body),
      actionOfBody: target => target.kind,
      auditTarget: asJson,
      permission: target => strategy(target).permission,
      bind: ({ targets, body }) => strategy(body).bind(targets, body),
      act: ({ bound, body }) => strategy(body).preview(bound, body),
      summarize: preview => ({ result: preview.summary }),
    }),
    rollback: entityAction(options, {
      eventId: 'rollback',
      severity: 'high',
      parse: req => readRollbackRequest(req.body),
      actionOfBody: request => request.kind,
      auditTarget: request => asJson(targetOf(request)),
      permission: request => strategy(request).permission,
      bind: ({ targets, body, claims }) =>
        strategy(body).bind(targets, targetOf(body), claims),
      exclusive: (request, bound) => strategy(request).claimed(bound),
      once: request => ({
        idempotencyKey: request.idempotencyKey,
        ...strategy(request).lock(targetOf(request)),
      }),
      act: ({ bound, body, actor }) =>
        strategy(body).execute(bound, targetOf(body), {
          confirmation: body.confirmation,
          actor,
          idempotencyKey: body.idempotencyKey,
        }),
      record: ({ body, result }) => performedRollback(targetOf(body), result),
      summarize: result => ({
        result: result.message,
        ...(result.commit ? { commit: asJson(result.commit) } : {}),
        ...(result.pullRequest
          ? { pullRequest: asJson(result.pullRequest) }
          : {}),
        ...(result.autoSyncDisabled ? { autoSyncDisabled: true } : {}),
      }),
    }),
  };
}

/**
 * The rollback dialog's routes under `/entities/:kind/:namespace/:name/rollback`: what applies
 * (GET), what a rollback would change (POST …/preview, changes nothing), and the rollback
 * (POST). Each kind of rollback is a strategy; these routes only dispatch. Every attempt is
 * audited with the actor, the entity, the action, the target and the result.
 */
export function rollbackRoutes(options: RollbackOptions) {
  const frames = rollbackFrames(options);
  const router = Router();
  const base = '/entities/:kind/:namespace/:name/rollback';
  router.get(base, frames.options);
  router.post(`${base}/preview`, frames.preview);
  router.post(base, frames.rollback);
  return router;
}
