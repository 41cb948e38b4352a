import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import {
  ClaimConflict,
  DeliveryTargets,
  readDeliveryTargets,
} from '@go-delivery/plugin-delivery-common';
import { Request, Response } from 'express';
import { ServiceAccess } from '../actions/serviceAccess';
import { ClaimedObject, EntityClaims } from '../binding/entityClaims';
import { loadEntityForCaller } from '../lib/loadEntityForCaller';
import { asRequestError } from '../lib/requestErrors';
import { entityRefOfPath } from './bodyFields';

/** The request of a route under `/entities/:kind/:namespace/:name/...`. */
export type EntityRequest = Request<
  { kind: string; namespace: string; name: string } & Record<string, string>
>;

/** The services the read frame runs on; the same for every read route. */
export interface ReadFrameServices {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  /** Decides what service principals may read; users are not affected. */
  serviceAccess: ServiceAccess;
  /** Which entities claim which objects; the cards show the conflicts. */
  claims?: EntityClaims;
}

/**
 * The frame of every read of an entity's delivery data: the caller is authenticated, an audit event
 * is opened, the request is validated, the entity is loaded with the caller's own credentials (so
 * what they may not see is a 404) and its targets read from its annotations once, the service
 * reads, the event is closed with a summary or the error, and the answer is sent as JSON.
 */
export function entityRead<TInput, TOutput>(
  options: ReadFrameServices & {
    eventId: string;
    /** The entity's kind when the path names none (`/groups/:namespace/:name/…`). */
    kind?: string;
    /** What the audit event records of the request besides the entity (e.g. a path's object). */
    auditMeta?: (req: EntityRequest) => JsonObject;
    /** Validates the request's query and extra path parameters; runs before the entity is loaded. */
    parse?: (req: EntityRequest) => TInput;
    read: (context: {
      entity: Entity;
      targets: DeliveryTargets;
      credentials: BackstageCredentials;
      input: TInput;
      /**
       * Which of the listed objects other entities claim the same way, for the card to say why
       * actions on them are refused (none when the catalog cannot be asked).
       */
      conflicts: (objects: ClaimedObject[]) => Promise<ClaimConflict[]>;
    }) => Promise<TOutput>;
    /** What the audit event records of the answer. */
    summarize?: (output: TOutput) => JsonObject;
  },
) {
  const { httpAuth, auditor, catalog } = options;
  /** One read, whatever carried it (see `entityAction`'s `run`). */
  const run = async (call: {
    credentials: BackstageCredentials;
    request: EntityRequest;
    http?: EntityRequest;
  }): Promise<TOutput> => {
    const { credentials, request: req } = call;
    if (options.kind !== undefined) req.params.kind = options.kind;
    const event = await auditor.createEvent({
      eventId: options.eventId,
      severityLevel: 'low',
      ...(call.http ? { request: call.http } : {}),
      meta: {
        entityRef: entityRefOfPath(req.params),
        ...options.auditMeta?.(req),
      },
    });
    try {
      const input = options.parse ? options.parse(req) : (undefined as TInput);
      const entity = await loadEntityForCaller({
        catalog,
        params: req.params,
        credentials,
      });
      options.serviceAccess.checkRead(credentials, entity);
      const targets = readDeliveryTargets(entity);
      const output = await options.read({
        entity,
        targets,
        credentials,
        input,
        conflicts: async objects =>
          options.claims
            ? options.claims.conflictsInView(targets, objects)
            : [],
      });
      await event.success({ meta: options.summarize?.(output) });
      return output;
    } catch (caught) {
      const error = asRequestError(caught);
      await event.fail({ error });
      throw error;
    }
  };
  const handler = async (req: EntityRequest, res: Response) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await run({ credentials, request: req, http: req }));
  };
  return Object.assign(handler, { run });
}
