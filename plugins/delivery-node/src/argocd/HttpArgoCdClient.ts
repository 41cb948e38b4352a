import { AnswerShape } from '../http/AnswerShape';
import { UpstreamError } from '../http/UpstreamError';
import { requestJson, UpstreamRequest } from '../http/requestJson';
import { ArgoCdAuth } from './ArgoCdAuth';
import {
  ArgoCdApplicationQuery,
  ArgoCdApplicationRef,
  ArgoCdClient,
  ArgoCdRollbackOptions,
  ArgoCdUpdateSpecOptions,
  ArgoCdUpsertOptions,
  ArgoCdJsonPatchOperation,
  ArgoCdRevisionSource,
} from './ArgoCdClient';
import {
  ArgoCdApplication,
  ArgoCdApplicationSpec,
  ArgoCdApplicationTree,
  ArgoCdAppProject,
  ArgoCdApplicationSet,
  ArgoCdResourceNode,
  ArgoCdRevisionMetadata,
} from './types';

export interface HttpArgoCdClientOptions {
  name: string;
  /** API base URL, e.g. https://argocd.example.com/ */
  baseUrl: string;
  webUrl?: string;
  auth: ArgoCdAuth;
  timeoutMs: number;
}

/** Talks to one Argo CD instance over its REST API (the same API the `argocd` CLI and UI use). */
export class HttpArgoCdClient implements ArgoCdClient {
  readonly name: string;
  readonly webUrl: string;
  private readonly baseUrl: string;
  private readonly shape: AnswerShape;

  constructor(private readonly options: HttpArgoCdClientOptions) {
    this.name = options.name;
    this.shape = new AnswerShape(
      detail =>
        new UpstreamError({
          kind: 'argocd',
          instance: options.name,
          reason: 'bad-response',
          detail,
        }),
    );
    this.baseUrl = options.baseUrl.endsWith('/')
      ? options.baseUrl
      : `${options.baseUrl}/`;
    this.webUrl = (options.webUrl ?? options.baseUrl).replace(/\/+$/, '');
  }

  async listApplications(
    query: ArgoCdApplicationQuery,
  ): Promise<ArgoCdApplication[]> {
    const url = this.url('api/v1/applications', {
      name: query.name,
      selector: query.selector,
      projects: query.project,
      appNamespace: query.appNamespace,
    });
    const list = await this.request({ url });
    return this.shape.objectList<ArgoCdApplication>(
      list ?? {},
      'items',
      'an application list',
    );
  }

  async getResourceTree(
    app: ArgoCdApplicationRef,
  ): Promise<ArgoCdApplicationTree> {
    const url = this.url(
      `api/v1/applications/${encodeURIComponent(app.name)}/resource-tree`,
      { appNamespace: app.appNamespace, project: app.project },
    );
    const tree = await this.request({ url });
    return {
      nodes: this.shape.objectList<ArgoCdResourceNode>(
        tree ?? {},
        'nodes',
        'a resource tree',
      ),
    };
  }

  async upsertApplication(
    app: ArgoCdApplication,
    options?: ArgoCdUpsertOptions,
  ): Promise<ArgoCdApplication> {
    const url = this.url('api/v1/applications', {
      upsert: 'true',
      validate:
        options?.validate === undefined ? undefined : String(options.validate),
    });
    return this.application(
      await this.request({ url, method: 'POST', body: app }),
    );
  }

  async getApplication(app: ArgoCdApplicationRef): Promise<ArgoCdApplication> {
    const url = this.url(this.applicationPath(app.name), {
      appNamespace: app.appNamespace,
      project: app.project,
    });
    return this.application(await this.request({ url }));
  }

  async updateApplicationSpec(
    app: ArgoCdApplicationRef,
    spec: ArgoCdApplicationSpec,
    options?: ArgoCdUpdateSpecOptions,
  ): Promise<ArgoCdApplicationSpec> {
    const url = this.url(`${this.applicationPath(app.name)}/spec`, {
      validate:
        options?.validate === undefined ? undefined : String(options.validate),
      appNamespace: app.appNamespace,
      project: app.project,
    });
    return this.shape.object<ArgoCdApplicationSpec>(
      await this.request({ url, method: 'PUT', body: spec }),
      'an application spec',
    );
  }

