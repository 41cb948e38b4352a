import { ArgoCdResourceSummary } from '@go-delivery/plugin-delivery-common';
import { ArgoCdApplicationTree } from '@go-delivery/plugin-delivery-node';

const MAX_UNHEALTHY_LISTED = 20;

/**
 * Counts the live resources of an application's tree by kind and health, and lists the ones that
 * are not healthy. Resources without a health (ConfigMaps, Secrets …) count as healthy-by-default.
 */
export function summarizeResourceTree(
  tree: ArgoCdApplicationTree,
): ArgoCdResourceSummary {
  const summary: ArgoCdResourceSummary = {
    total: 0,
    byKind: {},
    byHealth: {},
    unhealthy: [],
  };
  for (const node of tree.nodes ?? []) {
    const kind = node.kind ?? 'Unknown';
    const health = node.health?.status;
    summary.total++;
    summary.byKind[kind] = (summary.byKind[kind] ?? 0) + 1;
    if (health) {
      summary.byHealth[health] = (summary.byHealth[health] ?? 0) + 1;
      if (
        health !== 'Healthy' &&
        summary.unhealthy.length < MAX_UNHEALTHY_LISTED
      ) {
        summary.unhealthy.push({
          kind,
          name: node.name ?? '',
          ...(node.namespace ? { namespace: node.namespace } : {}),
          health,
          ...(node.health?.message ? { message: node.health.message } : {}),
        });
      }
    }
  }
  return summary;
}
