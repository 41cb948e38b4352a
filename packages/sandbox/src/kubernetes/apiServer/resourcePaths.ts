import { AdminClient } from './adminClient';

interface DiscoveredResource {
  plural: string;
  namespaced: boolean;
  /** Whether `<plural>/status` is served: status is then written apart from the object. */
  statusSubresource: boolean;
}

/** Builds URL paths for objects from the API server's own discovery (no hard-coded kinds). */
export class ResourcePaths {
  private readonly groups = new Map<
    string,
    Promise<Map<string, DiscoveredResource>>
  >();

  constructor(private readonly client: AdminClient) {}

  /** Forgets what was discovered (after CRDs are installed). */
  reset(): void {
    this.groups.clear();
  }

  async resource(
    apiVersion: string,
    kind: string,
  ): Promise<DiscoveredResource> {
    let kinds = this.groups.get(apiVersion);
    if (!kinds) {
      kinds = this.discover(apiVersion);
      this.groups.set(apiVersion, kinds);
      kinds.catch(() => this.groups.delete(apiVersion));
    }
    const found = (await kinds).get(kind);
    if (!found)
      throw new Error(`The API server does not serve ${apiVersion} ${kind}`);
    return found;
  }

  /** `/apis/tekton.dev/v1/namespaces/ci/pipelineruns[/name]` for an object or a kind. */
  async path(
    apiVersion: string,
    kind: string,
    namespace?: string,
    name?: string,
  ): Promise<string> {
    const resource = await this.resource(apiVersion, kind);
    const root = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const scope =
      resource.namespaced && namespace
        ? `/namespaces/${encodeURIComponent(namespace)}`
        : '';
    const tail = name ? `/${encodeURIComponent(name)}` : '';
    return `${root}${scope}/${resource.plural}${tail}`;
  }

  private async discover(
    apiVersion: string,
  ): Promise<Map<string, DiscoveredResource>> {
    const root = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const list = await this.client.get(root);
    const names = new Set<string>(list.resources.map((r: any) => r.name));
    const kinds = new Map<string, DiscoveredResource>();
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      kinds.set(r.kind, {
        plural: r.name,
        namespaced: r.namespaced,
        statusSubresource: names.has(`${r.name}/status`),
      });
    }
    return kinds;
  }
}
