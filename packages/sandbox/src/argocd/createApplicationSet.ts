import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { CrdSchemaValidator } from '../schemas/crdSchemas';
import {
  ALREADY_EXISTS,
  ArgoCdApiError,
  firstReconciliation,
  INVALID_ARGUMENT,
  prepareApplicationValidation,
  validateApplication,
} from './createApplication';
import { ArgoCdInstanceFixtures } from './fixtures';
import {
  newObjectMetadata,
  nowSeconds,
  sameDefinition,
  updatedMetadata,
} from './storedObjects';

const GROUP = 'argoproj.io';
const VERSION = 'v1alpha1';
const API_VERSION = `${GROUP}/${VERSION}`;
/** Added by the controller to a generated Application whose template has no finalizers. */
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const LIST_ONLY =
  "the sandbox's Argo CD generates Applications for list generators only";

let crdValidator: CrdSchemaValidator | undefined;

/** Compiling the CRDs takes a moment; only instances that receive writes pay for it. */
function crdErrors(manifest: any): string[] {
  crdValidator ??= new CrdSchemaValidator();
  return crdValidator.validate(manifest);
}

/**
 * Compiles every schema a write is checked against now rather than at the first write, which
 * takes seconds: longer than a client's timeout on a busy machine. For the portal's sandbox,
 * whose template runs create Applications and ApplicationSets.
 */
export function prepareArgoCdWrites(): void {
  prepareApplicationValidation();
  for (const kind of ['ApplicationSet', 'Application']) {
    crdErrors({ apiVersion: API_VERSION, kind, metadata: { name: 'warm-up' } });
  }
}

function invalid(message: string): ArgoCdApiError {
  return new ArgoCdApiError(400, INVALID_ARGUMENT, message);
}

export interface CreateApplicationSetRequest {
  state: ArgoCdInstanceFixtures;
  body: any;
  upsert: boolean;
  dryRun: boolean;
  controllerNamespace: string;
  /** Projects besides `default` that exist on the instance. */
  projects: Set<string>;
}

type Params = Record<string, unknown>;

/** An Application the ApplicationSet generates, before it is stored (no uid, no status). */
interface GeneratedApplication {
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec: any;
}

/**
 * `POST /api/v1/applicationsets` (ApplicationSetService.Create) with the semantics of Argo CD's
 * API server, plus what the ApplicationSet controller then does with the list generator:
 *
 * - the body must be an ApplicationSet of the CRD (`apiVersion`/`kind` optional), with a name,
 *   an untemplated `spec.template.spec.project` that exists, and generators the sandbox can run;
 * - `dryRun=true` stores nothing and answers the ApplicationSet with `status.resources` listing
 *   the Applications it would generate;
 * - a new name is stored and its Applications generated; an identical definition returns the
 *   existing ApplicationSet unchanged; a different one is refused unless `upsert=true`, which
 *   replaces the spec and finalizers, merges labels and annotations and regenerates.
 *
 * The real API server only stores the ApplicationSet; the ApplicationSet controller generates
 * its Applications a moment later. The fake plays that controller at once, and only for `list`
 * generators (elements and elementsYaml): any other generator is refused with a 400. Generated
 * Applications are controlled by the ApplicationSet (ownerReferences); one of the same name that
 * it does not control is a 400 here (the controller would fail to reconcile it). Applications it
 * controlled and no longer generates are deleted unless `spec.syncPolicy.applicationsSync` is
 * `create-only` or `create-update`; `create-only` also leaves existing ones unchanged.
 */
