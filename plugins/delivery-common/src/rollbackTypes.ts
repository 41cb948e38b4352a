import { RolloutRef, RolloutWeights } from './rolloutTypes';
import { ClaimConflict, UpstreamFailure } from './upstreamFailure';

/**
 * View models of the rollback endpoints: one API behind one dialog, offering what applies to the
 * entity — abort a running canary, Argo CD's rollback to a history entry, or a GitOps commit (or
 * pull request) that pins an earlier deploy's image.
 */

/** @public */
export type RollbackKind =
  | 'abort-canary'
  | 'argocd'
  | 'gitops'
  | 'rollout-undo';

/** An Argo CD application of the entity, as rollback requests name it. @public */
export interface RollbackApplicationRef {
  /** The configured Argo CD instance. */
  instance: string;
  /** The application's name. */
  application: string;
  /** The namespace of the Application resource ("apps in any namespace"). */
  appNamespace?: string;
}

/** Abort a running canary: all traffic back to the stable ReplicaSet. @public */
export interface AbortCanaryRollbackTarget {
  kind: 'abort-canary';
  rollout: RolloutRef;
}

/** Argo CD's rollback to one entry of the application's history. @public */
export interface ArgoCdRollbackTarget extends RollbackApplicationRef {
  kind: 'argocd';
  /** `id` of the history entry to return to. */
  historyId: number;
  /**
   * Argo CD refuses a rollback while automated sync is on. With this set, automated sync is
   * turned off first (as Argo CD's own UI does), then the rollback is started.
   */
  disableAutoSync?: boolean;
  /** Delete resources the earlier revision does not have. */
  prune?: boolean;
}

/** A GitOps change that pins the image of an earlier deploy in the overlay. @public */
export interface GitOpsRollbackTarget extends RollbackApplicationRef {
  kind: 'gitops';
  /** `id` of the history entry whose image is pinned again. */
  historyId: number;
}

/** Put an earlier revision's pod template back on a Rollout (`kubectl argo rollouts undo`). @public */
export interface RolloutUndoRollbackTarget {
  kind: 'rollout-undo';
  rollout: RolloutRef;
  /** The revision to return to; the previous one when absent. */
  toRevision?: number;
}

/** What to roll back; the body of the preview endpoint. @public */
export type RollbackTarget =
  | AbortCanaryRollbackTarget
  | ArgoCdRollbackTarget
  | GitOpsRollbackTarget
  | RolloutUndoRollbackTarget;

/** The body of the rollback endpoint: a target, a confirmation and an idempotency key. @public */
export type RollbackRequest = RollbackTarget & {
  /**
   * For production-like targets: must equal the name shown as `confirmationText` (the
   * application's or the Rollout's name). Checked on the server.
   */
  confirmation?: string;
  /**
   * Chosen by the client once per dialog: a repeated request with the same key is answered from
   * the first one instead of rolling back again.
   */
  idempotencyKey: string;
};

/** One deploy of an application that can be returned to. @public */
export interface RollbackHistoryEntry {
  id: number;
  revision?: string;
  deployedAt?: string;
  /** A username, or `automated`. */
  initiatedBy?: string;
  /** This entry's revision is what the application runs now. */
  current: boolean;
}

/** Whether an option applies, and why not when it does not. @public */
export interface RollbackAvailability {
  available: boolean;
  /** For people: why the option is not offered (or what it needs first). */
  reason?: string;
}

/** How the GitOps rollback would be done for one application. @public */
export interface GitOpsRollbackInfo extends RollbackAvailability {
  /** `local`: a commit to a git repository on the backend's machine. */
  provider?: 'local' | 'github' | 'gitlab';
  /** `commit` pushes to the branch Argo CD follows; `pull-request` opens one against it. */
  mode?: 'commit' | 'pull-request';
  /** The repository as Argo CD names it (`spec.source.repoURL`). */
  repository?: string;
  branch?: string;
  /** The file that changes, relative to the repository root. */
  file?: string;
}

/** One Argo CD application of the entity and the rollbacks it offers. @public */
export interface RollbackApplicationOption extends RollbackApplicationRef {
  project?: string;
  /** The revision the application runs now (`status.sync.revision`). */
  currentRevision?: string;
  autoSync: boolean;
  /** Production-like: the rollback needs `confirmation` equal to `confirmationText`. */
  confirmationRequired: boolean;
  confirmationText: string;
  /** Argo CD's rollback; while auto-sync is on it is only available with `disableAutoSync`. */
  argocd: RollbackAvailability & { requiresDisablingAutoSync: boolean };
  gitops: GitOpsRollbackInfo;
  /** Newest first; the current deploy is flagged and cannot be returned to. */
  history: RollbackHistoryEntry[];
}

