/*
 * Longer than the house's ~350 lines on purpose: it is the one place that plays the Kubernetes API
 * server's routing, token checks and status answers for the tests and the sandbox, and is meant to
 * shrink to the pod-log shim once a real API server runs in the tests.
 */
import { ServerResponse } from 'node:http';
import { bearerToken } from '../http/bearerToken';
import {
  ErrorAnswer,
  FakeHttpRequest,
  FakeHttpServer,
  RecordedRequest,
} from '../http/FakeHttpServer';
import { KubernetesClusterFixtures } from './fixtures';
import { KubernetesStatusError } from './kubernetesStatus';
import { readPodLogOptions, selectContainer, sliceLog } from './podLogs';
import {
  apiVersionOf,
  DEFAULT_RESOURCE_KINDS,
  isBuiltIn,
  ResourceKind,
} from './resourceKinds';
import { ObjectValidator, PatchType, ResourceStore } from './ResourceStore';

/** One request as the fake saw it, for tests to assert on. */
export type RecordedKubernetesRequest = RecordedRequest;

/**
 * Who a bearer token is and what it may do: a small stand-in for RBAC. Unset lists allow
 * everything; `resources` names plurals and subresources (`pipelineruns`, `pods/log`).
 */
export interface FakeKubernetesUser {
  name: string;
  verbs?: string[];
  resources?: string[];
  namespaces?: string[];
}

export interface FakeKubernetesOptions {
  /** Cluster name, for logs and messages only. */
  name: string;
  fixtures?: KubernetesClusterFixtures;
  /** Accepted bearer tokens. */
  tokens: Record<string, FakeKubernetesUser>;
  /** Resource types served; the default covers core workloads, Tekton and Argo Rollouts. */
  kinds?: readonly ResourceKind[];
  /** Schema check of every object written (create, patch, replace); errors answer 422. */
  validate?: ObjectValidator;
  /** Delay added before every answer. */
  latencyMs?: number;
  port?: number;
  host?: string;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
}

type Verb = 'get' | 'list' | 'create' | 'patch' | 'update' | 'delete';

interface ParsedPath {
  kind: ResourceKind;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const NOT_FOUND = 'the server could not find the requested resource';
const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
};