export function createApplicationSet(
  request: CreateApplicationSetRequest,
): any {
  const { state, body } = request;
  const set = validateApplicationSet(body, request.projects);
  const name: string = set.metadata.name;
  const namespace: string =
    set.metadata.namespace || request.controllerNamespace;
  const generated = generateApplications(set, namespace, request.projects);

  if (request.dryRun) {
    const { apiVersion: _v, kind: _k, status: _s, ...answer } = set;
    return {
      ...answer,
      status: {
        resources: generated.map(app =>
          resourceStatus(app, {
            sync: { status: 'OutOfSync' },
            health: { status: 'Missing' },
          }),
        ),
      },
    };
  }

  const sets = (state.applicationSets ??= {});
  const existing = sets[name];
  if (!existing) {
    const uid = randomUUID();
    assertNoClash(state, generated, name, uid);
    const { status: _s, ...definition } = set;
    const created: any = {
      ...definition,
      apiVersion: API_VERSION,
      kind: 'ApplicationSet',
      metadata: { ...newObjectMetadata({ ...set.metadata, namespace }), uid },
    };
    created.status = reconcile(state, created, generated, request);
    sets[name] = created;
    return withoutTypeMeta(created);
  }

  if (
    (existing.metadata?.namespace ?? request.controllerNamespace) !== namespace
  ) {
    throw new ArgoCdApiError(
      409,
      ALREADY_EXISTS,
      `error creating ApplicationSet: applicationsets.argoproj.io "${name}" already exists in namespace ${existing.metadata?.namespace}`,
    );
  }
  if (sameDefinition(existing, set)) return withoutTypeMeta(existing);
  if (!request.upsert) {
    throw invalid(
      'existing ApplicationSet spec is different, use upsert flag to force update',
    );
  }
  assertNoClash(state, generated, name, existing.metadata.uid);
  const specChanged = !isDeepStrictEqual(existing.spec, set.spec);
  existing.spec = set.spec;
  existing.metadata = updatedMetadata(existing.metadata, set.metadata, {
    mergeLabels: true,
    bumpGeneration: specChanged,
  });
  existing.status = reconcile(state, existing, generated, request);
  return withoutTypeMeta(existing);
}

/** The API answers without the stored resource's apiVersion and kind, as the GET handlers do. */
function withoutTypeMeta(set: any): any {
  const { apiVersion: _v, kind: _k, ...answer } = set;
  return answer;
}

/**
 * The body as an ApplicationSet of the CRD, or the API's 400: schema errors, no name, a
 * templated or unknown project, generators the sandbox cannot run.
 */
function validateApplicationSet(body: any, projects: Set<string>): any {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid(
      'error creating ApplicationSets: ApplicationSets is nil in request',
    );
  }
  if (
    (body.apiVersion !== undefined && body.apiVersion !== API_VERSION) ||
    (body.kind !== undefined && body.kind !== 'ApplicationSet')
  ) {
    throw invalid(
      `error unmarshaling request body: not an ApplicationSet: ${body.apiVersion} ${body.kind}`,
    );
  }
  const set = { apiVersion: API_VERSION, kind: 'ApplicationSet', ...body };
  const name: string =
    typeof set.metadata?.name === 'string' ? set.metadata.name : '';
  const errors = crdErrors(set);
  if (errors.length > 0) {
    throw invalid(
      `error creating ApplicationSet: ApplicationSet.argoproj.io "${name}" is invalid: ${errors.join(
        '; ',
      )}`,
    );
  }
  if (!name) {
    throw invalid(
      'error creating ApplicationSet: ApplicationSet.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  }
  const project: string = set.spec.template.spec.project;
  if (project.includes('{{')) {
    throw invalid(
      'error validating ApplicationSets: the Argo CD API does not currently support creating ApplicationSets with templated `project` fields',
    );
  }
  if (project !== 'default' && !projects.has(project)) {
    throw invalid(
      `error checking create permissions for ApplicationSets ${name} : ApplicationSet references project ${project} which does not exist`,
    );
  }
  for (const generator of set.spec.generators as any[]) {
    const kinds = Object.keys(generator).filter(
      k => generator[k] !== null && generator[k] !== undefined,
    );
    if (kinds.length === 0) {
      throw invalid(
        `error validating ApplicationSets: ApplicationSet ${name} contains unrecognized generators`,
      );
    }
    if (kinds.some(k => k !== 'list')) {
      throw invalid(`${LIST_ONLY}, not ${kinds.join(', ')}`);
    }
    if (generator.list.template) {
      throw invalid(
        "the sandbox's Argo CD does not merge a list generator's own template; use spec.template",
      );
    }
  }
  if (set.spec.templatePatch) {
    throw invalid("the sandbox's Argo CD does not apply spec.templatePatch");
  }
  return set;
}

/** The parameter sets of a list generator: its elements and those of its elementsYaml. */
function listElements(list: any): Params[] {
  const elements: unknown[] = [...(list.elements ?? [])];
  if (list.elementsYaml) {
    let parsed: unknown;
    try {
      parsed = parse(list.elementsYaml);
    } catch (error) {
      throw invalid(
        `unable to generate Applications of ApplicationSet: error unmarshling decoded ElementsYaml ${error}`,
      );
    }
    if (!Array.isArray(parsed)) {
      throw invalid(
        'unable to generate Applications of ApplicationSet: error unmarshling decoded ElementsYaml: not a list',
      );
    }
    elements.push(...parsed);
  }
  return elements.map(element => {
    if (!element || typeof element !== 'object' || Array.isArray(element)) {
      throw invalid(
        `unable to generate Applications of ApplicationSet: error unmarshling list element ${JSON.stringify(
          element,
        )}`,
      );
    }
    return element as Params;
  });
}

/**
 * Fasttemplate parameters, as the list generator flattens an element without goTemplate:
 * strings (numbers and booleans written out), `values.<key>` for the `values` map.
 */
function flatParams(element: Params): Record<string, string> {
  const out: Record<string, string> = {};
  const scalar = (key: string, value: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    throw invalid(
      `unable to generate Applications of ApplicationSet: error parsing value of ${key} as string`,
    );
  };
  for (const [key, value] of Object.entries(element)) {
    if (key === 'values' && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Params)) {
        out[`values.${k}`] = scalar(`values.${k}`, v);
      }
    } else {
      out[key] = scalar(key, value);
    }
  }
  return out;
}

