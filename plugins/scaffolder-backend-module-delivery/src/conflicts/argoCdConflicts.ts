import {
  ArgoCdApplication,
  ArgoCdClient,
  UpstreamError,
} from '@go-delivery/plugin-delivery-node';
import { isCreatedByTask, markedTaskId } from './taskMarker';

/** An Application the run would create: its name and the namespace it goes to. */
export interface PlannedApplication {
  name: string;
  namespace: string;
}

/** What a read answers, or undefined when Argo CD says there is no such object. */
async function ifExists<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

function getIfExists(
  client: ArgoCdClient,
  app: PlannedApplication,
): Promise<ArgoCdApplication | undefined> {
  return ifExists(() =>
    client.getApplication({ name: app.name, appNamespace: app.namespace }),
  );
}

/**
 * The ApplicationSet of that name in that namespace, when it exists and this task did not create
 * it: its upsert would replace it, and the Applications it makes with it.
 */
export async function applicationSetConflicts(options: {
  client: ArgoCdClient;
  name: string;
  namespace: string;
  taskId: string;
}): Promise<string[]> {
  const { client, name, namespace, taskId } = options;
  const existing = await ifExists(() =>
    client.getApplicationSet(name, namespace),
  );
  if (
    !existing ||
    isCreatedByTask(markedTaskId(existing.metadata?.annotations), taskId)
  ) {
    return [];
  }
  return [`Argo CD ApplicationSet ${name} already exists on '${client.name}'`];
}

/**
 * Applications with the names of `planned` on the instance that this task did not create. Looks
 * in the namespace each would go to (what an upsert would replace) and, unless `sameNamespaceOnly`,
 * also by name alone: with "apps in any namespace" Argo CD lists the namespaces it allows, and an
 * Application of the same name elsewhere would still be taken for the new service's.
 */
export async function argoCdConflicts(options: {
  client: ArgoCdClient;
  planned: PlannedApplication[];
  taskId: string;
  sameNamespaceOnly?: boolean;
}): Promise<string[]> {
  const { client, planned, taskId } = options;
  const conflicts: string[] = [];
  for (const app of planned) {
    const found = new Map<string, ArgoCdApplication>();
    const inNamespace = await getIfExists(client, app);
    if (inNamespace) found.set(app.namespace, inNamespace);
    if (!options.sameNamespaceOnly) {
      for (const other of await client.listApplications({ name: app.name })) {
        // Lists may match on a prefix or carry other names; only the exact name counts.
        if (other.metadata?.name !== app.name) continue;
        found.set(other.metadata?.namespace ?? app.namespace, other);
      }
    }
    for (const [namespace, existing] of found) {
      if (isCreatedByTask(markedTaskId(existing.metadata?.annotations), taskId))
        continue;
      conflicts.push(
        `Argo CD application ${app.name} already exists on '${client.name}'${
          namespace === app.namespace ? '' : ` (namespace ${namespace})`
        }`,
      );
    }
  }
  return conflicts;
}
