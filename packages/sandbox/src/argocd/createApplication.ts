import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { ArgoCdInstanceFixtures } from './fixtures';
import {
  newObjectMetadata,
  nowSeconds,
  sameDefinition,
  updatedMetadata,
} from './storedObjects';

/** An Argo CD API error: HTTP status, gRPC code and message, as the API server answers them. */
export class ArgoCdApiError extends Error {
  constructor(
    readonly status: number,
    readonly grpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** gRPC status codes the API answers with (in its body's `code`). */
export const INVALID_ARGUMENT = 3;
export const ALREADY_EXISTS = 6;

let validator: ArgoCdSchemaValidator | undefined;

/** Compiling the swagger takes a moment; only instances that receive writes pay for it. */
function schemaErrors(body: unknown): string[] {
  validator ??= new ArgoCdSchemaValidator();
  return validator.validate('v1alpha1Application', body);
}

/** Compiles the swagger now instead of at the first write (see prepareArgoCdWrites). */
export function prepareApplicationValidation(): void {
  schemaErrors({});
}

/**
 * What the controller reports after its first reconciliation of an application whose resources
 * were never deployed: out of sync and missing (the fake has no cluster to sync to).
 */
export function firstReconciliation(spec: any, controllerNamespace: string) {
  return {
    sync: {
      status: 'OutOfSync',
      comparedTo: { source: spec.source, destination: spec.destination },
    },
    health: { status: 'Missing' },
    reconciledAt: nowSeconds(),
    controllerNamespace,
  };
}

export interface CreateApplicationRequest {
  state: ArgoCdInstanceFixtures;
  body: any;
  upsert: boolean;
  controllerNamespace: string;
  /** Projects besides `default` that exist on the instance. */
  projects: Set<string>;
}

/**
 * The checks the API server makes of a new Application: a valid `v1alpha1Application`, a name,
 * an existing project and a destination. Throws the API's error; answers the name and project
 * (`default` when unset).
 */
export function validateApplication(
  body: any,
  projects: Set<string>,
): { name: string; project: string } {
  const errors = schemaErrors(body);
  if (errors.length > 0) {
    throw new ArgoCdApiError(
      400,
      INVALID_ARGUMENT,
      `error unmarshaling request body: ${errors.join('; ')}`,
    );
  }
  const name: string | undefined = body.metadata?.name;
  if (!name) {
    throw new ArgoCdApiError(
      400,
      INVALID_ARGUMENT,
      'Application.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  }
  const project = body.spec?.project || 'default';
  if (project !== 'default' && !projects.has(project)) {
    throw new ArgoCdApiError(
      400,
      INVALID_ARGUMENT,
      `application references project ${project} which does not exist`,
    );
  }
  if (!body.spec?.destination?.server && !body.spec?.destination?.name) {
    throw new ArgoCdApiError(
      400,
      INVALID_ARGUMENT,
      `application spec for ${name} is invalid: InvalidSpecError: Destination server missing from app spec`,
    );
  }
  return { name, project };
}

/**
 * `POST /api/v1/applications` with Argo CD's semantics: the body must be a valid Application;
 * a new name is created; an identical definition returns the existing application unchanged; a
 * different one is refused unless `upsert=true`, which replaces the spec and finalizers and
 * merges labels and annotations, as the API server's update does.
 */
export function createApplication(request: CreateApplicationRequest): any {
  const { state, body, upsert, controllerNamespace } = request;
  const { name, project } = validateApplication(body, request.projects);
  const namespace = body.metadata.namespace || controllerNamespace;
  const wanted = {
    ...body,
    metadata: { ...body.metadata, namespace },
    spec: { ...body.spec, project },
  };

  const existing = state.applications[name];
  if (!existing) {
    const created = {
      metadata: newObjectMetadata(wanted.metadata),
      spec: wanted.spec,
      status: firstReconciliation(wanted.spec, controllerNamespace),
    };
    state.applications[name] = created;
    state.trees[name] = { nodes: [] };
    return created;
  }
  if ((existing.metadata?.namespace ?? controllerNamespace) !== namespace) {
    throw new ArgoCdApiError(
      409,
      ALREADY_EXISTS,
      `applications.argoproj.io "${name}" already exists in namespace ${existing.metadata?.namespace}`,
    );
  }
  if (sameDefinition(existing, wanted)) return existing;
  if (!upsert) {
    throw new ArgoCdApiError(
      400,
      INVALID_ARGUMENT,
      'existing application spec is different, use upsert flag to force update',
    );
  }
  existing.spec = wanted.spec;
  existing.metadata = updatedMetadata(existing.metadata, wanted.metadata, {
    mergeLabels: true,
    bumpGeneration: true,
  });
  return existing;
}
