import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { applyJsonPatch, applyMergePatch } from '../kubernetes/patches';
import { ArgoCdApiError } from './createApplication';

/*
 * The write endpoints of one application besides create: `PUT …/spec` and `POST …/rollback`,
 * with the Argo CD API server's checks and messages, and a stand-in for the application
 * controller that runs the started operation to its end, so readers see the new state.
 */

const INVALID_ARGUMENT = 3;
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

function nowSeconds(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
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
    patched =
      body.patchType === 'merge'
        ? applyMergePatch(options.app, patch)
        : applyJsonPatch(options.app, patch);
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

/**
 * `POST /api/v1/applications/{name}/rollback`: refused while automated sync is on, while another
 * operation runs, or for an id the history does not have. Otherwise it starts a sync operation to
 * the entry's revision and source (nothing changes on a dry run); `finish` completes it later.
 */
export function startRollback(options: {
  app: any;
  body: unknown;
  username: string;
}): { app: any; finish?: () => void } {
  const { app, body } = options;
  const errors = schemaErrors('applicationApplicationRollbackRequest', body);
  if (errors.length > 0 || typeof body !== 'object' || body === null) {
    throw badRequest(
      INVALID_ARGUMENT,
      `error unmarshaling request body: ${
        errors.join('; ') || 'not an object'
      }`,
    );
  }
  const request = body as {
    id?: number | string;
    dryRun?: boolean;
    prune?: boolean;
  };
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
  if (app.operation || app.status?.operationState?.phase === 'Running') {
    throw badRequest(
      FAILED_PRECONDITION,
      'another operation is already in progress',
    );
  }
  if (request.dryRun) return { app };

  const startedAt = nowSeconds();
  const initiatedBy = { username: options.username };
  const sync = {
    revision: entry.revision,
    ...(entry.source ? { source: entry.source } : {}),
    ...(request.prune ? { prune: true } : {}),
    syncStrategy: { apply: {} },
  };
  app.status ??= {};
  app.status.operationState = {
    operation: { sync, initiatedBy, retry: {} },
    phase: 'Running',
    message: 'one or more tasks are running',
    startedAt,
  };
  const finish = () => {
    const state = app.status.operationState;
    if (state?.startedAt !== startedAt || state.phase !== 'Running') return;
    const finishedAt = nowSeconds();
    state.phase = 'Succeeded';
    state.message = 'successfully synced (all tasks run)';
    state.finishedAt = finishedAt;
    state.syncResult = {
      revision: entry.revision,
      source: entry.source ?? {},
      resources: [],
    };
    const history: any[] = app.status.history ?? [];
    const nextId =
      history.reduce((max, h) => Math.max(max, Number(h.id ?? 0)), -1) + 1;
    history.push({
      id: nextId,
      revision: entry.revision,
      deployedAt: finishedAt,
      deployStartedAt: startedAt,
      ...(entry.source ? { source: entry.source } : {}),
      initiatedBy,
    });
    const limit = Number(app.spec?.revisionHistoryLimit ?? 10);
    app.status.history = history.slice(Math.max(0, history.length - limit));
    const previous = app.status.sync?.revision;
    app.status.sync = {
      ...app.status.sync,
      revision: entry.revision,
      // The source still tracks its branch, whose tip is no longer what runs.
      status:
        previous === entry.revision ? app.status.sync?.status : 'OutOfSync',
    };
    app.status.reconciledAt = finishedAt;
  };
  return { app, finish };
}
