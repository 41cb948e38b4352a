import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import {
  RollbackRequest,
  RollbackTarget,
} from '@go-delivery/plugin-delivery-common';
import express from 'express';
import Router from 'express-promise-router';
import { entityRead } from './entityRead';
import { readIdempotencyKey } from '../lib/ActionOnce';
import { principalOf } from '../lib/authorizeEntityAction';
import { loadEntityForCaller } from '../lib/loadEntityForCaller';
import { RollbackService } from '../services/rollback/RollbackService';
import {
  entityRefOfPath,
  optionalBoolean,
  optionalString,
  readObjectBody,
  requiredInteger,
  requiredString,
} from './bodyFields';

/** Audit metadata is JSON; the view-model interfaces are too, without saying so. */
function asJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value));
}

const EXECUTE_FIELDS = ['confirmation', 'idempotencyKey'];
const TARGET_FIELDS: Record<RollbackTarget['kind'], string[]> = {
  'abort-canary': ['kind', 'rollout'],
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

/** A rollback target from a request body, with nothing but the fields its kind has. */
export function readRollbackTarget(
  body: unknown,
  extraFields: string[] = [],
): RollbackTarget {
  const kind = readKind(body);
  const values = readObjectBody(body, [...TARGET_FIELDS[kind], ...extraFields]);
  if (kind === 'abort-canary') {
    const rollout = readObjectBody(values.rollout, [
      'cluster',
      'namespace',
      'name',
    ]);
    return {
      kind,
      rollout: {
        cluster: requiredString(rollout, 'cluster', 63),
        namespace: requiredString(rollout, 'namespace', 63),
        name: requiredString(rollout, 'name'),
      },
    };
  }
  const appNamespace = optionalString(values, 'appNamespace', 63);
  const application = {
    instance: requiredString(values, 'instance', 63),
    application: requiredString(values, 'application'),
    ...(appNamespace !== undefined ? { appNamespace } : {}),
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

/**
 * The rollback dialog's routes under `/entities/:kind/:namespace/:name/rollback`: what applies
 * (GET), what a rollback would change (POST …/preview, changes nothing), and the rollback
 * (POST). Every attempt is audited with the actor, the entity, the action, the target and the
 * result.
 */
export function rollbackRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  rollback: RollbackService;
}) {
  const { httpAuth, auditor, catalog, rollback } = options;
  const router = Router();
  const base = '/entities/:kind/:namespace/:name/rollback';

  router.get(
    base,
    entityRead({
      ...options,
      eventId: 'rollback-options-read',
      read: ({ entity, credentials }) =>
        rollback.listOptions(entity, credentials),
      summarize: response => ({
        canaries: response.canaries.length,
        applications: response.applications.length,
        failed: response.failures.map(f => f.instance),
      }),
    }),
  );

  router.post(
    `${base}/preview`,
    express.json({ limit: '10kb' }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const event = await auditor.createEvent({
        eventId: 'rollback-preview',
        severityLevel: 'low',
        request: req,
        meta: {
          actor: principalOf(credentials),
          entityRef: entityRefOfPath(req.params),
        },
      });
      let target: RollbackTarget | undefined;
      try {
        target = readRollbackTarget(req.body);
        const entity = await loadEntityForCaller({
          catalog,
          params: req.params,
          credentials,
        });
        const preview = await rollback.preview(entity, target, credentials);
        await event.success({
          meta: {
            action: target.kind,
            target: asJson(target),
            result: preview.summary,
          },
        });
        res.json(preview);
      } catch (error) {
        await event.fail({
          error: error as Error,
          meta: target ? { action: target.kind, target: asJson(target) } : {},
        });
        throw error;
      }
    },
  );

  router.post(base, express.json({ limit: '10kb' }), async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const event = await auditor.createEvent({
      eventId: 'rollback',
      severityLevel: 'high',
      request: req,
      meta: {
        actor: principalOf(credentials),
        entityRef: entityRefOfPath(req.params),
      },
    });
    let target: RollbackTarget | undefined;
    try {
      const request = readRollbackRequest(req.body);
      const { confirmation: _c, idempotencyKey: _k, ...rest } = request;
      target = rest;
      const entity = await loadEntityForCaller({
        catalog,
        params: req.params,
        credentials,
      });
      const result = await rollback.rollback(entity, request, credentials);
      await event.success({
        meta: {
          action: target.kind,
          target: asJson(target),
          result: result.message,
          replayed: result.replayed,
          ...(result.commit ? { commit: asJson(result.commit) } : {}),
          ...(result.pullRequest
            ? { pullRequest: asJson(result.pullRequest) }
            : {}),
          ...(result.autoSyncDisabled ? { autoSyncDisabled: true } : {}),
        },
      });
      res.json(result);
    } catch (error) {
      await event.fail({
        error: error as Error,
        meta: target ? { action: target.kind, target: asJson(target) } : {},
      });
      throw error;
    }
  });

  return router;
}
