import { RolloutView } from '@go-delivery/plugin-delivery-common';

/** A revision undo can return a Rollout to. */
export interface UndoChoice {
  revision: number;
  /** The ReplicaSet holding that revision's pod template. */
  replicaSet: string;
  images: string[];
  /** The ReplicaSet's role now (`stable`, `previous`, …), when the card read it. */
  role?: string;
}

/**
 * Whether the card offers undo on this Rollout: the backend says undo applies and names the
 * earlier revision it returns to by default.
 */
export function isUndoable(rollout: RolloutView): boolean {
  return rollout.actions.undo && rollout.undoTarget !== undefined;
}

/**
 * The revisions undo can return to, newest first: the backend's default target (the previous
 * revision, as `kubectl argo rollouts undo` picks it) and every other earlier ReplicaSet of the
 * Rollout with a revision, but not the one of the pod template it runs now (the backend would
 * refuse it as a change of nothing).
 */
export function undoChoices(rollout: RolloutView): UndoChoice[] {
  if (!isUndoable(rollout)) return [];
  const choices: UndoChoice[] = rollout.replicaSets
    .filter(
      rs =>
        rs.revision !== undefined &&
        rs.revision !== rollout.revision &&
        !(rollout.currentHash && rs.podHash === rollout.currentHash),
    )
    .map(rs => ({
      revision: rs.revision!,
      replicaSet: rs.name,
      images: rs.images,
      role: rs.role,
    }));
  const target = rollout.undoTarget!;
  if (!choices.some(c => c.revision === target.revision)) {
    choices.push({ ...target });
  }
  return choices.sort((a, b) => b.revision - a.revision);
}

/** How a choice reads in the revision select and the dialog. */
export function undoChoiceLabel(choice: UndoChoice): string {
  const images = choice.images.length
    ? choice.images.join(', ')
    : 'image not known';
  const role =
    choice.role && choice.role !== 'previous' ? ` (${choice.role})` : '';
  return `revision ${choice.revision}${role}: ${images}`;
}
