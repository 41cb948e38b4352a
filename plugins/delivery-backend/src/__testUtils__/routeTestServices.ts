import { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** A service component of team-a with the given annotations. */
export function testComponent(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/**
 * A catalog holding `entities`; `hidden` entities are invisible to one user, as a permission
 * policy on catalog reads would make them.
 */
export function catalogOf(
  entities: Entity[],
  hidden?: { entityRef: string; fromUser: string },
  claimOptions?: {
    /**
     * The entities the plugin's claim index sees (all by default). Tests that list one object
     * through several entities on purpose (to check namespaces, visibility) leave those out, so
     * their writes are not refused as shared claims.
     */
    claimIndex?: Entity[];
  },
) {
  return catalogServiceMock.mock({
    async getEntityByRef(ref, options) {
      const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
      const principal = (options as any)?.credentials?.principal;
      if (
        hidden &&
        wanted === hidden.entityRef &&
        principal?.userEntityRef === hidden.fromUser
      ) {
        return undefined;
      }
      return entities.find(e => stringifyEntityRef(e) === wanted);
    },
    // Every entity, as the plugin's own claim index reads them (filters are not applied: entities
    // without delivery annotations claim nothing anyway).
    async getEntities() {
      return { items: claimOptions?.claimIndex ?? entities };
    },
  });
}

/** Owners may act; everybody else is denied (what the portal's policy does for non-owners). */
export function ownerOnlyPermissions(owner: string) {
  return mockServices.permissions.mock({
    authorize: async (requests, options) => {
      const principal = (options.credentials.principal as any)?.userEntityRef;
      return requests.map(() => ({
        result:
          principal === owner ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }));
    },
  });
}

/** One audit event as a test sees it. */
export interface AuditRecord {
  eventId: string;
  severityLevel?: string;
  meta?: any;
  result?: 'succeeded' | 'failed';
  resultMeta?: any;
  error?: string;
}

/** An auditor that records every event, its result and its error, for tests to assert on. */
export function recordingAuditor() {
  const audit: AuditRecord[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async (options: AuditorServiceCreateEventOptions) => {
      const record: AuditRecord = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta,
      };
      audit.push(record);
      return {
        success: async o => {
          record.result = 'succeeded';
          record.resultMeta = o?.meta;
        },
        fail: async o => {
          record.result = 'failed';
          record.resultMeta = o.meta;
          record.error = `${o.error.name}: ${o.error.message}`;
        },
      };
    },
  });
  return { auditor, audit };
}
