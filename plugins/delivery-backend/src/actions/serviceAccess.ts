import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  coverageUploadPermission,
  DeliveryTargets,
} from '@go-delivery/plugin-delivery-common';

/** One grant of `delivery.serviceAccess`. */
export interface ServiceGrant {
  subject: string;
  read: boolean;
  actions: string[];
  /** Entity refs; `*` for all. */
  entities: string[];
  /** Owner refs (`group:default/team-a`). */
  owners: string[];
}

/** Reads `delivery.serviceAccess`; throws at startup on a malformed grant. */
export function readServiceAccessConfig(config: Config): ServiceGrant[] {
  return (config.getOptionalConfigArray('delivery.serviceAccess') ?? []).map(
    (grant, i) => {
      const at = `delivery.serviceAccess[${i}]`;
      const refs = (key: string, kind: string) =>
        (grant.getOptionalStringArray(key) ?? []).map(ref => {
          if (ref === '*' && key === 'entities') return ref;
          try {
            return stringifyEntityRef(
              parseEntityRef(ref, {
                defaultKind: kind,
                defaultNamespace: 'default',
              }),
            );
          } catch (error) {
            throw new Error(`${at}.${key}: ${(error as Error).message}`);
          }
        });
      return {
        subject: grant.getString('subject'),
        read: grant.getOptionalBoolean('read') ?? false,
        actions: grant.getOptionalStringArray('actions') ?? [],
        entities: refs('entities', 'component'),
        owners: refs('owners', 'group'),
      };
    },
  );
}

/** The entity's `spec.owner` as a full reference (a group by default). */
export function ownerRef(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Service principals are scoped: a service may read an entity's delivery data, or act on it,
 * only where `delivery.serviceAccess` grants it explicitly (and a coverage upload also where the
 * entity's `go-delivery.dev/coverage-uploaders` annotation names it). Users are not affected;
 * the permission policy decides for them. Checked by the read and action frames right after the
 * entity is loaded, before any upstream request.
 */
export class ServiceAccess {
  constructor(private readonly grants: ServiceGrant[]) {}

  /** Whether the caller is a user, or a service with a read grant for the entity. */
  mayRead(credentials: BackstageCredentials, entity: Entity): boolean {
    const subject = serviceSubject(credentials);
    if (subject === undefined) return true;
    return this.grantsFor(subject, entity).some(grant => grant.read);
  }

  /**
   * Throws 403 unless the caller is a user, or a service with a read grant for the entity (for a
   * group: also a grant for the entities it owns).
   */
  checkRead(credentials: BackstageCredentials, entity: Entity): void {
    const subject = serviceSubject(credentials) ?? '';
    if (!this.mayRead(credentials, entity)) {
      throw new NotAllowedError(
        `Service '${subject}' may not read the delivery data of '${stringifyEntityRef(
          entity,
        )}' (no delivery.serviceAccess grant)`,
      );
    }
  }

  /** Throws 403 unless the caller is a user, or a service granted this action on the entity. */
  checkAction(options: {
    credentials: BackstageCredentials;
    entity: Entity;
    targets: DeliveryTargets;
    permission: string;
  }): void {
    const subject = serviceSubject(options.credentials);
    if (subject === undefined) return;
    const granted = this.grantsFor(subject, options.entity).some(grant =>
      grant.actions.includes(options.permission),
    );
    const uploader =
      options.permission === coverageUploadPermission.name &&
      options.targets.coverageUploaders.includes(subject);
    if (!granted && !uploader) {
      throw new NotAllowedError(
        `Service '${subject}' may not ${options.permission} for '${options.targets.entityRef}' (no delivery.serviceAccess grant)`,
      );
    }
  }

  private grantsFor(subject: string, entity: Entity): ServiceGrant[] {
    const ref = stringifyEntityRef(entity);
    // A group's own delivery data (the team figures) is that of what it owns.
    const owner =
      entity.kind.toLowerCase() === 'group' ? ref : ownerRef(entity);
    return this.grants.filter(
      grant =>
        grant.subject === subject &&
        (grant.entities.includes('*') ||
          grant.entities.includes(ref) ||
          (owner !== undefined && grant.owners.includes(owner))),
    );
  }
}

/** The subject of a service principal; undefined for users. */
function serviceSubject(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    subject?: string;
  };
  return principal?.type === 'service' ? principal.subject ?? '' : undefined;
}
