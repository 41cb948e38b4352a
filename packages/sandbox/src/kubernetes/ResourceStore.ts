/*
 * Longer than the house's ~350 lines on purpose: the object store of the stand-in API server
 * (selectors, resource versions, subresources), kept whole so its semantics read in one place until
 * a real API server replaces it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { matchLabels } from '../argocd/matchLabels';
import { KubernetesStatusError } from './kubernetesStatus';
import { applyJsonPatch, applyMergePatch } from './patches';
import { apiVersionOf, qualifiedResource, ResourceKind } from './resourceKinds';

/** Checks an object before it is stored; returns schema errors (none = valid). */
export type ObjectValidator = (object: any) => string[];

export type PatchType = 'merge' | 'json';

const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function matchesFields(selector: string, object: any): boolean {
  for (const requirement of selector.split(',')) {
    const m = requirement.match(
      /^\s*(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*([^,\s]*)\s*$/,
    );
    if (!m) {
      const field = requirement.split(/!?=/)[0].trim();
      throw new KubernetesStatusError(
        'BadRequest',
        `field label not supported: ${field}`,
      );
    }
    const actual =
      m[1] === 'metadata.name'
        ? object.metadata?.name
        : object.metadata?.namespace;
    if ((actual === m[3]) === (m[2] === '!=')) return false;
  }
  return true;
}

/** Continue tokens are opaque to clients; here they carry the offset of the next page. */
function makeContinueToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function readContinueToken(token: string): number {
  try {
    const { offset } = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    );
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new KubernetesStatusError('BadRequest', 'continue key is not valid');
}

/**
 * The fake API server's storage: objects by resource type and namespace/name, with the API
 * server's bookkeeping (uid, resourceVersion, generation, generateName) and its rules for status
 * subresources, optimistic concurrency and immutable identity fields.
 */
export class ResourceStore {
  private readonly objects = new Map<ResourceKind, Map<string, any>>();
  private revision = 1000;

  constructor(
    readonly kinds: readonly ResourceKind[],
    private readonly validate?: ObjectValidator,
  ) {
    for (const kind of kinds) this.objects.set(kind, new Map());
  }

  /** The resource type of a URL, if this server serves it. */
  kindForUrl(
    group: string,
    version: string,
    plural: string,
  ): ResourceKind | undefined {
    return this.kinds.find(
      k => k.group === group && k.version === version && k.plural === plural,
    );
  }

  /** The resource type of an object, if this server serves it. */
  kindForObject(object: {
    apiVersion?: string;
    kind?: string;
  }): ResourceKind | undefined {
    return this.kinds.find(
      k => apiVersionOf(k) === object.apiVersion && k.kind === object.kind,
    );
  }

  /** Puts fixture objects in as they are, adding the bookkeeping fields they lack. */
  load(objects: any[]): void {
    for (const source of objects) {
      const kind = this.kindForObject(source);
      if (!kind) {
        throw new Error(
          `The fake API server does not serve ${source.apiVersion} ${source.kind}`,
        );
      }
      const object = structuredClone(source);
      object.metadata ??= {};
      object.metadata.uid ??= randomUUID();
      object.metadata.resourceVersion ??= this.nextRevision();
      object.metadata.generation ??= 1;
      if (!object.metadata.name)
        throw new Error(`A ${source.kind} fixture has no name`);
      this.table(kind).set(
        keyOf(
          kind.namespaced ? object.metadata.namespace : undefined,
          object.metadata.name,
        ),
        object,
      );
    }
  }

  list(
    kind: ResourceKind,
    options: {
      namespace?: string;
      labelSelector?: string;
      fieldSelector?: string;
      /** Page size; the answer then carries a `continue` token while more remain. */
      limit?: number;
      continueToken?: string;
    },
  ): { items: any[]; resourceVersion: string; continueToken?: string } {
    const matching = [...this.table(kind).values()]
      .filter(
        o =>
          options.namespace === undefined ||
          o.metadata.namespace === options.namespace,
      )
      .filter(o => {
        if (options.labelSelector === undefined || options.labelSelector === '')
          return true;
        const matches = matchLabels(
          options.labelSelector,
          o.metadata.labels ?? {},
        );
        if (matches === undefined) {
          throw new KubernetesStatusError(
            'BadRequest',
            `unable to parse requirement: invalid label selector: ${options.labelSelector}`,
          );
        }
        return matches;
      })
      .filter(
        o => !options.fieldSelector || matchesFields(options.fieldSelector, o),
      )
      .sort((a, b) =>
        keyOf(a.metadata.namespace, a.metadata.name).localeCompare(
          keyOf(b.metadata.namespace, b.metadata.name),
        ),
      );
    const offset = options.continueToken
      ? readContinueToken(options.continueToken)
      : 0;
    const end = options.limit ? offset + options.limit : matching.length;
    const items = matching.slice(offset, end);
    return {
      items: structuredClone(items),
      resourceVersion: String(this.revision),
      ...(end < matching.length
        ? { continueToken: makeContinueToken(end) }
        : {}),
    };
  }

  get(kind: ResourceKind, namespace: string | undefined, name: string): any {
    return structuredClone(this.find(kind, namespace, name));
  }

  create(kind: ResourceKind, namespace: string | undefined, body: any): any {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new KubernetesStatusError(
        'BadRequest',
        'the body of the request must be a JSON object',
      );
    }
    this.checkTypeMeta(kind, body);
    const metadata = body.metadata ?? {};
    if (
      kind.namespaced &&
      metadata.namespace !== undefined &&
      metadata.namespace !== namespace
    ) {
      throw new KubernetesStatusError(
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    let name: string | undefined = metadata.name;
    if (!name && metadata.generateName) {
      do {
        name = `${String(metadata.generateName).slice(
          0,
          58,
        )}${this.randomSuffix()}`;
      } while (this.table(kind).has(keyOf(namespace, name)));
    }
    if (!name) {
      throw new KubernetesStatusError(
        'Invalid',
        `${kind.kind}.${
          kind.group || 'core'
        } "" is invalid: metadata.name: Required value: name or generateName is required`,
        {
          kind: kind.kind,
          group: kind.group,
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: name or generateName is required',
              field: 'metadata.name',
            },
          ],
        },
      );
    }
    const table = this.table(kind);
    if (table.has(keyOf(namespace, name))) {
      throw new KubernetesStatusError(
        'AlreadyExists',
        `${qualifiedResource(kind)} "${name}" already exists`,
        {
          name,
          group: kind.group,
          kind: kind.plural,
        },
      );
    }
    const object = structuredClone(body);
    // The API server ignores status on create when status is a subresource.
    if (kind.statusSubresource) delete object.status;
    object.apiVersion = apiVersionOf(kind);
    object.kind = kind.kind;
    object.metadata = {
      ...object.metadata,
      name,
      ...(kind.namespaced ? { namespace } : {}),
      uid: randomUUID(),
      resourceVersion: this.nextRevision(),
      generation: 1,
      creationTimestamp: now(),
    };
    this.check(kind, object);
    table.set(keyOf(namespace, name), object);
    return structuredClone(object);
  }

  patch(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
    options: { type: PatchType; patch: unknown; subresource?: 'status' },
  ): any {
    const current = this.find(kind, namespace, name);
    const requested = (options.patch as any)?.metadata?.resourceVersion;
    if (options.type === 'merge' && requested !== undefined)
      this.checkRevision(kind, current, requested);
    const patched =
      options.type === 'merge'
        ? applyMergePatch(current, options.patch)
        : applyJsonPatch(current, options.patch);
    return this.update(kind, current, patched, options.subresource);
  }

  replace(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
    body: any,
    subresource?: 'status',
  ): any {
    const current = this.find(kind, namespace, name);
    this.checkTypeMeta(kind, body);
    if (body?.metadata?.name !== undefined && body.metadata.name !== name) {
      throw new KubernetesStatusError(
        'BadRequest',
        'the name of the object does not match the name on the URL',
      );
    }
    if (body?.metadata?.resourceVersion !== undefined) {
      this.checkRevision(kind, current, body.metadata.resourceVersion);
    }
    return this.update(kind, current, structuredClone(body), subresource);
  }

  delete(kind: ResourceKind, namespace: string | undefined, name: string): any {
    const current = this.find(kind, namespace, name);
    this.table(kind).delete(keyOf(namespace, name));
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name,
        group: kind.group,
        kind: kind.plural,
        uid: current.metadata.uid,
      },
    };
  }

  private update(
    kind: ResourceKind,
    current: any,
    next: any,
    subresource: 'status' | undefined,
  ): any {
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new KubernetesStatusError(
        'BadRequest',
        'the patched object is not a JSON object',
      );
    }
    let object: any;
    if (subresource === 'status') {
      object = { ...structuredClone(current), status: next.status };
      if (next.status === undefined) delete object.status;
    } else {
      object = next;
      if (kind.statusSubresource) {
        if (current.status === undefined) delete object.status;
        else object.status = structuredClone(current.status);
      }
    }
    // Identity and bookkeeping fields are the server's, whatever the request said.
    object.apiVersion = apiVersionOf(kind);
    object.kind = kind.kind;
    object.metadata = {
      ...(object.metadata ?? {}),
      name: current.metadata.name,
      ...(kind.namespaced ? { namespace: current.metadata.namespace } : {}),
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      generation:
        JSON.stringify(object.spec) !== JSON.stringify(current.spec)
          ? (current.metadata.generation ?? 1) + 1
          : current.metadata.generation,
      resourceVersion: this.nextRevision(),
    };
    if (object.metadata.creationTimestamp === undefined)
      delete object.metadata.creationTimestamp;
    this.check(kind, object);
    this.table(kind).set(
      keyOf(current.metadata.namespace, current.metadata.name),
      object,
    );
    return structuredClone(object);
  }

  private find(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
  ): any {
    const object = this.table(kind).get(
      keyOf(kind.namespaced ? namespace : undefined, name),
    );
    if (!object) {
      throw new KubernetesStatusError(
        'NotFound',
        `${qualifiedResource(kind)} "${name}" not found`,
        {
          name,
          group: kind.group,
          kind: kind.plural,
        },
      );
    }
    return object;
  }

  private checkTypeMeta(kind: ResourceKind, body: any): void {
    const expected = apiVersionOf(kind);
    if (body?.apiVersion !== undefined && body.apiVersion !== expected) {
      throw new KubernetesStatusError(
        'BadRequest',
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    if (body?.kind !== undefined && body.kind !== kind.kind) {
      throw new KubernetesStatusError(
        'BadRequest',
        `the kind in the data (${body.kind}) does not match the expected kind (${kind.kind})`,
      );
    }
  }

  private checkRevision(
    kind: ResourceKind,
    current: any,
    requested: unknown,
  ): void {
    if (String(requested) !== current.metadata.resourceVersion) {
      throw new KubernetesStatusError(
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(kind)} "${
          current.metadata.name
        }": ` +
          'the object has been modified; please apply your changes to the latest version and try again',
        { name: current.metadata.name, group: kind.group, kind: kind.plural },
      );
    }
  }

  private check(kind: ResourceKind, object: any): void {
    const errors = this.validate?.(object) ?? [];
    if (errors.length > 0) {
      throw new KubernetesStatusError(
        'Invalid',
        `${kind.kind}.${kind.group || 'core'} "${
          object.metadata?.name
        }" is invalid: ${errors.join('; ')}`,
        {
          name: object.metadata?.name,
          group: kind.group,
          kind: kind.kind,
          causes: errors.map(message => ({
            reason: 'FieldValueInvalid',
            message,
          })),
        },
      );
    }
  }

  private table(kind: ResourceKind): Map<string, any> {
    return this.objects.get(kind)!;
  }

  private nextRevision(): string {
    this.revision += 1;
    return String(this.revision);
  }

  private randomSuffix(): string {
    let suffix = '';
    for (let i = 0; i < 5; i++)
      suffix += NAME_SUFFIX_ALPHABET[randomInt(NAME_SUFFIX_ALPHABET.length)];
    return suffix;
  }
}