  async patchApplication(
    app: ArgoCdApplicationRef,
    patch: ArgoCdJsonPatchOperation[],
  ): Promise<ArgoCdApplication> {
    // `ApplicationPatchRequest`: the patch travels as a string, its type beside it.
    const body = {
      name: app.name,
      patch: JSON.stringify(patch),
      patchType: 'json',
      ...(app.appNamespace ? { appNamespace: app.appNamespace } : {}),
      ...(app.project ? { project: app.project } : {}),
    };
    return this.application(
      await this.request({
        url: this.url(this.applicationPath(app.name), {}),
        method: 'PATCH',
        body,
      }),
    );
  }

  async rollbackApplication(
    app: ArgoCdApplicationRef,
    options: ArgoCdRollbackOptions,
  ): Promise<ArgoCdApplication> {
    const url = this.url(`${this.applicationPath(app.name)}/rollback`, {});
    // The body is Argo CD's `ApplicationRollbackRequest`; name and namespace travel in it too.
    const body = {
      name: app.name,
      id: options.id,
      dryRun: options.dryRun ?? false,
      prune: options.prune ?? false,
      ...(app.appNamespace ? { appNamespace: app.appNamespace } : {}),
      ...(app.project ? { project: app.project } : {}),
    };
    return this.application(await this.request({ url, method: 'POST', body }));
  }

  async getRevisionMetadata(
    app: ArgoCdApplicationRef,
    revision: string,
    source?: ArgoCdRevisionSource,
  ): Promise<ArgoCdRevisionMetadata> {
    const optionalNumber = (value: number | undefined) =>
      value === undefined ? undefined : String(value);
    const url = this.url(
      `${this.applicationPath(app.name)}/revisions/${encodeURIComponent(
        revision,
      )}/metadata`,
      {
        appNamespace: app.appNamespace,
        project: app.project,
        sourceIndex: optionalNumber(source?.sourceIndex),
        versionId: optionalNumber(source?.versionId),
      },
    );
    return this.shape.object<ArgoCdRevisionMetadata>(
      await this.request({ url }),
      'revision metadata',
    );
  }

  async getProject(name: string): Promise<ArgoCdAppProject> {
    const url = this.url(`api/v1/projects/${encodeURIComponent(name)}`, {});
    return this.shape.object<ArgoCdAppProject>(
      await this.request({ url }),
      'a project',
    );
  }

  async getApplicationSet(
    name: string,
    appsetNamespace?: string,
  ): Promise<ArgoCdApplicationSet> {
    const url = this.url(`api/v1/applicationsets/${encodeURIComponent(name)}`, {
      appsetNamespace,
    });
    return this.shape.object<ArgoCdApplicationSet>(
      await this.request({ url }),
      'an ApplicationSet',
    );
  }

  async upsertApplicationSet(
    appSet: ArgoCdApplicationSet,
    options?: { dryRun?: boolean },
  ): Promise<ArgoCdApplicationSet> {
    const url = this.url('api/v1/applicationsets', {
      upsert: 'true',
      dryRun: options?.dryRun ? 'true' : undefined,
    });
    return this.shape.object<ArgoCdApplicationSet>(
      await this.request({ url, method: 'POST', body: appSet }),
      'an ApplicationSet',
    );
  }

  private application(answer: unknown): ArgoCdApplication {
    return this.shape.object<ArgoCdApplication>(answer, 'an application');
  }

  /** One path segment per application name, whatever it contains. */
  private applicationPath(name: string): string {
    return `api/v1/applications/${encodeURIComponent(name)}`;
  }

  private url(path: string, query: Record<string, string | undefined>): URL {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url;
  }

  /** Sends an authenticated request; a 401 on a session token triggers one re-login and retry. */
  private async request(
    request: Pick<UpstreamRequest, 'url' | 'method' | 'body'>,
  ): Promise<unknown> {
    const send = async (token: string) =>
      requestJson<unknown>({
        ...request,
        kind: 'argocd',
        instance: this.name,
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: this.options.timeoutMs,
      });
    const token = await this.options.auth.getToken();
    try {
      return await send(token);
    } catch (error) {
      if (
        error instanceof UpstreamError &&
        error.status === 401 &&
        this.options.auth.invalidate(token)
      ) {
        return send(await this.options.auth.getToken());
      }
      throw error;
    }
  }
}
