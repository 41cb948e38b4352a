import {
  REVISION_ANNOTATION,
  ReplicaSetResource,
  RolloutResource,
} from './argoRolloutsTypes';
import { integerOf, isOwnedBy } from './readValues';
import { sameTemplate, withoutHashLabel } from './templates';

/** A ReplicaSet with the Rollout revision it holds. */
export interface RevisionedReplicaSet {
  replicaSet: ReplicaSetResource;
  revision: number;
}

/** The ReplicaSets the Rollout controls, with their revisions, newest first. */
export function ownedRevisions(
  rollout: RolloutResource,
  replicaSets: ReplicaSetResource[],
): RevisionedReplicaSet[] {
  return replicaSets
    .filter(rs => isOwnedBy(rollout, rs))
    .map(replicaSet => ({
      replicaSet,
      // A ReplicaSet without the annotation counts as revision 0, as the kubectl plugin reads it.
      revision:
        integerOf(replicaSet.metadata?.annotations?.[REVISION_ANNOTATION]) ?? 0,
    }))
    .sort((a, b) => b.revision - a.revision);
}

/**
 * The revision undo returns to, as `kubectl argo rollouts undo` picks it: the given revision, or
 * the second newest one. Undefined when there is none (or only the current template).
 */
export function undoTarget(
  rollout: RolloutResource,
  replicaSets: ReplicaSetResource[],
  toRevision?: number,
): RevisionedReplicaSet | undefined {
  const revisions = ownedRevisions(rollout, replicaSets);
  if (toRevision !== undefined) {
    return revisions.find(r => r.revision === toRevision);
  }
  return revisions[1];
}

/** Whether undo to this ReplicaSet would change nothing. */
export function isCurrentTemplate(
  rollout: RolloutResource,
  target: RevisionedReplicaSet,
): boolean {
  return sameTemplate(rollout.spec?.template, target.replicaSet.spec?.template);
}

/** The JSON patch of undo: the target's pod template, without its hash label. */
export function undoPatch(target: RevisionedReplicaSet): unknown[] {
  return [
    {
      op: 'replace',
      path: '/spec/template',
      value: withoutHashLabel(target.replicaSet.spec?.template ?? {}),
    },
  ];
}
