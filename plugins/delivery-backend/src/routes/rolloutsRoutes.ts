import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ROLLOUT_ACTIONS,
  RolloutAction,
  RolloutActionRequest,
} from '@go-delivery/plugin-delivery-common';
import express from 'express';
import Router from 'express-promise-router';
import { entityRead } from './entityRead';
import { readIdempotencyKey } from '../lib/ActionOnce';
import { principalOf } from '../lib/authorizeEntityAction';
import { loadEntityForCaller } from '../lib/loadEntityForCaller';
import { RolloutsService } from '../services/rollouts/RolloutsService';
import {
  entityRefOfPath,
  optionalInteger,
  optionalString,
  readObjectBody,
  requiredString,
} from './bodyFields';

const FIELDS = [
  'cluster',
  'namespace',
  'name',
  'idempotencyKey',
  'confirmation',
  'toRevision',
] as const;

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

/**
 * The rollout card's routes under `/entities/:kind/:namespace/:name/rollouts`: the entity's
 * Rollouts, and promote, promote-full, abort, retry and undo. A body can only name one of the
 * entity's own Rollouts on a configured cluster.
 */
export function rolloutsRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  rollouts: RolloutsService;
}) {
  const { httpAuth, auditor, catalog, rollouts } = options;
  const router = Router();
  const base = '/entities/:kind/:namespace/:name/rollouts';

  router.get(
    base,
    entityRead({
      ...options,
      eventId: 'rollouts-read',
      read: ({ entity, credentials }) =>
        rollouts.listRollouts(entity, credentials),
      summarize: response => ({
        rollouts: response.rollouts.length,
        failedClusters: response.failures.map(f => f.instance),
      }),
    }),
  );

  router.post(
    `${base}/:action`,
    express.json({ limit: '10kb' }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const action = req.params.action as RolloutAction;
      const known = (ROLLOUT_ACTIONS as readonly string[]).includes(action);
      const event = await auditor.createEvent({
        eventId: `rollout-${known ? action : 'unknown-action'}`,
        severityLevel: 'medium',
        request: req,
        meta: {
          actor: principalOf(credentials),
          entityRef: entityRefOfPath(req.params),
          action: known ? action : req.params.action.slice(0, 40),
        },
      });
      let target: object | undefined;
      try {
        if (!known) {
          throw new InputError(
            `Unknown rollout action; expected one of ${ROLLOUT_ACTIONS.join(
              ', ',
            )}`,
          );
        }
        const request = readRolloutActionRequest(action, req.body);
        target = {
          cluster: request.cluster,
          namespace: request.namespace,
          name: request.name,
          ...(request.toRevision !== undefined
            ? { toRevision: request.toRevision }
            : {}),
        };
        const entity = await loadEntityForCaller({
          catalog,
          params: req.params,
          credentials,
        });
        const result = await rollouts.act({
          entity,
          action,
          request,
          credentials,
        });
        await event.success({
          meta: {
            action,
            target,
            result: result.message,
            replayed: result.replayed,
          },
        });
        res.json(result);
      } catch (error) {
        await event.fail({
          error: error as Error,
          meta: { action, ...(target ? { target } : {}) },
        });
        throw error;
      }
    },
  );

  return router;
}
