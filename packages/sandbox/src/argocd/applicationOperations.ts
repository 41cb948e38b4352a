import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { applyApplicationPatch } from './applicationPatch';
import { ArgoCdApiError, INVALID_ARGUMENT } from './createApplication';
import { nowSeconds } from './storedObjects';

/*
 * The write endpoints of one application besides create: `PATCH`, `PUT …/spec`, `POST …/rollback`
 * and `POST …/sync`, with the Argo CD API server's checks and messages, and a stand-in for the application
 * controller that runs the started operation to its end, so readers see the new state.
 */

const FAILED_PRECONDITION = 9;

let validator: ArgoCdSchemaValidator | undefined;

function schemaErrors(definition: string, body: unknown): string[] {
  validator ??= new ArgoCdSchemaValidator();
  return validator.validate(definition, body);
}

function badRequest(grpcCode: number, message: string): ArgoCdApiError {
  // grpc-gateway answers InvalidArgument and FailedPrecondition with HTTP 400.
  return new ArgoCdApiError(400, grpcCode, message);
}

/** Argo CD's `SyncPolicy.IsAutomatedSyncEnabled`: `automated` set and not `enabled: false`. */
export function isAutomatedSyncEnabled(app: any): boolean {
  const automated = app?.spec?.syncPolicy?.automated;
  return Boolean(automated) && automated.enabled !== false;
}

/**
 * `PATCH /api/v1/applications/{name}` (`ApplicationPatchRequest`): a JSON or merge patch applied
 * to the whole Application, as the API server does before it updates the resource — so a JSON
 * patch's `test` of `metadata.resourceVersion` makes it conditional. The result must still be a
 * valid Application of the same name.
 */
export function patchApplication(options: { app: any; body: unknown }): any {
  const body = options.body as {
    patch?: unknown;
    patchType?: unknown;
  } | null;
  const errors = schemaErrors('applicationApplicationPatchRequest', body);
  if (errors.length > 0 || typeof body?.patch !== 'string') {
    throw badRequest(
      INVALID_ARGUMENT,
      `error unmarshaling request body: ${errors.join('; ') || 'no patch'}`,
    );
  }
  let patch: unknown;
  try {
    patch = JSON.parse(body.patch);
  } catch {
    throw badRequest(INVALID_ARGUMENT, 'the patch is not JSON');
  }
  let patched: any;
  try {
    patched = applyApplicationPatch(options.app, patch, body.patchType);
  } catch (error) {
    throw badRequest(INVALID_ARGUMENT, (error as Error).message);
  }
  const invalid = schemaErrors('v1alpha1Application', patched);
  if (
    invalid.length > 0 ||
    patched?.metadata?.name !== options.app.metadata.name
  ) {
    throw badRequest(INVALID_ARGUMENT, invalid.join('; ') || 'name changed');
  }
  const { app } = options;
  app.spec = patched.spec;
  app.metadata.labels = patched.metadata.labels;
  app.metadata.annotations = patched.metadata.annotations;
  app.metadata.generation = Number(app.metadata.generation ?? 0) + 1;
  app.metadata.resourceVersion = String(
    Number(app.metadata.resourceVersion ?? 0) + 1,
  );
  return app;
}

/**
 * `PUT /api/v1/applications/{name}/spec`: the body must be a valid `v1alpha1ApplicationSpec` of an
 * existing project; it replaces the spec as a whole.
 */
