import { KubeConfig } from '@kubernetes/client-node';
import * as http from 'node:http';
import * as https from 'node:https';
import {
  isDnsLabel,
  isDnsSubdomain,
} from '@go-delivery/plugin-delivery-common';
import {
  KubernetesClient,
  KubernetesListOptions,
  KubernetesObject,
  KubernetesObjectRef,
  KubernetesPatchOptions,
  KubernetesResourceType,
  PodLog,
  PodLogOptions,
} from './KubernetesClient';
import { AnswerShape, isJsonObject } from '../http/AnswerShape';
import { KubernetesApiError } from './KubernetesApiError';
import { errorForStatus, sendKubernetesRequest } from './sendKubernetesRequest';

export interface HttpKubernetesClientOptions {
  /** The configured cluster name. */
  name: string;
  /** Server, CA and credentials of the cluster (its current context). */
  kubeConfig: KubeConfig;
  timeoutMs: number;
}

/** JSON answers larger than this are refused rather than buffered. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
/** Page size of list calls; pages are followed up to the item cap. */
const PAGE_SIZE = 500;
const MAX_LIST_ITEMS = 5000;
/** Concurrent connections to one cluster; more requests queue on them. */
const MAX_SOCKETS = 16;

const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
} as const;

const VERSION = /^v\d+((alpha|beta)\d+)?$/;

interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  query?: Record<string, string | undefined>;
  contentType?: string;
  body?: unknown;
}

/** What readers take for granted of every object: `metadata` an object, its name a string. */
function metadataProblem(object: Record<string, unknown>): string | undefined {
  const { metadata } = object;
  if (metadata === undefined) return undefined;
  if (!isJsonObject(metadata))
    return "has a 'metadata' that is not a JSON object";
  for (const key of ['name', 'namespace', 'uid', 'creationTimestamp']) {
    const value = metadata[key];
    if (value !== undefined && typeof value !== 'string') {
      return `has a 'metadata.${key}' that is not a string`;
    }
  }
  return undefined;
}

/** Refuses, before any request, a name that could change the meaning of the URL. */
function checked(
  kind: string,
  value: string,
  valid: (v: string) => boolean,
): string {
  if (!valid(value)) {
    throw new TypeError(
      `Refusing to build a Kubernetes request with ${kind} '${value}'`,
    );
  }
  return encodeURIComponent(value);
}

/**
 * Talks to one cluster's API server. See `sendKubernetesRequest` for why the HTTP exchange is
 * done here rather than through the generated API classes of `@kubernetes/client-node`.
 */
export class HttpKubernetesClient implements KubernetesClient {
  readonly name: string;
  private readonly server: URL;
  /** One pool of kept-alive connections per cluster (none behind a proxy). */
  private readonly agent?: http.Agent;
  private readonly shape: AnswerShape;

