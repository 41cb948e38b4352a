import { InputError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  deliveryRollbackPermission,
  ROLLOUT_ACTIONS,
  rolloutAbortPermission,
  RolloutAction,
  RolloutActionRequest,
  rolloutPromotePermission,
} from '@go-delivery/plugin-delivery-common';
import { KubernetesClient } from '@go-delivery/plugin-delivery-node';
import { Request } from 'express';
import Router from 'express-promise-router';
import { readIdempotencyKey } from '../actions/ActionLedger';
import { ActionFrameServices, entityAction } from '../actions/entityAction';
import { claimedKubernetesObject } from '../binding/kubernetesObjects';
import { bindRollout, ROLLOUTS } from '../services/rollouts/rolloutBinding';
import { RolloutActions } from '../services/rollouts/RolloutActions';
import { RolloutsReader } from '../services/rollouts/RolloutsReader';
import { PerformedAction } from '../services/dora/DeliveryEventRecorder';
import { InstanceRegistry } from '../upstreams/InstanceRegistry';
import {
  optionalInteger,
  optionalString,
  readObjectBody,
  requiredString,
} from './bodyFields';
import { entityRead } from './entityRead';
import { listedObject, withConflicts } from './withConflicts';

const FIELDS = [
  'cluster',
  'namespace',
  'name',
  'idempotencyKey',
  'confirmation',
  'toRevision',
] as const;

/** Which permission each action needs. */
const ACTION_PERMISSIONS: Record<
  RolloutAction,
  ResourcePermission<'catalog-entity'>
> = {
  promote: rolloutPromotePermission,
  'promote-full': rolloutPromotePermission,
  retry: rolloutPromotePermission,
  abort: rolloutAbortPermission,
  undo: deliveryRollbackPermission,
};

/** The delivery event each action is, when it is one (a retry is not). */
const PERFORMED: Partial<Record<RolloutAction, PerformedAction['kind']>> = {
  promote: 'promotion',
  'promote-full': 'promotion',
  abort: 'abort',
  undo: 'rollback',
};

/** The body of an action: a Rollout of the entity, a key, and what the action takes. */
export function readRolloutActionRequest(
  action: RolloutAction,
  body: unknown,
): RolloutActionRequest {
  const values = readObjectBody(body, FIELDS);
  if (values.toRevision !== undefined && action !== 'undo') {
    throw new InputError(`'toRevision' is only for undo`);
  }
  const confirmation = optionalString(values, 'confirmation');
  const toRevision = optionalInteger(values, 'toRevision', 2 ** 31);
  return {
    cluster: requiredString(values, 'cluster', 63),
    namespace: requiredString(values, 'namespace', 63),
    name: requiredString(values, 'name'),
    idempotencyKey: readIdempotencyKey(values.idempotencyKey),
    ...(confirmation !== undefined ? { confirmation } : {}),
    ...(toRevision !== undefined ? { toRevision } : {}),
  };
}

function isKnownAction(value: string): value is RolloutAction {
  return (ROLLOUT_ACTIONS as readonly string[]).includes(value);
}

/** The action of the path as the audit event names it: known, or its first 40 characters. */
function pathAction(req: Request): string {
  const action = req.params.action;
  return isKnownAction(action) ? action : action.slice(0, 40);
}

type RolloutsOptions = ActionFrameServices & {
  clusters: InstanceRegistry<KubernetesClient>;
  rollouts: RolloutsReader;
  rolloutActions: RolloutActions;
};

/** The rollouts read and the rollout actions, for the routes and the actions registry. */
export function rolloutsFrames(options: RolloutsOptions) {
  const { clusters, rollouts, rolloutActions } = options;
  return {
    read: entityRead({
      ...options,
      eventId: 'rollouts-read',
      read: async ({ targets, conflicts }) => {
        const response = await rollouts.listRollouts(targets.kubernetes);
        return withConflicts(
          response,
          response.rollouts.map(rollout => listedObject('Rollout', rollout)),
          conflicts,
        );
      },
      summarize: response => ({
        rollouts: response.rollouts.length,
        failedClusters: response.failures.map(f => f.instance),
      }),
    }),
    act: entityAction(options, {
      eventId: req =>
        `rollout-${
          isKnownAction(req.params.action)
            ? req.params.action
            : 'unknown-action'
        }`,
      severity: 'medium',
      action: pathAction,
      parse: req => {
        const action = req.params.action;
        if (!isKnownAction(action)) {
          throw new InputError(
            `Unknown rollout action; expected one of ${ROLLOUT_ACTIONS.join(
              ', ',
            )}`,
          );
        }
        return { action, request: readRolloutActionRequest(action, req.body) };
      },
      auditTarget: ({ request }) => ({
        cluster: request.cluster,
        namespace: request.namespace,
        name: request.name,
        ...(request.toRevision !== undefined
          ? { toRevision: request.toRevision }
          : {}),
      }),
      permission: ({ action }) => ACTION_PERMISSIONS[action],
      bind: ({ targets, body, claims }) =>
        bindRollout({ targets, clusters, ref: body.request, claims }),
      exclusive: (_body, bound) => claimedKubernetesObject(bound, ROLLOUTS),
      once: ({ request }) => ({
        idempotencyKey: request.idempotencyKey,
        lock: `rollout:${request.cluster}/${request.namespace}/${request.name}`,
        description: `An action on Rollout '${request.name}'`,
      }),
      act: ({ bound, body }) =>
        rolloutActions.perform(bound, body.action, {
          confirmation: body.request.confirmation,
          toRevision: body.request.toRevision,
        }),
      record: ({ body, result }) => {
        const kind = PERFORMED[body.action];
        return kind
          ? {
              kind,
              cluster: body.request.cluster,
              namespace: body.request.namespace,
              name: body.request.name,
              summary: result.message,
            }
          : undefined;
      },
      summarize: result => ({ result: result.message }),
    }),
  };
}

/**
 * The rollout card's routes under `/entities/:kind/:namespace/:name/rollouts`: the entity's
 * Rollouts, and promote, promote-full, abort, retry and undo. A body can only name one of the
 * entity's own Rollouts on a configured cluster.
 */
export function rolloutsRoutes(options: RolloutsOptions) {
  const frames = rolloutsFrames(options);
  const router = Router();
  const base = '/entities/:kind/:namespace/:name/rollouts';
  router.get(base, frames.read);
  router.post(`${base}/:action`, frames.act);
  return router;
}
