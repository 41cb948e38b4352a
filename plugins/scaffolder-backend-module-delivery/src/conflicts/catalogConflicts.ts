import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { isCreatedByTask, markedTaskId } from './taskMarker';

/**
 * The entities of `entityRefs` that are in the catalog and were not created by this task. Ask
 * with the module's own credentials: an entity the user cannot see is still there to overwrite.
 */
export async function catalogConflicts(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entityRefs: string[];
  taskId: string;
}): Promise<string[]> {
  const { catalog, credentials, entityRefs, taskId } = options;
  if (entityRefs.length === 0) return [];
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs, fields: ['kind', 'metadata'] },
    { credentials },
  );
  return entityRefs
    .filter((_ref, index) => {
      const entity = items[index];
      return (
        entity &&
        !isCreatedByTask(markedTaskId(entity.metadata.annotations), taskId)
      );
    })
    .map(ref => `${ref} is already in the catalog`);
}
