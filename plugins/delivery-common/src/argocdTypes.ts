import { ClaimConflict, UpstreamFailure } from './upstreamFailure';

/** @public */
export interface ArgoCdSourceView {
  repoURL?: string;
  path?: string;
  /** What the source follows: a branch/tag/commit, or a Helm repository chart's version (range). */
  targetRevision?: string;
  /** Set for a chart of a Helm repository. */
  chart?: string;
  /** A multi-source application's name for the source (`$<ref>/…` value files read from it). */
  ref?: string;
  /** The Helm value files the source renders with, as the application names them. */
  valueFiles?: string[];
  /** What was deployed from this source: a commit, or the chart version for a chart. */
  revision?: string;
}

/** One entry of an application's deployment history. @public */
export interface ArgoCdHistoryEntry {
  id?: number;
  revision?: string;
  /** Multi-source applications carry one revision per source. */
  revisions?: string[];
  deployedAt?: string;
  deployStartedAt?: string;
  source?: ArgoCdSourceView;
  /** A multi-source application's sources of this deploy, each with its own revision. */
  sources?: ArgoCdSourceView[];
  /** A username, or 'automated' for an automated sync. */
  initiatedBy?: string;
}

/** The last (or running) sync or rollback. @public */
export interface ArgoCdOperationView {
  phase: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  initiatedBy?: string;
  revision?: string;
}

/** Managed resources by kind and health, and the ones that are not healthy. @public */
export interface ArgoCdResourceSummary {
  total: number;
  byKind: Record<string, number>;
  byHealth: Record<string, number>;
  unhealthy: Array<{
    kind: string;
    name: string;
    namespace?: string;
    health: string;
    message?: string;
  }>;
}

/** What the Delivery tab shows of one Argo CD application. @public */
export interface ArgoCdApplicationView {
  /** The configured Argo CD instance that holds it. */
  instance: string;
  name: string;
  namespace?: string;
  project?: string;
  /** A link to the application in that instance's web UI. */
  webUrl?: string;
  /** The first (or only) source. */
  source?: ArgoCdSourceView;
  /** Every source of a multi-source application, in order, each with the revision it runs. */
  sources?: ArgoCdSourceView[];
  /** The ApplicationSet that generated the application (its controlling owner). */
  applicationSet?: string;
  destination?: { server?: string; name?: string; namespace?: string };
  /**
   * `revision` is always set when Argo CD knows what runs: a multi-source application's
   * per-source `revisions` joined by `,`.
   */
  sync: { status: string; revision?: string; revisions?: string[] };
  health: { status: string; message?: string };
  /** Whether automated sync is on (Argo CD refuses rollbacks while it is). */
  autoSync: boolean;
  operation?: ArgoCdOperationView;
  lastDeployedAt?: string;
  /** Newest first. */
  history: ArgoCdHistoryEntry[];
  conditions: Array<{ type: string; message?: string }>;
  images: string[];
  resources?: ArgoCdResourceSummary;
  /** Set when the application was read but its resource tree could not be. */
  resourcesFailure?: UpstreamFailure;
}

/** Where one generated application stands in its ApplicationSet's progressive sync. @public */
export interface ArgoCdApplicationSetStepView {
  application: string;
  /** `Waiting`, `Pending`, `Progressing` or `Healthy`, as the ApplicationSet controller writes it. */
  status: string;
  /** The step (from 1) the application belongs to. */
  step?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * An ApplicationSet that generated some of the entity's applications, with them grouped under it.
 * @public
 */
export interface ArgoCdApplicationSetView {
  /** The configured Argo CD instance that holds it and its applications. */
  instance: string;
  name: string;
  namespace?: string;
  /** The entity's applications it generated, by name (as in `applications`). */
  applications: string[];
  /** Its generators, e.g. `list`, `clusters`, `matrix(git, clusters)`. */
  generators: string[];
  /** A progressive sync: its steps in order, each as the label conditions its applications match. */
  rollingSyncSteps?: Array<{ match: string[]; maxUpdate?: number | string }>;
  /** Per generated application, where it stands in the progressive sync (the entity's only). */
  steps: ArgoCdApplicationSetStepView[];
  /** Conditions worth a look: errors, and a rollout in progress. */
  conditions: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }>;
  /** Set when the ApplicationSet could not be read: its applications are still grouped by name. */
  failure?: UpstreamFailure;
}

/** The answer of the deployments route. @public */
export interface DeploymentsResponse {
  applications: ArgoCdApplicationView[];
  /** The ApplicationSets that generated some of `applications`, in the order first met. */
  applicationSets?: ArgoCdApplicationSetView[];
  /** Instances that failed; the applications of the others are still listed. */
  failures: UpstreamFailure[];
  /** Objects other entities claim too: actions on them are refused until one stops. */
  conflicts?: ClaimConflict[];
  /** The instances that were asked. */
  instances: string[];
}
