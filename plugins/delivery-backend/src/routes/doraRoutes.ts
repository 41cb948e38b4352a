import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Request } from 'express';
import Router from 'express-promise-router';
import { ownerRef, ServiceAccess } from '../actions/serviceAccess';
import { DoraService } from '../services/dora/DoraService';
import { entityRead, ReadFrameServices } from './entityRead';

const DEFAULT_DAYS = 90;
const MAX_DAYS = 365;
/** An environment name as the store keeps it (a lowercase DNS label). */
const ENVIRONMENT = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Refuses query parameters the route does not take, naming the first. */
function onlyParameters(req: Request, accepted: string[]): void {
  const unknown = Object.keys(req.query).find(key => !accepted.includes(key));
  if (unknown !== undefined) {
    throw new InputError(
      `Unknown query parameter '${unknown.slice(0, 40)}'; only ${accepted.join(
        ', ',
      )} are accepted`,
    );
  }
}

function readDays(req: Request): number {
  const { days } = req.query;
  if (days === undefined) return DEFAULT_DAYS;
  const value =
    typeof days === 'string' && /^\d{1,3}$/.test(days) ? Number(days) : NaN;
  if (!(value >= 1 && value <= MAX_DAYS)) {
    throw new InputError(
      `Query parameter 'days' must be a whole number from 1 to ${MAX_DAYS}`,
    );
  }
  return value;
}

function readEnvironment(req: Request): string | undefined {
  const { environment } = req.query;
  if (environment === undefined) return undefined;
  if (typeof environment !== 'string' || !ENVIRONMENT.test(environment)) {
    throw new InputError(
      `Query parameter 'environment' must be an environment name (lowercase letters, digits and '-')`,
    );
  }
  return environment;
}

/** The Components a group owns that the caller may see (and, a service, may read). */
async function ownedComponents(options: {
  catalog: CatalogService;
  serviceAccess: ServiceAccess;
  group: Entity;
  credentials: BackstageCredentials;
}): Promise<Entity[]> {
  const { catalog, group, credentials } = options;
  const groupRef = stringifyEntityRef(group);
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'component', 'relations.ownedBy': groupRef },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.title',
        'spec.owner',
        'relations',
      ],
    },
    { credentials },
  );
  // The catalog resolves `spec.owner` into `ownedBy`; the check here keeps a partial answer
  // (or a catalog without relations) from listing another team's services.
  return items
    .filter(
      entity =>
        entity.kind.toLowerCase() === 'component' &&
        (ownerRef(entity) === groupRef ||
          (entity.relations ?? []).some(
            r => r.type === 'ownedBy' && r.targetRef === groupRef,
          )),
    )
    .filter(entity => options.serviceAccess.mayRead(credentials, entity))
    .sort((a, b) => (stringifyEntityRef(a) < stringifyEntityRef(b) ? -1 : 1));
}

/**
 * `GET /entities/:kind/:namespace/:name/dora?days=&environment=`: one service's four figures;
 * `GET /groups/:namespace/:name/dora?days=`: each service a group owns and the team's
 * aggregate. Both read the event store only; what the caller may not see is a 404.
 */
export function doraRoutes(options: ReadFrameServices & { dora: DoraService }) {
  const { dora } = options;
  const router = Router();

  router.get(
    '/entities/:kind/:namespace/:name/dora',
    entityRead({
      ...options,
      eventId: 'dora-read',
      parse: req => {
        onlyParameters(req, ['days', 'environment']);
        return { days: readDays(req), environment: readEnvironment(req) };
      },
      read: ({ entity, input }) =>
        dora.entityDora({ entityRef: stringifyEntityRef(entity), ...input }),
      summarize: response => ({
        environment: response.environment,
        days: response.period.days,
        events: response.events.length,
      }),
    }),
  );

  router.get(
    '/groups/:namespace/:name/dora',
    entityRead({
      ...options,
      kind: 'group',
      eventId: 'team-dora-read',
      parse: req => {
        onlyParameters(req, ['days']);
        return { days: readDays(req) };
      },
      read: async ({ entity, credentials, input }) => {
        const components = await ownedComponents({
          catalog: options.catalog,
          serviceAccess: options.serviceAccess,
          group: entity,
          credentials,
        });
        return dora.teamDora({
          groupRef: stringifyEntityRef(entity),
          days: input.days,
          services: components.map(c => ({
            entityRef: stringifyEntityRef(c),
            ...(c.metadata.title ? { title: c.metadata.title } : {}),
          })),
        });
      },
      summarize: response => ({
        days: response.period.days,
        services: response.services.length,
      }),
    }),
  );

  return router;
}
