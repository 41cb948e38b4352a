import {
  ArgoCdApplication,
  ArgoCdApplicationSpec,
  ArgoCdApplicationTree,
  ArgoCdAppProject,
  ArgoCdApplicationSet,
  ArgoCdRevisionMetadata,
} from './types';

/** How to find applications on one instance; every field is already validated. */
export interface ArgoCdApplicationQuery {
  name?: string;
  selector?: string;
  project?: string;
  appNamespace?: string;
}

/** Identifies one application on one instance. */
export interface ArgoCdApplicationRef {
  name: string;
  appNamespace?: string;
  project?: string;
}

/** How {@link ArgoCdClient.upsertApplication} asks Argo CD to treat the application. */
export interface ArgoCdUpsertOptions {
  /**
   * Whether Argo CD checks the source (repository reachable, path renders) before accepting
   * it; Argo CD's default. Off when the GitOps change is not merged yet.
   */
  validate?: boolean;
}

/** What {@link ArgoCdClient.rollbackApplication} asks of Argo CD (`ApplicationRollbackRequest`). */
export interface ArgoCdRollbackOptions {
  /** `id` of the history entry to return to. */
  id: number;
  /** Only simulate the sync. */
  dryRun?: boolean;
  /** Delete resources the earlier revision does not have. */
  prune?: boolean;
}

/** One RFC 6902 operation of {@link ArgoCdClient.patchApplication}. */
export interface ArgoCdJsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

/** How {@link ArgoCdClient.updateApplicationSpec} asks Argo CD to treat the new spec. */
export interface ArgoCdUpdateSpecOptions {
  /** Whether Argo CD checks the source before accepting the spec; Argo CD's default is true. */
  validate?: boolean;
}

/** Which source of a multi-source application a revision belongs to. */
export interface ArgoCdRevisionSource {
  /** Index of the source in `spec.sources`. */
  sourceIndex?: number;
  /** The history id of the deploy (Argo CD reads the sources as they were then). */
  versionId?: number;
}

/** One Argo CD instance, spoken to over its REST API. */
export interface ArgoCdClient {
  /** The configured instance name. */
  readonly name: string;
  /** Base URL of the instance's web UI, for links. */
  readonly webUrl: string;
  listApplications(query: ArgoCdApplicationQuery): Promise<ArgoCdApplication[]>;
  getResourceTree(app: ArgoCdApplicationRef): Promise<ArgoCdApplicationTree>;
  /**
   * Creates the application, or replaces the spec of the one with the same name
   * (`POST /api/v1/applications?upsert=true`). Returns the application as Argo CD stored it.
   */
  upsertApplication(
    app: ArgoCdApplication,
    options?: ArgoCdUpsertOptions,
  ): Promise<ArgoCdApplication>;
  /** One application, fresh (`GET /api/v1/applications/{name}`). */
  getApplication(app: ArgoCdApplicationRef): Promise<ArgoCdApplication>;
  /**
   * Replaces the application's spec (`PUT /api/v1/applications/{name}/spec`), e.g. to turn off
   * automated sync. Returns the spec as Argo CD stored it.
   */
  updateApplicationSpec(
    app: ArgoCdApplicationRef,
    spec: ArgoCdApplicationSpec,
    options?: ArgoCdUpdateSpecOptions,
  ): Promise<ArgoCdApplicationSpec>;
  /**
   * Patches the application (`PATCH /api/v1/applications/{name}`): a JSON patch (RFC 6902) whose
   * `test` operations make it conditional, e.g. on `metadata.resourceVersion`, so a concurrent
   * change is not overwritten. Returns the application as Argo CD stored it.
   */
  patchApplication(
    app: ArgoCdApplicationRef,
    patch: ArgoCdJsonPatchOperation[],
  ): Promise<ArgoCdApplication>;
  /**
   * Starts a sync to an earlier history entry (`POST /api/v1/applications/{name}/rollback`).
   * Argo CD refuses it while automated sync is on. Returns the application with the operation.
   */
  rollbackApplication(
    app: ArgoCdApplicationRef,
    options: ArgoCdRollbackOptions,
  ): Promise<ArgoCdApplication>;
  /**
   * The commit behind a revision the application deployed: author, date, message
   * (`GET /api/v1/applications/{name}/revisions/{revision}/metadata`).
   */
  getRevisionMetadata(
    app: ArgoCdApplicationRef,
    revision: string,
    source?: ArgoCdRevisionSource,
  ): Promise<ArgoCdRevisionMetadata>;
  /**
   * One AppProject (`GET /api/v1/projects/{name}`), e.g. for its sync windows. The AppProject
   * answer of the API is the object itself (`v1alpha1AppProject`).
   */
  getProject(name: string): Promise<ArgoCdAppProject>;
  /**
   * One ApplicationSet (`GET /api/v1/applicationsets/{name}`), e.g. the one that generated an
   * application. `appsetNamespace` is needed only outside the control plane's namespace.
   */
  getApplicationSet(
    name: string,
    appsetNamespace?: string,
  ): Promise<ArgoCdApplicationSet>;
  /**
   * Creates or updates (upsert) an ApplicationSet (`POST /api/v1/applicationsets`); Argo CD's
   * controller then generates its Applications. With `dryRun` nothing is stored and the answer's
   * `status.resources` lists the Applications it would generate.
   */
  upsertApplicationSet(
    appSet: ArgoCdApplicationSet,
    options?: { dryRun?: boolean },
  ): Promise<ArgoCdApplicationSet>;
}