function notFound(): KubernetesStatusError {
  return new KubernetesStatusError('NotFound', NOT_FOUND, {});
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * A Kubernetes API server over real HTTP for the subset the Delivery bundle uses: list (with
 * `labelSelector`, `fieldSelector` on name/namespace, `limit`/`continue` paging), get, create (with `generateName`), JSON merge and JSON patches (including the
 * `/status` subresource), replace, delete and `pods/log`. Answers are shaped like the API
 * server's (`…List` kinds, `Status` objects for errors), requests need a bearer token, and every
 * request is recorded.
 */
export class FakeKubernetes extends FakeHttpServer {
  private readonly store: ResourceStore;
  private readonly logs: Map<string, string>;

  private constructor(private readonly options: FakeKubernetesOptions) {
    // `url` stays without a trailing slash, as a kubeconfig's `server` is written.
    super({
      latencyMs: options.latencyMs,
      port: options.port,
      host: options.host,
      tls: options.tls,
    });
    this.store = new ResourceStore(
      options.kinds ?? DEFAULT_RESOURCE_KINDS,
      options.validate,
    );
    this.store.load(options.fixtures?.objects ?? []);
    this.logs = new Map(Object.entries(options.fixtures?.logs ?? {}));
  }

  static start(options: FakeKubernetesOptions): Promise<FakeKubernetes> {
    return new FakeKubernetes(options).listen();
  }

  get name(): string {
    return this.options.name;
  }

  /** The stored object, or undefined (tests inspect the state after actions). */
  object(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): any {
    const resource = this.store.kindForObject({ apiVersion, kind });
    if (!resource)
      throw new Error(`The fake does not serve ${apiVersion} ${kind}`);
    try {
      return this.store.get(resource, namespace, name);
    } catch (error) {
      if (error instanceof KubernetesStatusError && error.code === 404)
        return undefined;
      throw error;
    }
  }

  /** Every stored object of a kind, optionally in one namespace. */
  objects(apiVersion: string, kind: string, namespace?: string): any[] {
    const resource = this.store.kindForObject({ apiVersion, kind });
    if (!resource)
      throw new Error(`The fake does not serve ${apiVersion} ${kind}`);
    return this.store.list(resource, { namespace }).items;
  }

  /** Adds objects as a controller would (no request is recorded). */
  put(...objects: any[]): void {
    this.store.load(objects);
  }

  /** Sets the log of one container. */
  setLog(
    namespace: string,
    pod: string,
    container: string,
    text: string,
  ): void {
    this.logs.set(`${namespace}/${pod}/${container}`, text);
  }

  protected handle(request: FakeHttpRequest, res: ServerResponse): void {
    const user = this.authenticate(request.headers.authorization);
    const path = this.parsePath(request.path);
    if (path.subresource === 'log') {
      this.serveLog(res, user, path, request);
      return;
    }
    const { status, body } = this.serve(user, path, request);
    this.sendJson(res, status, body);
  }

  protected errorAnswer(error: unknown): ErrorAnswer {
    const failure =
      error instanceof KubernetesStatusError
        ? error
        : new KubernetesStatusError('InternalError', String(error));
    return { status: failure.code, body: failure.toStatus() };
  }

  private authenticate(authorization: string | undefined): FakeKubernetesUser {
    const token = bearerToken(authorization);
    if (token === undefined || !Object.hasOwn(this.options.tokens, token)) {
      throw new KubernetesStatusError('Unauthorized', 'Unauthorized');
    }
    return this.options.tokens[token];
  }

  private authorize(
    user: FakeKubernetesUser,
    verb: Verb,
    path: ParsedPath,
  ): void {
    const resource = path.subresource
      ? `${path.kind.plural}/${path.subresource}`
      : path.kind.plural;
    const allowed =
      (!user.verbs || user.verbs.includes(verb)) &&
      (!user.resources || user.resources.includes(resource)) &&
      (!user.namespaces ||
        (path.namespace !== undefined &&
          user.namespaces.includes(path.namespace)));
    if (allowed) return;
    const subject = path.name
      ? `${this.qualified(path.kind)} "${path.name}"`
      : this.qualified(path.kind);
    const scope = path.namespace
      ? `in the namespace "${path.namespace}"`
      : 'at the cluster scope';
    throw new KubernetesStatusError(
      'Forbidden',
      `${subject} is forbidden: User "${user.name}" cannot ${verb} resource "${resource}" in API group "${path.kind.group}" ${scope}`,
      {
        ...(path.name ? { name: path.name } : {}),
        group: path.kind.group,
        kind: path.kind.plural,
      },
    );
  }

  private qualified(kind: ResourceKind): string {
    return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
  }

  private parsePath(pathname: string): ParsedPath {
    let segments: string[];
    try {
      segments = pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      throw notFound();
    }
    if (segments[segments.length - 1] === '') segments.pop();
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 2) {
      [group, version, rest] = ['', segments[1], segments.slice(2)];
    } else if (segments[0] === 'apis' && segments.length >= 3) {
      [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
    } else {
      throw notFound();
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, subresource, ...extra] = rest;
    const kind = plural
      ? this.store.kindForUrl(group, version, plural)
      : undefined;
    if (
      !kind ||
      extra.length > 0 ||
      (namespace !== undefined && !kind.namespaced)
    )
      throw notFound();
    if (
      subresource !== undefined &&
      subresource !== 'status' &&
      !(subresource === 'log' && kind.plural === 'pods' && group === '')
    ) {
      throw notFound();
    }
    if (kind.namespaced && namespace === undefined && name !== undefined)
      throw notFound();
    if (subresource === 'status' && !kind.statusSubresource) throw notFound();
    return { kind, namespace, name, subresource };
  }

  private serve(
    user: FakeKubernetesUser,
    path: ParsedPath,
    request: FakeHttpRequest,
  ): { status: number; body: unknown } {
    const { method, query, text } = request;
    const type = mediaType(request.headers['content-type']);
    const { kind, namespace, name } = path;
    const subresource = path.subresource as 'status' | undefined;
    if (method === 'GET' && name === undefined) {
      if (query.watch?.[0] === 'true' || query.watch?.[0] === '1') {
        throw new KubernetesStatusError(
          'BadRequest',
          'the fake API server does not support watch',
        );
      }
      this.authorize(user, 'list', path);
      const limit = query.limit?.[0];
      if (limit !== undefined && !/^[1-9]\d*$/.test(limit)) {
        throw new KubernetesStatusError(
          'BadRequest',
          `limit must be a positive integer, got ${limit}`,
        );
      }
      const { items, resourceVersion, continueToken } = this.store.list(kind, {
        namespace,
        labelSelector: query.labelSelector?.[0],
        fieldSelector: query.fieldSelector?.[0],
        limit: limit ? Number(limit) : undefined,
        continueToken: query.continue?.[0],
      });
      return {
        status: 200,
        body: {
          apiVersion: apiVersionOf(kind),
          kind: `${kind.kind}List`,
          metadata: {
            resourceVersion,
            ...(continueToken ? { continue: continueToken } : {}),
          },
          items: isBuiltIn(kind)
            ? items.map(({ apiVersion: _a, kind: _k, ...item }) => item)
            : items,
        },
      };
    }
    if (method === 'GET') {
      this.authorize(user, 'get', path);
      return { status: 200, body: this.store.get(kind, namespace, name!) };
    }
    if (method === 'POST' && name === undefined && subresource === undefined) {
      this.authorize(user, 'create', path);
      return {
        status: 201,
        body: this.store.create(kind, namespace, this.jsonBody(type, text)),
      };
    }
    if (method === 'PATCH' && name !== undefined) {
      this.authorize(user, 'patch', path);
      const patchType = PATCH_TYPES[type];
      if (!patchType) {
        throw new KubernetesStatusError(
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: ${Object.keys(
            PATCH_TYPES,
          ).join(', ')}`,
        );
      }
      const patch = parseJson(text);
      return {
        status: 200,
        body: this.store.patch(kind, namespace, name, {
          type: patchType,
          patch,
          subresource,
        }),
      };
    }
    if (method === 'PUT' && name !== undefined) {
      this.authorize(user, 'update', path);
      return {
        status: 200,
        body: this.store.replace(
          kind,
          namespace,
          name,
          this.jsonBody(type, text),
          subresource,
        ),
      };
    }
    if (
      method === 'DELETE' &&
      name !== undefined &&
      subresource === undefined
    ) {
      this.authorize(user, 'delete', path);
      return { status: 200, body: this.store.delete(kind, namespace, name) };
    }
    throw new KubernetesStatusError(
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }

  private serveLog(
    res: ServerResponse,
    user: FakeKubernetesUser,
    path: ParsedPath,
    { method, query }: FakeHttpRequest,
  ): void {
    if (method !== 'GET') {
      throw new KubernetesStatusError(
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
    }
    this.authorize(user, 'get', path);
    const pod = this.store.get(path.kind, path.namespace, path.name!);
    const options = readPodLogOptions(query);
    const container = selectContainer(pod, options.container);
    const text =
      this.logs.get(`${path.namespace}/${path.name}/${container}`) ?? '';
    const body = sliceLog(text, options);
    res.writeHead(200, {
      'content-type': 'text/plain',
      'content-length': body.length,
    });
    res.end(body);
  }

  private jsonBody(type: string, text: string): unknown {
    if (type !== 'application/json') {
      throw new KubernetesStatusError(
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json',
      );
    }
    return parseJson(text);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KubernetesStatusError(
      'BadRequest',
      `couldn't get version/kind; json parse error: ${
        (error as Error).message
      }`,
    );
  }
}
