import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  DeliveryTargets,
  readDeliveryTargets,
} from '@go-delivery/plugin-delivery-common';
import { NotAllowedError } from '@backstage/errors';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { loadEntityForCaller } from '../lib/loadEntityForCaller';
import { asRequestError } from '../lib/requestErrors';
import { ClaimedObject, EntityClaims } from '../binding/entityClaims';
import { entityRefOfPath } from '../routes/bodyFields';
import { ReadFrameServices } from '../routes/entityRead';
import {
  ActionEventSink,
  PerformedAction,
} from '../services/dora/DeliveryEventRecorder';
import { ActionLedger } from './ActionLedger';
import { authorizeEntityAction, principalOf } from './authorizeEntityAction';

/** What every action gets once the frame has checked the request. */
export interface ActionContext<TBody> {
  entity: Entity;
  targets: DeliveryTargets;
  credentials: BackstageCredentials;
  /** The caller as audit events and commit messages name it. */
  actor: string;
  body: TBody;
  /** The request itself, for an action that streams its body (a coverage upload). */
  request: Request;
  /** Which entities claim which objects, for bindings that check a read object. */
  claims: EntityClaims;
}

/** The services the frame runs on; the same for every action route. */
export interface ActionFrameServices extends ReadFrameServices {
  permissions: PermissionsService;
  actions: ActionLedger;
  claims: EntityClaims;
  /** Where performed rollbacks, aborts and promotions are recorded (the DORA figures). */
  deliveryEvents?: ActionEventSink;
}

/** An action route, declared: what it reads from the request, who may, and what it does. */
export interface ActionDefinition<TBody, TBound, TResult extends object> {
  /** The audit event id; from the path when one route serves several actions. */
  eventId: string | ((req: Request) => string);
  severity: 'low' | 'medium' | 'high';
  /** The action's name in audit events: fixed, from the path, or from the body. */
  action?: string | ((req: Request) => string);
  actionOfBody?: (body: TBody) => string;
  /** Principal types that may call; users and services by default. */
  allow?: Array<'user' | 'service'>;
  /** The entity the action is on; the request path's by default. */
  entityOf?: (body: TBody) => { kind: string; namespace: string; name: string };
  /** Strict reading of the request (body, extra path or query parameters): a 400 otherwise. */
  parse: (req: Request) => TBody;
  /** What the audit event records of the target the body names. */
  auditTarget?: (body: TBody) => JsonObject;
  /** The entity-scoped permission the action needs, checked before anything else happens. */
  permission: (body: TBody) => ResourcePermission<'catalog-entity'>;
  /**
   * Binds the body to the entity: the target must be one the entity's annotations and the
   * configuration allow. No upstream request; what it returns is handed to `act`.
   */
  bind?: (context: ActionContext<TBody>) => TBound | Promise<TBound>;
  /**
   * The object the action writes: it is refused (409, naming the entities) when another entity's
   * annotations select it the same way, before any upstream request.
   */
  exclusive?: (body: TBody, bound: TBound) => ClaimedObject | undefined;
  /** Acts once per idempotency key, one action per target at a time (across replicas). */
  once?: (
    body: TBody,
    bound: TBound,
  ) => { idempotencyKey: string; lock: string; description: string };
  act: (context: ActionContext<TBody> & { bound: TBound }) => Promise<TResult>;
  /** What the audit event records of the result. */
  summarize?: (result: TResult) => JsonObject;
  /**
   * The delivery event a success is, if any (a rollback, an abort, a promotion). Recorded once
   * per request: a replayed answer records nothing.
   */
  record?: (
    context: ActionContext<TBody> & { bound: TBound; result: TResult },
  ) => PerformedAction | undefined;
  /** HTTP status of a success; 200 by default. */
  status?: number;
}

function resolve(
  value: string | ((req: Request) => string) | undefined,
  req: Request,
): string | undefined {
  return typeof value === 'function' ? value(req) : value;
}

/**
 * The one frame of every route that changes something: authenticate → open the audit event →
 * strict body → load the entity as the caller (so what they may not see is a 404) → a service
 * principal's grant → the permission the route declares → bind the target to the entity and check that no other entity
 * claims the same objects → once per idempotency key → act
 * → close the audit event with the result or the error. A route declares its permission, body,
 * binding and `act`; nothing reaches an upstream before the checks pass.
 */