export function updateApplicationSpec(options: {
  app: any;
  body: unknown;
  projects: Set<string>;
}): any {
  const errors = schemaErrors('v1alpha1ApplicationSpec', options.body);
  if (
    errors.length > 0 ||
    typeof options.body !== 'object' ||
    options.body === null
  ) {
    throw badRequest(
      INVALID_ARGUMENT,
      `error unmarshaling request body: ${
        errors.join('; ') || 'not an object'
      }`,
    );
  }
  const spec: any = { ...(options.body as object) };
  spec.project ||= 'default';
  if (spec.project !== 'default' && !options.projects.has(spec.project)) {
    throw badRequest(
      INVALID_ARGUMENT,
      `application references project ${spec.project} which does not exist`,
    );
  }
  if (!spec.destination?.server && !spec.destination?.name) {
    throw badRequest(
      INVALID_ARGUMENT,
      `application spec for ${options.app.metadata.name} is invalid: InvalidSpecError: Destination server missing from app spec`,
    );
  }
  const { app } = options;
  app.spec = spec;
  app.metadata.generation = Number(app.metadata.generation ?? 0) + 1;
  app.metadata.resourceVersion = String(
    Number(app.metadata.resourceVersion ?? 0) + 1,
  );
  return spec;
}

/** Who started an operation, as `initiatedBy` records it. */
export type OperationInitiator = { username: string } | { automated: true };

/** What a sync operation deploys. */
export interface SyncTarget {
  revision: string;
  source?: unknown;
  prune?: boolean;
  /** The images the revision pins (`status.summary.images` once synced); kept when absent. */
  images?: string[];
  /** The revision is what the source's branch points at, so the synced app is `Synced`. */
  atBranchHead?: boolean;
}

/** Whether an operation is under way (Argo CD refuses to start a second one). */
export function operationRunning(app: any): boolean {
  return (
    Boolean(app.operation) || app.status?.operationState?.phase === 'Running'
  );
}

function refuseWhileRunning(app: any): void {
  if (operationRunning(app)) {
    throw badRequest(
      FAILED_PRECONDITION,
      'another operation is already in progress',
    );
  }
}

function validRequest<T>(definition: string, body: unknown): T {
  const errors = schemaErrors(definition, body);
  if (errors.length > 0 || typeof body !== 'object' || body === null) {
    throw badRequest(
      INVALID_ARGUMENT,
      `error unmarshaling request body: ${
        errors.join('; ') || 'not an object'
      }`,
    );
  }
  return body as T;
}

function syncStatusAfter(app: any, target: SyncTarget): string | undefined {
  if (target.atBranchHead) return 'Synced';
  // The source still tracks its branch, whose tip is no longer what runs.
  return app.status.sync?.revision === target.revision
    ? app.status.sync?.status
    : 'OutOfSync';
}

/**
 * Starts a sync operation (phase Running) as the API server records it, and returns `finish`: the
 * application controller's part, which completes it — Succeeded, a new history entry, the sync
 * status and the images — unless another operation replaced it meanwhile.
 */
export function startSyncOperation(
  app: any,
  target: SyncTarget,
  initiatedBy: OperationInitiator,
): () => void {
  const startedAt = nowSeconds();
  const source = target.source as object | undefined;
  const sync = {
    revision: target.revision,
    ...(source ? { source } : {}),
    ...(target.prune ? { prune: true } : {}),
    syncStrategy: { apply: {} },
  };
  app.status ??= {};
  app.status.operationState = {
    operation: { sync, initiatedBy, retry: {} },
    phase: 'Running',
    message: 'one or more tasks are running',
    startedAt,
  };
  return () => {
    const state = app.status.operationState;
    if (state?.startedAt !== startedAt || state.phase !== 'Running') return;
    const finishedAt = nowSeconds();
    state.phase = 'Succeeded';
    state.message = 'successfully synced (all tasks run)';
    state.finishedAt = finishedAt;
    state.syncResult = {
      revision: target.revision,
      source: source ?? {},
      resources: [],
    };
    const history: any[] = app.status.history ?? [];
    const nextId =
      history.reduce((max, h) => Math.max(max, Number(h.id ?? 0)), -1) + 1;
    history.push({
      id: nextId,
      revision: target.revision,
      deployedAt: finishedAt,
      deployStartedAt: startedAt,
      ...(source ? { source } : {}),
      initiatedBy,
    });
    const limit = Number(app.spec?.revisionHistoryLimit ?? 10);
    app.status.history = history.slice(Math.max(0, history.length - limit));
    app.status.sync = {
      ...app.status.sync,
      revision: target.revision,
      status: syncStatusAfter(app, target),
    };
    if (target.images) {
      app.status.summary = { ...app.status.summary, images: target.images };
    }
    app.status.reconciledAt = finishedAt;
  };
}