/** `{{key}}` (spaces inside the braces tolerated); an unknown tag stays as written. */
function renderFasttemplate(
  text: string,
  params: Record<string, string>,
): string {
  return text.replace(/\{\{(.*?)\}\}/g, (tag, inner: string) => {
    const key = inner.trim();
    return key && Object.prototype.hasOwnProperty.call(params, key)
      ? params[key]
      : tag;
  });
}

/**
 * Go templates reduced to what ApplicationSets mostly use: `{{.key}}` and `{{ .a.b }}`. A missing
 * key renders `<no value>` unless goTemplateOptions has `missingkey=error`; any other action
 * (functions, pipelines) is refused rather than rendered wrong.
 */
function renderGoTemplate(
  text: string,
  params: Params,
  missingKeyError: boolean,
): string {
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_tag, inner: string) => {
    if (!/^\.[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(inner)) {
      throw invalid(
        `the sandbox's Argo CD renders only {{.key}} parameters in go templates, not {{${inner}}}`,
      );
    }
    let value: unknown = params;
    for (const key of inner.slice(1).split('.')) {
      if (
        value &&
        typeof value === 'object' &&
        Object.prototype.hasOwnProperty.call(value, key)
      ) {
        value = (value as Params)[key];
        continue;
      }
      if (missingKeyError) {
        throw invalid(
          `unable to generate Applications of ApplicationSet: failed to execute go template ${text}: template: executing "" at <${inner}>: map has no entry for key "${key}"`,
        );
      }
      return '<no value>';
    }
    if (value === null || value === undefined) return '<no value>';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** Renders every string of the template, map keys included, as the controller does. */
function renderTemplate(value: any, render: (text: string) => string): any {
  if (typeof value === 'string') return render(value);
  if (Array.isArray(value)) return value.map(v => renderTemplate(v, render));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        render(k),
        renderTemplate(v, render),
      ]),
    );
  }
  return value;
}

/**
 * What the ApplicationSet controller generates for the list generators: one Application per
 * element, the template rendered with the element's parameters, in the ApplicationSet's
 * namespace; each must be an Application the API would accept.
 */
function generateApplications(
  set: any,
  namespace: string,
  projects: Set<string>,
): GeneratedApplication[] {
  const goTemplate = set.spec.goTemplate === true;
  const missingKeyError = (set.spec.goTemplateOptions ?? []).includes(
    'missingkey=error',
  );
  const preserve = set.spec.syncPolicy?.preserveResourcesOnDeletion === true;
  const apps: GeneratedApplication[] = [];
  const names = new Set<string>();
  for (const generator of set.spec.generators as any[]) {
    for (const element of listElements(generator.list)) {
      const flat = goTemplate ? {} : flatParams(element);
      const rendered = renderTemplate(set.spec.template, text =>
        goTemplate
          ? renderGoTemplate(text, element, missingKeyError)
          : renderFasttemplate(text, flat),
      );
      const meta = rendered.metadata ?? {};
      const finalizers: string[] | undefined =
        meta.finalizers?.length || preserve
          ? meta.finalizers
          : [RESOURCES_FINALIZER];
      const app: GeneratedApplication = {
        metadata: {
          name: meta.name,
          namespace,
          ...(meta.labels ? { labels: meta.labels } : {}),
          ...(meta.annotations ? { annotations: meta.annotations } : {}),
          ...(finalizers ? { finalizers } : {}),
        },
        spec: rendered.spec,
      };
      try {
        validateApplication(app, projects);
      } catch (error) {
        if (!(error instanceof ArgoCdApiError)) throw error;
        throw new ArgoCdApiError(
          error.status,
          error.grpcCode,
          `unable to generate Applications of ApplicationSet: ${error.message}`,
        );
      }
      if (names.has(app.metadata.name)) {
        throw invalid(
          `ApplicationSet ${set.metadata.name} contains applications with duplicate name: ${app.metadata.name}`,
        );
      }
      names.add(app.metadata.name);
      apps.push(app);
    }
  }
  return apps;
}