export function entityAction<TBody, TBound, TResult extends object>(
  services: ActionFrameServices,
  definition: ActionDefinition<TBody, TBound, TResult>,
) {
  const {
    httpAuth,
    auditor,
    catalog,
    permissions,
    actions,
    claims,
    serviceAccess,
  } = services;
  /**
   * One call of the action, whatever carried it: `request` is the HTTP request, or for a call
   * through the actions registry the same fields (path parameters, body) without a socket.
   */
  const run = async (call: {
    credentials: BackstageCredentials;
    request: Request;
    /** The HTTP request, for the audit event's request details. */
    http?: Request;
  }): Promise<{ status: number; result: TResult }> => {
    const { credentials, request: req } = call;
    const allowed = definition.allow ?? ['user', 'service'];
    const type = (credentials.principal as { type?: string })?.type;
    if (!allowed.includes(type as 'user' | 'service')) {
      throw new NotAllowedError(`This action is not available to a ${type}`);
    }
    const actor = principalOf(credentials) ?? 'unknown';
    const pathAction = resolve(definition.action, req);
    const event = await auditor.createEvent({
      eventId: resolve(definition.eventId, req)!,
      severityLevel: definition.severity,
      ...(call.http ? { request: call.http } : {}),
      meta: {
        actor,
        ...(definition.entityOf
          ? {}
          : { entityRef: entityRefOfPath(req.params as any) }),
        ...(pathAction !== undefined ? { action: pathAction } : {}),
      },
    });
    let body: TBody | undefined;
    const described = (): JsonObject => {
      const action =
        pathAction ??
        (body !== undefined ? definition.actionOfBody?.(body) : undefined);
      const target =
        body !== undefined ? definition.auditTarget?.(body) : undefined;
      return {
        ...(action !== undefined ? { action } : {}),
        ...(target !== undefined ? { target } : {}),
      };
    };
    try {
      body = definition.parse(req);
      const parsed = body;
      const entity = await loadEntityForCaller({
        catalog,
        params: definition.entityOf?.(parsed) ?? (req.params as any),
        credentials,
      });
      const targets = readDeliveryTargets(entity);
      const permission = definition.permission(parsed);
      serviceAccess.checkAction({
        credentials,
        entity,
        targets,
        permission: permission.name,
      });
      await authorizeEntityAction({
        permissions,
        entity,
        credentials,
        permission,
      });
      const context: ActionContext<TBody> = {
        entity,
        targets,
        credentials,
        actor,
        body: parsed,
        request: req,
        claims,
      };
      const bound = definition.bind
        ? await definition.bind(context)
        : (undefined as TBound);
      const claimed = definition.exclusive?.(parsed, bound);
      if (claimed) await claims.assertNotShared(context.targets, claimed);
      const act = () => definition.act({ ...context, bound });
      let result: TResult;
      let replayed: boolean | undefined;
      const once = definition.once?.(parsed, bound);
      if (once) {
        const outcome = await actions.run({
          scope: {
            actor,
            entityRef: stringifyEntityRef(entity),
            idempotencyKey: once.idempotencyKey,
          },
          target: once.lock,
          description: once.description,
          act,
        });
        replayed = outcome.replayed;
        result = { ...outcome.value, replayed };
      } else {
        result = await act();
      }
      const performed = replayed
        ? undefined
        : definition.record?.({ ...context, bound, result });
      if (performed && services.deliveryEvents) {
        await services.deliveryEvents.recordAction({
          entityRef: stringifyEntityRef(entity),
          requestKey: `${actor}\n${once?.idempotencyKey ?? randomUUID()}`,
          action: performed,
          actor,
        });
      }
      await event.success({
        meta: {
          ...described(),
          ...definition.summarize?.(result),
          ...(replayed !== undefined ? { replayed } : {}),
        },
      });
      return { status: definition.status ?? 200, result };
    } catch (caught) {
      const error = asRequestError(caught);
      await event.fail({ error, meta: described() });
      throw error;
    }
  };
  const handler = async (req: Request, res: Response) => {
    const credentials = await httpAuth.credentials(req, {
      allow: definition.allow ?? ['user', 'service'],
    });
    try {
      const { status, result } = await run({
        credentials,
        request: req,
        http: req,
      });
      res.status(status).json(result);
    } catch (error) {
      if (!req.readableEnded) {
        // Don't leave an unread body on a keep-alive connection: drain it and close afterwards.
        res.setHeader('Connection', 'close');
        req.resume();
      }
      throw error;
    }
  };
  return Object.assign(handler, { run });
}
