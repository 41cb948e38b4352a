import {
  KubernetesApiError,
  KubernetesClient,
  KubernetesListOptions,
  KubernetesObject,
  KubernetesResourceType,
} from '@go-delivery/plugin-delivery-node';
import { CachedLoader } from '../cache/CachedLoader';

/** Keeps of a listed object only what readers use; lists are cached and shared by replicas. */
export type KubernetesSlimmer = (object: any) => KubernetesObject;

/** What nobody reads of any object: server-side bookkeeping and the last applied manifest. */
export function slimObject<T extends KubernetesObject>(object: T): T {
  const metadata = { ...object.metadata };
  delete (metadata as { managedFields?: unknown }).managedFields;
  if (metadata.annotations) {
    const annotations = { ...metadata.annotations };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    metadata.annotations = annotations;
  }
  return { ...object, metadata };
}

function typeKey(type: KubernetesResourceType): string {
  return `${type.group || 'core'}/${type.plural}`;
}

/**
 * Lists on the configured clusters through the shared cache. It owns the cache keys (cluster,
 * resource type, namespace, selector) and the slimming of each type, so readers and the actions
 * that must drop an entry agree on them. A resource type the cluster does not serve (Tekton or
 * Argo Rollouts not installed there) lists as empty: that cluster simply has none.
 */
export class KubernetesReads {
  private readonly slimmers: Map<string, KubernetesSlimmer>;

  constructor(
    private readonly options: {
      loader: CachedLoader;
      /** Type-specific slimming; other types get {@link slimObject}. */
      slimmers?: Array<[KubernetesResourceType, KubernetesSlimmer]>;
    },
  ) {
    this.slimmers = new Map(
      (options.slimmers ?? []).map(([type, slim]) => [typeKey(type), slim]),
    );
  }

  /** A list as cached (read through on a miss). */
  list<T extends KubernetesObject>(
    client: KubernetesClient,
    type: KubernetesResourceType,
    query: KubernetesListOptions,
  ): Promise<T[]> {
    return this.options.loader.load(this.key(client, type, query), () =>
      this.fresh<T>(client, type, query),
    );
  }

  /** A list read now, past the cache (what an action decides on), slimmed the same way. */
  async fresh<T extends KubernetesObject>(
    client: KubernetesClient,
    type: KubernetesResourceType,
    query: KubernetesListOptions,
  ): Promise<T[]> {
    const slim = this.slimmers.get(typeKey(type)) ?? slimObject;
    try {
      return (await client.list<T>(type, query)).map(o => slim(o) as T);
    } catch (error) {
      if (error instanceof KubernetesApiError && error.isResourceTypeMissing) {
        return [];
      }
      throw error;
    }
  }

  /** Drops a cached list after an action changed it. */
  invalidate(
    client: KubernetesClient,
    type: KubernetesResourceType,
    query: KubernetesListOptions,
  ): Promise<void> {
    return this.options.loader.invalidate(this.key(client, type, query));
  }

  private key(
    client: KubernetesClient,
    type: KubernetesResourceType,
    query: KubernetesListOptions,
  ): string {
    return `kubernetes:${client.name}:${typeKey(type)}:${
      query.namespace ?? '*'
    }:${query.labelSelector ?? ''}`;
  }
}
