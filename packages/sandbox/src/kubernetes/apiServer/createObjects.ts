import { AdminClient, ApiServerError } from './adminClient';
import { ResourcePaths } from './resourcePaths';

/** What the server sets itself and refuses (or ignores) from a client. */
const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

function describe(object: any): string {
  const { namespace, name, generateName } = object.metadata ?? {};
  return `${object.apiVersion} ${object.kind} ${
    namespace ? `${namespace}/` : ''
  }${name ?? `${generateName}…`}`;
}

/** How deep an object sits under its owners within the set: owners are created first. */
function ownerDepths(objects: any[]): Map<any, number> {
  const byUid = new Map(
    objects.filter(o => o.metadata?.uid).map(o => [o.metadata.uid, o]),
  );
  const depths = new Map<any, number>();
  const depth = (object: any, seen: Set<any>): number => {
    const known = depths.get(object);
    if (known !== undefined) return known;
    if (seen.has(object)) return 0;
    seen.add(object);
    const owners = (object.metadata?.ownerReferences ?? [])
      .map((ref: any) => byUid.get(ref.uid))
      .filter(Boolean);
    const value = owners.length
      ? 1 + Math.max(...owners.map((o: any) => depth(o, seen)))
      : 0;
    depths.set(object, value);
    return value;
  };
  for (const object of objects) depth(object, new Set());
  return depths;
}

async function createIgnoringConflict(
  client: AdminClient,
  path: string,
  body: any,
) {
  try {
    await client.send('POST', path, body);
  } catch (error) {
    if (!(error instanceof ApiServerError && error.status === 409)) throw error;
  }
}

/**
 * Creates objects as captured from a cluster (`kubectl get -o yaml`) through the API: their
 * namespaces and the service accounts their pods run as first, owners before what they own
 * (ownerReferences rewritten to the uids the server gave), then the captured status through the
 * `status` subresource where the kind has one. The server validates, defaults and stamps each
 * object as it would any client's; its creation time is now, not the captured one.
 */
export async function createObjects(
  client: AdminClient,
  paths: ResourcePaths,
  objects: any[],
  options: { nodeName: string },
): Promise<any[]> {
  const namespaces = new Set(
    objects.map(o => o.metadata?.namespace).filter((n): n is string => !!n),
  );
  for (const namespace of namespaces) {
    await createIgnoringConflict(client, '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
  }
  const accounts = new Set(
    objects
      .filter(o => o.apiVersion === 'v1' && o.kind === 'Pod')
      .map(
        pod =>
          `${pod.metadata.namespace}/${
            pod.spec?.serviceAccountName ??
            pod.spec?.serviceAccount ??
            'default'
          }`,
      ),
  );
  for (const account of accounts) {
    const [namespace, name] = account.split('/');
    await createIgnoringConflict(
      client,
      `/api/v1/namespaces/${namespace}/serviceaccounts`,
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
    );
  }

  const depths = ownerDepths(objects);
  const captured = (o: any) =>
    Date.parse(o.metadata?.creationTimestamp ?? '') || 0;
  const ordered = [...objects].sort(
    (a, b) => depths.get(a)! - depths.get(b)! || captured(a) - captured(b),
  );
  const uids = new Map<string, string>();
  const created: any[] = [];
  for (const object of ordered) {
    const body = structuredClone(object);
    const status = body.status;
    for (const field of SERVER_FIELDS) delete body.metadata?.[field];
    for (const ref of body.metadata?.ownerReferences ?? []) {
      ref.uid = uids.get(ref.uid) ?? ref.uid;
    }
    if (
      body.kind === 'Pod' &&
      body.apiVersion === 'v1' &&
      !body.spec.nodeName
    ) {
      // Logs are fetched from the node's kubelet: every pod runs on the harness's node.
      body.spec.nodeName = options.nodeName;
    }
    try {
      const resource = await paths.resource(body.apiVersion, body.kind);
      const collection = await paths.path(
        body.apiVersion,
        body.kind,
        body.metadata?.namespace,
      );
      let stored = await client.send('POST', collection, body);
      if (status && resource.statusSubresource) {
        stored = await client.send(
          'PUT',
          `${collection}/${encodeURIComponent(stored.metadata.name)}/status`,
          { ...stored, status },
        );
      }
      if (object.metadata?.uid)
        uids.set(object.metadata.uid, stored.metadata.uid);
      created.push(stored);
    } catch (error) {
      throw new Error(
        `Creating ${describe(object)}: ${(error as Error).message}`,
      );
    }
  }
  return created;
}
