/**
 * The subset of Argo CD's REST API types (swagger `v1alpha1*`) that the bundle reads. Everything is
 * optional because real answers omit fields freely (see the reference examples); readers must cope.
 */

/** A timestamp as Argo CD sends it; YAML fixtures may turn it into a Date. */
export type ArgoCdTime = string | Date;

export interface ArgoCdApplicationSource {
  repoURL?: string;
  path?: string;
  /** A branch, tag or commit of a Git source; the chart version (or range) of a Helm repository source. */
  targetRevision?: string;
  /** Set when the source is a chart of a Helm repository. */
  chart?: string;
  /** A multi-source application's name for this source, which `$<ref>/…` value files refer to. */
  ref?: string;
  name?: string;
  helm?: {
    /** Paths in the chart's source, or `$<ref>/path` in another source of the application. */
    valueFiles?: string[];
    releaseName?: string;
  };
}

export interface ArgoCdOperationInitiator {
  username?: string;
  automated?: boolean;
}

export interface ArgoCdRevisionHistory {
  id?: number | string;
  revision?: string;
  revisions?: string[];
  deployedAt?: ArgoCdTime;
  deployStartedAt?: ArgoCdTime;
  source?: ArgoCdApplicationSource;
  sources?: ArgoCdApplicationSource[];
  initiatedBy?: ArgoCdOperationInitiator;
}

export interface ArgoCdOperationState {
  phase?: string;
  message?: string;
  startedAt?: ArgoCdTime;
  finishedAt?: ArgoCdTime;
  operation?: {
    initiatedBy?: ArgoCdOperationInitiator;
    sync?: { revision?: string; revisions?: string[] };
  };
  syncResult?: { revision?: string; revisions?: string[] };
}

export interface ArgoCdApplication {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    /** The version of the resource the answer shows; a conditional patch tests it. */
    resourceVersion?: string;
    /** An ApplicationSet's generated Applications name it here (`kind: ApplicationSet`, `controller: true`). */
    ownerReferences?: ArgoCdOwnerReference[];
  };
  spec?: {
    project?: string;
    source?: ArgoCdApplicationSource;
    sources?: ArgoCdApplicationSource[];
    destination?: { server?: string; name?: string; namespace?: string };
    syncPolicy?: {
      automated?: { enabled?: boolean; prune?: boolean; selfHeal?: boolean };
      syncOptions?: string[];
      retry?: {
        limit?: number;
        backoff?: { duration?: string; factor?: number; maxDuration?: string };
      };
    };
    revisionHistoryLimit?: number;
  };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: {
      status?: string;
      message?: string;
      lastTransitionTime?: ArgoCdTime;
    };
    history?: ArgoCdRevisionHistory[];
    operationState?: ArgoCdOperationState;
    conditions?: Array<{ type?: string; message?: string }>;
    summary?: { images?: string[]; externalURLs?: string[] };
  };
}

export interface ArgoCdOwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

/** An ApplicationSet (`v1alpha1ApplicationSet`), with only what the bundle reads. @public */
export interface ArgoCdApplicationSet {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
  };
  spec?: {
    generators?: Array<Record<string, unknown>>;
    strategy?: {
      type?: string;
      rollingSync?: {
        steps?: Array<{
          matchExpressions?: Array<{
            key?: string;
            /** `In` or `NotIn`. */
            operator?: string;
            values?: string[];
          }>;
          maxUpdate?: number | string;
        }>;
      };
    };
    template?: {
      metadata?: { name?: string };
      spec?: ArgoCdApplication['spec'];
    };
  };
  status?: {
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: ArgoCdTime;
    }>;
    applicationStatus?: Array<{
      application?: string;
      status?: string;
      step?: string;
      message?: string;
      lastTransitionTime?: ArgoCdTime;
      targetRevisions?: string[];
    }>;
    resources?: Array<{
      name?: string;
      namespace?: string;
      kind?: string;
      status?: string;
      health?: { status?: string; message?: string };
    }>;
  };
}

export interface ArgoCdApplicationSetList {
  items?: ArgoCdApplicationSet[] | null;
}

/** An application's `spec`, as `PUT /api/v1/applications/{name}/spec` takes and returns it. */
export type ArgoCdApplicationSpec = NonNullable<ArgoCdApplication['spec']>;

export interface ArgoCdApplicationList {
  items?: ArgoCdApplication[] | null;
}

export interface ArgoCdResourceNode {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  health?: { status?: string; message?: string };
  parentRefs?: Array<{ kind?: string; name?: string }>;
}

export interface ArgoCdApplicationTree {
  nodes?: ArgoCdResourceNode[] | null;
}

/** `v1alpha1RevisionMetadata`: the commit behind a revision, as Argo CD's repo server reads it. */
export interface ArgoCdRevisionMetadata {
  /** Typically `Name <email>`. */
  author?: string;
  /** When the commit was made. */
  date?: ArgoCdTime;
  message?: string;
  tags?: string[];
}

/** A sync window of an AppProject (`spec.syncWindows[]`), as Argo CD returns it. @public */
export interface ArgoCdSyncWindow {
  /** `allow` or `deny`. */
  kind?: string;
  /** Cron schedule of the window's start (five fields). */
  schedule?: string;
  /** How long the window stays open after each start, e.g. `1h`, `30m`. */
  duration?: string;
  /** Glob patterns of application names. */
  applications?: string[];
  namespaces?: string[];
  clusters?: string[];
  manualSync?: boolean;
  /** IANA zone of the schedule (UTC by default). */
  timeZone?: string;
  andOperator?: boolean;
  description?: string;
}

/** An AppProject, with only what the bundle reads. @public */
export interface ArgoCdAppProject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: { syncWindows?: ArgoCdSyncWindow[]; description?: string };
}