function controlledBy(app: any, name: string, uid: string): boolean {
  return (app.metadata?.ownerReferences ?? []).some(
    (ref: any) =>
      ref.controller === true &&
      ref.kind === 'ApplicationSet' &&
      ref.name === name &&
      ref.uid === uid,
  );
}

/** An Application of a generated name that this ApplicationSet does not control is refused. */
function assertNoClash(
  state: ArgoCdInstanceFixtures,
  generated: GeneratedApplication[],
  setName: string,
  uid: string,
): void {
  for (const app of generated) {
    const existing = state.applications[app.metadata.name];
    if (existing && !controlledBy(existing, setName, uid)) {
      throw invalid(
        `application ${app.metadata.name} already exists and is not owned by ApplicationSet ${setName}`,
      );
    }
  }
}

function resourceStatus(app: GeneratedApplication, status: any) {
  return {
    group: GROUP,
    version: VERSION,
    kind: 'Application',
    name: app.metadata.name,
    namespace: app.metadata.namespace,
    status: status?.sync?.status ?? 'OutOfSync',
    health: { status: status?.health?.status ?? 'Missing' },
  };
}

/**
 * Creates, updates and deletes the ApplicationSet's Applications as `applicationsSync` allows,
 * and answers the status the controller then writes.
 */
function reconcile(
  state: ArgoCdInstanceFixtures,
  set: any,
  generated: GeneratedApplication[],
  request: CreateApplicationSetRequest,
): any {
  const { name, uid } = set.metadata;
  const policy: string =
    set.spec.syncPolicy?.applicationsSync ?? 'create-delete';
  const ownerReferences = [
    {
      apiVersion: API_VERSION,
      kind: 'ApplicationSet',
      name,
      uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
  const wanted = new Set(generated.map(app => app.metadata.name));
  for (const app of generated) {
    const existing = state.applications[app.metadata.name];
    if (!existing) {
      state.applications[app.metadata.name] = {
        metadata: newObjectMetadata({ ...app.metadata, ownerReferences }),
        spec: app.spec,
        status: firstReconciliation(app.spec, request.controllerNamespace),
      };
      state.trees[app.metadata.name] = { nodes: [] };
      continue;
    }
    if (policy === 'create-only') continue;
    if (sameDefinition(existing, app)) continue;
    // The controller writes what it generates: labels and annotations replaced, not merged.
    existing.metadata = updatedMetadata(existing.metadata, app.metadata, {
      mergeLabels: false,
      bumpGeneration: !isDeepStrictEqual(existing.spec, app.spec),
    });
    existing.spec = app.spec;
  }
  if (policy !== 'create-only' && policy !== 'create-update') {
    for (const [appName, app] of Object.entries(state.applications)) {
      if (!wanted.has(appName) && controlledBy(app, name, uid)) {
        delete state.applications[appName];
        delete state.trees[appName];
      }
    }
  }

  const now = nowSeconds();
  const resources = generated.map(app =>
    resourceStatus(app, state.applications[app.metadata.name]?.status),
  );
  return {
    conditions: [
      {
        type: 'ErrorOccurred',
        status: 'False',
        reason: 'ApplicationSetUpToDate',
        message: 'Successfully generated parameters for all Applications',
        lastTransitionTime: now,
      },
      {
        type: 'ParametersGenerated',
        status: 'True',
        reason: 'ParametersGenerated',
        message: 'Successfully generated parameters for all Applications',
        lastTransitionTime: now,
      },
      {
        type: 'ResourcesUpToDate',
        status: 'True',
        reason: 'ApplicationSetUpToDate',
        message: 'All applications have been generated successfully',
        lastTransitionTime: now,
      },
    ],
    resources,
    resourcesCount: resources.length,
  };
}