/**
 * `POST /api/v1/applications/{name}/rollback`: refused while automated sync is on, while another
 * operation runs, or for an id the history does not have. Otherwise it starts a sync operation to
 * the entry's revision and source (nothing changes on a dry run); `finish` completes it later.
 */
export function startRollback(options: {
  app: any;
  body: unknown;
  username: string;
  /** The images a revision pins, when the fake can read its repository. */
  imagesAt?: (revision: string) => string[] | undefined;
}): { app: any; finish?: () => void } {
  const { app } = options;
  const request = validRequest<{
    id?: number | string;
    dryRun?: boolean;
    prune?: boolean;
  }>('applicationApplicationRollbackRequest', options.body);
  if (isAutomatedSyncEnabled(app)) {
    throw badRequest(
      FAILED_PRECONDITION,
      'rollback cannot be initiated when auto-sync is enabled',
    );
  }
  const id = Number(request.id ?? 0);
  const entry = (app.status?.history ?? []).find(
    (h: any) => Number(h.id ?? 0) === id,
  );
  if (!entry) {
    throw badRequest(
      INVALID_ARGUMENT,
      `application ${app.metadata.name} does not have deployment with id ${id}`,
    );
  }
  if (!entry.source && !entry.sources) {
    throw badRequest(
      FAILED_PRECONDITION,
      'cannot rollback to revision deployed with Argo CD v0.11 or lower. sync to revision instead.',
    );
  }
  refuseWhileRunning(app);
  if (request.dryRun) return { app };
  const finish = startSyncOperation(
    app,
    {
      revision: entry.revision,
      source: entry.source,
      prune: request.prune,
      images: options.imagesAt?.(entry.revision),
    },
    { username: options.username },
  );
  return { app, finish };
}

/**
 * `POST /api/v1/applications/{name}/sync` (`ApplicationSyncRequest`): syncs to the requested
 * revision, or to what the source's branch points at. Refused while another operation runs, and
 * for another revision than the branch while automated sync is on; a dry run changes nothing.
 */
export function startSync(options: {
  app: any;
  body: unknown;
  username: string;
  /** The commit the source's branch points at, when the fake can resolve it. */
  branchHead?: string;
  imagesAt?: (revision: string) => string[] | undefined;
}): { app: any; finish?: () => void } {
  const { app, branchHead } = options;
  const request = validRequest<{
    revision?: string;
    dryRun?: boolean;
    prune?: boolean;
  }>('applicationApplicationSyncRequest', options.body);
  const source = app.spec?.source;
  const branch = source?.targetRevision || 'HEAD';
  const asked = request.revision || undefined;
  if (
    asked &&
    isAutomatedSyncEnabled(app) &&
    asked !== branch &&
    asked !== branchHead
  ) {
    throw badRequest(
      FAILED_PRECONDITION,
      `Cannot sync to ${asked}: auto-sync currently set to ${branch}`,
    );
  }
  refuseWhileRunning(app);
  if (request.dryRun) return { app };
  const revision =
    (asked === branch ? undefined : asked) ??
    branchHead ??
    app.status?.sync?.revision ??
    branch;
  const finish = startSyncOperation(
    app,
    {
      revision,
      source,
      prune: request.prune,
      images: options.imagesAt?.(revision),
      // Without a readable branch, what it last compared to stands for its head.
      atBranchHead: revision === (branchHead ?? app.status?.sync?.revision),
    },
    { username: options.username },
  );
  return { app, finish };
}