/** A running canary that can be aborted. @public */
export interface RollbackCanaryOption {
  rollout: RolloutRef;
  phase: string;
  message?: string;
  currentStepIndex?: number;
  totalSteps: number;
  weights?: RolloutWeights;
  /** Images of the canary and of the stable ReplicaSet traffic returns to. */
  canaryImages: string[];
  stableImages: string[];
  confirmationRequired: boolean;
  confirmationText: string;
}

/** A Rollout whose previous pod template can be put back. @public */
export interface RollbackUndoOption {
  rollout: RolloutRef;
  /** The revision running now. */
  revision?: number;
  images: string[];
  /** The revision undo returns to, and its images. */
  toRevision: number;
  toImages: string[];
  confirmationRequired: boolean;
  confirmationText: string;
}

/** The answer of `GET …/rollback`: everything the dialog offers for the entity. @public */
export interface RollbackOptionsResponse {
  canaries: RollbackCanaryOption[];
  applications: RollbackApplicationOption[];
  /** Rollouts an undo can return to their previous revision. */
  undos?: RollbackUndoOption[];
  /** What the caller may do (the server checks again on every request). */
  allowed: { abortCanary: boolean; rollback: boolean };
  /** Upstream instances or clusters that could not be read. */
  failures: UpstreamFailure[];
  /** Objects other entities claim too: actions on them are refused until one stops. */
  conflicts?: ClaimConflict[];
}

/** An image reference as a kustomization pins it. @public */
export interface PinnedImage {
  /** The image as the manifests name it (the `images[].name` of the kustomization). */
  name: string;
  /** `newName:newTag@digest`, as it will be deployed. */
  reference: string;
  tag?: string;
  digest?: string;
}

/** What a rollback will change; the answer of the preview endpoint. Nothing is changed by it. @public */
/** Where a GitOps change goes and what it changes, as a preview shows it. @public */
export interface GitOpsChangePreview {
  provider: 'local' | 'github' | 'gitlab';
  mode: 'commit' | 'pull-request';
  repository: string;
  branch: string;
  file: string;
  diff: string;
  /**
   * The entity's other Argo CD applications rendered from the same file of the same branch (the
   * clusters of one ApplicationSet, say): the change deploys to them too.
   */
  alsoDeploys?: string[];
}

export interface RollbackPreview {
  target: RollbackTarget;
  /** One sentence for people, e.g. `Argo CD syncs payments-api-prod to 46b3173 (deploy #2)`. */
  summary: string;
  confirmationRequired: boolean;
  confirmationText: string;
  /** Argo CD and GitOps: the revision now deployed and the one returned to. */
  fromRevision?: string;
  toRevision?: string;
  toDeployedAt?: string;
  /** The image running now and the one the rollback returns to, when they can be told. */
  image?: { from?: PinnedImage; to?: PinnedImage };
  /** Argo CD: automated sync is on, so it has to be turned off first. */
  autoSyncEnabled?: boolean;
  /** Argo CD: the request asks to turn it off (required when `autoSyncEnabled`). */
  willDisableAutoSync?: boolean;
  /** GitOps: where the change goes and the unified diff of the file. */
  gitops?: GitOpsChangePreview;
  /** Abort: the traffic split now, and what remains after. */
  canary?: {
    weights?: RolloutWeights;
    stableHash?: string;
    canaryImages: string[];
    stableImages: string[];
  };
  /** Things worth knowing before confirming (e.g. Argo CD will show the app OutOfSync). */
  notes: string[];
}

/** The answer of the rollback endpoint. @public */
export interface RollbackResult {
  target: RollbackTarget;
  /** For people: what was done. */
  message: string;
  /** Argo CD: the operation it started (`Running` until the sync finishes). */
  operation?: { phase?: string; revision?: string; startedAt?: string };
  autoSyncDisabled?: boolean;
  /** GitOps: the commit made, and the pull request when one was opened. */
  commit?: { sha: string; branch: string; url?: string };
  pullRequest?: { url: string; number?: number };
  /** True when this is the remembered answer of an earlier request with the same key. */
  replayed: boolean;
}
