import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';

/** Names the catalog entity an object was created for (on Argo CD Applications). */
export const ENTITY_REF_ANNOTATION = 'go-delivery.dev/entity-ref';

/**
 * The scaffolder task that created an object. Task recovery and retries run steps again with the
 * same task id, so an object carrying it was made by an earlier attempt of the same run.
 */
export const SCAFFOLDER_TASK_ID_ANNOTATION =
  'go-delivery.dev/scaffolder-task-id';

/** What the generators need to mark the objects of a service: its name and the creating task. */
interface MarkedService {
  name: string;
  scaffolderTaskId?: string;
}

/** The ref of the service's catalog entity (the Component its `catalog-info.yaml` declares). */
export function serviceEntityRef(service: { name: string }): string {
  return stringifyEntityRef({
    kind: 'Component',
    namespace: 'default',
    name: service.name,
  });
}

/** The task id annotation alone, for objects that are the entity itself (`catalog-info.yaml`). */
export function taskIdAnnotation(
  service: MarkedService,
): Record<string, string> {
  return service.scaffolderTaskId
    ? { [SCAFFOLDER_TASK_ID_ANNOTATION]: service.scaffolderTaskId }
    : {};
}

/** The entity ref and task id annotations, for objects created on the entity's behalf. */
export function taskMarkerAnnotations(
  service: MarkedService,
): Record<string, string> {
  return service.scaffolderTaskId
    ? {
        [ENTITY_REF_ANNOTATION]: serviceEntityRef(service),
        ...taskIdAnnotation(service),
      }
    : {};
}

/** The task id an object's annotations name, if any. */
export function markedTaskId(
  annotations: Record<string, string> | undefined,
): string | undefined {
  return annotations?.[SCAFFOLDER_TASK_ID_ANNOTATION];
}

/**
 * Whether an existing object is this task's own: marked with its id by an earlier attempt.
 * Anything else (unmarked, or another task's) belongs to someone else and must not be replaced.
 */
export function isCreatedByTask(
  markedWith: string | undefined,
  taskId: string,
): boolean {
  return Boolean(markedWith) && markedWith === taskId;
}

/** The error of a step that found objects it would overwrite, naming each of them. */
export function overwriteRefusal(conflicts: string[]): ConflictError {
  return new ConflictError(
    `Refusing to overwrite what this task did not create: ${conflicts.join(
      '; ',
    )}. Choose another name, or remove these first.`,
  );
}