  constructor(private readonly options: HttpKubernetesClientOptions) {
    this.name = options.name;
    this.shape = new AnswerShape(
      detail =>
        new KubernetesApiError({
          cluster: options.name,
          reason: 'bad-response',
          detail,
        }),
    );
    const cluster = options.kubeConfig.getCurrentCluster();
    if (!cluster?.server) {
      throw new Error(
        `Kubernetes cluster '${options.name}' has no API server URL`,
      );
    }
    this.server = new URL(cluster.server);
    const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS };
    if (!cluster.proxyUrl) {
      this.agent =
        this.server.protocol === 'https:'
          ? new https.Agent(agentOptions)
          : new http.Agent(agentOptions);
    }
  }

  async list<T extends KubernetesObject>(
    type: KubernetesResourceType,
    options: KubernetesListOptions,
  ): Promise<T[]> {
    const items: T[] = [];
    let continueToken: string | undefined;
    do {
      const page = await this.json({
        method: 'GET',
        path: this.collectionPath(type, options.namespace),
        query: {
          labelSelector: options.labelSelector,
          limit: String(PAGE_SIZE),
          continue: continueToken,
        },
      });
      items.push(
        ...this.shape.objectList<T>(
          page,
          'items',
          `a list of ${type.plural}`,
          metadataProblem,
        ),
      );
      continueToken = this.continueToken(page);
    } while (continueToken && items.length < MAX_LIST_ITEMS);
    return items;
  }

  async get<T extends KubernetesObject>(
    type: KubernetesResourceType,
    ref: KubernetesObjectRef,
  ): Promise<T> {
    return this.object<T>(type, {
      method: 'GET',
      path: this.objectPath(type, ref),
    });
  }

  async create<T extends KubernetesObject>(
    type: KubernetesResourceType,
    options: { namespace?: string; body: KubernetesObject },
  ): Promise<T> {
    return this.object<T>(type, {
      method: 'POST',
      path: this.collectionPath(type, options.namespace),
      contentType: 'application/json',
      body: options.body,
    });
  }

  async patch<T extends KubernetesObject>(
    type: KubernetesResourceType,
    options: KubernetesPatchOptions,
  ): Promise<T> {
    return this.object<T>(type, {
      method: 'PATCH',
      path: this.objectPath(type, options, options.subresource),
      contentType: PATCH_CONTENT_TYPES[options.patchType],
      body: options.patch,
    });
  }

  async replace<T extends KubernetesObject>(
    type: KubernetesResourceType,
    options: KubernetesObjectRef & {
      body: KubernetesObject;
      subresource?: 'status';
    },
  ): Promise<T> {
    return this.object<T>(type, {
      method: 'PUT',
      path: this.objectPath(type, options, options.subresource),
      contentType: 'application/json',
      body: options.body,
    });
  }

  async podLog(options: PodLogOptions): Promise<PodLog> {
    const path = `${this.objectPath(
      { group: '', version: 'v1', plural: 'pods' },
      {
        namespace: options.namespace,
        name: options.pod,
      },
    )}/log`;
    checked('container', options.container, isDnsLabel);
    // One byte more than the cap tells whether the log goes on.
    const url = this.url(path, {
      container: options.container,
      limitBytes: String(options.limitBytes + 1),
      tailLines:
        options.tailLines !== undefined ? String(options.tailLines) : undefined,
    });
    const response = await sendKubernetesRequest({
      cluster: this.name,
      kubeConfig: this.options.kubeConfig,
      url,
      method: 'GET',
      accept: 'text/plain, */*',
      timeoutMs: this.options.timeoutMs,
      maxBytes: options.limitBytes + 1,
      truncate: true,
      agent: this.agent,
    });
    if (response.status < 200 || response.status > 299) {
      throw errorForStatus(this.name, response);
    }
    const truncated = response.body.length > options.limitBytes;
    const bytes = truncated
      ? response.body.subarray(0, options.limitBytes)
      : response.body;
    // A cut may split a UTF-8 character; decoding replaces the partial one.
    return { text: bytes.toString('utf8'), truncated };
  }

  /** The `continue` token of a list page; anything but a non-empty string ends the list. */
  private continueToken(page: unknown): string | undefined {
    const metadata = (page as { metadata?: { continue?: unknown } }).metadata;
    const token = metadata?.continue;
    return typeof token === 'string' && token !== '' ? token : undefined;
  }

  private async object<T>(
    type: KubernetesResourceType,
    request: JsonRequest,
  ): Promise<T> {
    return this.shape.object<T>(
      await this.json(request),
      `a ${type.plural} resource`,
    );
  }

  private async json(request: JsonRequest): Promise<unknown> {
    const response = await sendKubernetesRequest({
      cluster: this.name,
      kubeConfig: this.options.kubeConfig,
      url: this.url(request.path, request.query ?? {}),
      method: request.method,
      accept: 'application/json',
      contentType: request.contentType,
      body:
        request.body !== undefined ? JSON.stringify(request.body) : undefined,
      timeoutMs: this.options.timeoutMs,
      maxBytes: MAX_JSON_BYTES,
      agent: this.agent,
    });
    if (response.status < 200 || response.status > 299) {
      throw errorForStatus(this.name, response);
    }
    try {
      return JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new KubernetesApiError({
        cluster: this.name,
        reason: 'bad-response',
        detail: `answered ${request.method} with something that is not JSON (${
          response.contentType || 'no content type'
        })`,
        status: response.status,
      });
    }
  }

  private collectionPath(
    type: KubernetesResourceType,
    namespace: string | undefined,
  ): string {
    const base = type.group
      ? `/apis/${checked('group', type.group, isDnsSubdomain)}/${checked(
          'version',
          type.version,
          v => VERSION.test(v),
        )}`
      : `/api/${checked('version', type.version, v => VERSION.test(v))}`;
    const plural = checked('resource', type.plural, isDnsLabel);
    return namespace !== undefined
      ? `${base}/namespaces/${checked(
          'namespace',
          namespace,
          isDnsLabel,
        )}/${plural}`
      : `${base}/${plural}`;
  }

  private objectPath(
    type: KubernetesResourceType,
    ref: KubernetesObjectRef,
    subresource?: 'status' | 'scale',
  ): string {
    const path = `${this.collectionPath(type, ref.namespace)}/${checked(
      'name',
      ref.name,
      isDnsSubdomain,
    )}`;
    return subresource ? `${path}/${subresource}` : path;
  }

  /** Keeps a path prefix of the server URL (API servers behind a proxy path). */
  private url(path: string, query: Record<string, string | undefined>): URL {
    const url = new URL(this.server.toString());
    url.pathname = `${this.server.pathname.replace(/\/+$/, '')}${path}`;
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url;
  }
}
