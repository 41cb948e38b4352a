import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import { Request, Response } from 'express';
import { loadEntityForCaller } from '../lib/loadEntityForCaller';
import { entityRefOfPath } from './bodyFields';

/** The request of a route under `/entities/:kind/:namespace/:name/...`. */
type EntityRequest = Request<{ kind: string; namespace: string; name: string }>;

/**
 * The frame of every read of an entity's delivery data: the caller is authenticated, an audit event
 * is opened, the request is validated, the entity is loaded with the caller's own credentials (so
 * what they may not see is a 404), the service reads, the event is closed with a summary or the
 * error, and the answer is sent as JSON.
 */
export function entityRead<TInput, TOutput>(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  eventId: string;
  /** Validates the request's query and extra path parameters; runs before the entity is loaded. */
  parse?: (req: EntityRequest) => TInput;
  read: (context: {
    entity: Entity;
    credentials: BackstageCredentials;
    input: TInput;
  }) => Promise<TOutput>;
  /** What the audit event records of the answer. */
  summarize?: (output: TOutput) => JsonObject;
}) {
  const { httpAuth, auditor, catalog } = options;
  return async (req: EntityRequest, res: Response) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const event = await auditor.createEvent({
      eventId: options.eventId,
      severityLevel: 'low',
      request: req,
      meta: { entityRef: entityRefOfPath(req.params) },
    });
    try {
      const input = options.parse ? options.parse(req) : (undefined as TInput);
      const entity = await loadEntityForCaller({
        catalog,
        params: req.params,
        credentials,
      });
      const output = await options.read({ entity, credentials, input });
      await event.success({ meta: options.summarize?.(output) });
      res.json(output);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };
}
