import { ClaimConflict } from '@go-delivery/plugin-delivery-common';
import { ClaimedObject } from '../binding/entityClaims';

/** A read's answer with the conflicts of the objects it lists, when there are any. */
export async function withConflicts<T extends object>(
  response: T,
  objects: ClaimedObject[],
  conflicts: (objects: ClaimedObject[]) => Promise<ClaimConflict[]>,
): Promise<T & { conflicts?: ClaimConflict[] }> {
  const found = objects.length > 0 ? await conflicts(objects) : [];
  return found.length > 0 ? { ...response, conflicts: found } : response;
}

/** A listed Kubernetes object as the claim check names it. */
export function listedObject(
  kind: string,
  object: { cluster: string; namespace: string; name: string },
): ClaimedObject {
  return {
    kind: 'kubernetes',
    namespace: object.namespace,
    description: `${kind} '${object.name}' in ${object.cluster}/${object.namespace}`,
  };
}

/** A listed Argo CD application as the claim check names it. */
export function listedApplication(app: {
  instance: string;
  namespace?: string;
  name: string;
}): ClaimedObject {
  return {
    kind: 'argocd',
    instance: app.instance,
    namespace: app.namespace,
    name: app.name,
    description: `Argo CD application '${app.name}' on '${app.instance}'`,
  };
}
