import { createHmac, randomBytes } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { bearerToken } from '../http/bearerToken';
import {
  ErrorAnswer,
  FakeHttpRequest,
  FakeHttpServer,
} from '../http/FakeHttpServer';
import { ArgoCdApiError, createApplication } from './createApplication';
import { createApplicationSet } from './createApplicationSet';
import {
  LocalGitopsReader,
  LocalGitopsRepository,
} from '../gitops/LocalGitopsReader';
import {
  patchApplication,
  startRollback,
  startSync,
  startSyncOperation,
  updateApplicationSpec,
} from './applicationOperations';
import { ArgoCdInstanceFixtures, cloneFixtures } from './fixtures';
import { GitopsFollower } from './GitopsFollower';
import { matchLabels } from './matchLabels';
import { getProject, projectNames } from './projects';
import { REVISION_METADATA_PATH, revisionMetadata } from './revisionMetadata';

export type { RecordedRequest } from '../http/FakeHttpServer';

export interface FakeArgoCdOptions {
  /** Instance name, used in logs only. */
  name: string;
  fixtures: ArgoCdInstanceFixtures;
  /** Static API tokens that are accepted as bearer tokens. */
  tokens?: string[];
  /** username → password accepted by `POST /api/v1/session`. */
  users?: Record<string, string>;
  sessionLifetimeSeconds?: number;
  /**
   * AppProjects that exist besides `default`, the fixtures' projects and the projects of the
   * fixtures' applications; they answer as projects that allow everything.
   */
  projects?: string[];
  /**
   * GitOps repositories on this machine: applications whose source is one of them follow its
   * branch (automated sync on a commit to their folder, OutOfSync otherwise), and a sync without
   * a revision goes to the branch's commit.
   */
  gitopsRepositories?: LocalGitopsRepository[];
  /** Delay added before every answer. */
  latencyMs?: number;
  /** How long a started sync or rollback runs before it succeeds (default 2 s). */
  operationDurationMs?: number;
  port?: number;
  host?: string;
}

/** The controller namespace: apps there are matched when no `appNamespace` is asked for. */
const CONTROLLER_NAMESPACE = 'argocd';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A small Argo CD API server over real HTTP: the subset of `/api/v1` the bundle uses, answering
 * with fixtures that validate against Argo CD's published swagger. It issues real JWT session
 * tokens (HS256, with `exp`), rejects expired or unknown ones with 401, and records every request.
 */
export class FakeArgoCd extends FakeHttpServer {
  private state: ArgoCdInstanceFixtures;
  private readonly secret = randomBytes(32);
  private revokedBefore = 0;
  private readonly gitops: LocalGitopsReader;
  private readonly follower: GitopsFollower;

  private constructor(private readonly options: FakeArgoCdOptions) {
    super({
      latencyMs: options.latencyMs,
      port: options.port,
      host: options.host,
      // Base URL of the API with a trailing slash: clients resolve `api/v1/…` against it.
      urlPath: '/',
    });
    this.state = cloneFixtures(options.fixtures);
    this.gitops = new LocalGitopsReader(options.gitopsRepositories ?? []);
    this.follower = new GitopsFollower(this.gitops, this.state.applications);
  }

  static start(options: FakeArgoCdOptions): Promise<FakeArgoCd> {
    return new FakeArgoCd(options).listen();
  }

  get name(): string {
    return this.options.name;
  }

  /** Makes every session token issued so far invalid, as a restart with a new secret would. */
  expireSessions(): void {
    this.revokedBefore = Math.floor(Date.now() / 1000) + 1;
  }

  /** The live state of an application (tests inspect it after actions). */
  application(name: string): any {
    return this.state.applications[name];
  }

  /** Requests by kind, as the benchmark reports them. */
  countRequests(): { logins: number; appReads: number; other: number } {
    let logins = 0;
    let appReads = 0;
    for (const r of this.requests) {
      if (r.path === '/api/v1/session') logins++;
      else if (
        r.method === 'GET' &&
        /^\/api\/v1\/applications(\/[^/]+)?$/.test(r.path)
      )
        appReads++;
    }
    return {
      logins,
      appReads,
      other: this.requests.length - logins - appReads,
    };
  }

  protected handle(request: FakeHttpRequest, res: ServerResponse): void {
    this.sendJson(res, 200, this.route(request));
  }

  protected errorAnswer(error: unknown): ErrorAnswer {
    if (error instanceof ArgoCdApiError)
      return grpcError(error.status, error.grpcCode, error.message);
    return grpcError(500, 13, String(error));
  }

  private route(request: FakeHttpRequest): unknown {
    const { method, path, query } = request;
    const body: any = request.body;
    if (method === 'POST' && path === '/api/v1/session')
      return this.login(body);
    this.authenticate(request.headers.authorization);
    this.followGitops();

    const project = path.match(/^\/api\/v1\/projects\/([^/]+)$/);
    if (method === 'GET' && project) {
      return getProject({
        name: decodeURIComponent(project[1]),
        fixtures: this.state,
        names: this.projects(),
        controllerNamespace: CONTROLLER_NAMESPACE,
      });
    }
    // ApplicationSetService: List (`selector`, `projects`, `appsetNamespace`), Get and Create.
    if (method === 'GET' && path === '/api/v1/applicationsets') {
      return {
        metadata: { resourceVersion: '1' },
        items: this.listApplicationSets(query),
      };
    }
    if (method === 'POST' && path === '/api/v1/applicationsets') {
      return createApplicationSet({
        state: this.state,
        body,
        upsert: query.upsert?.[0] === 'true',
        dryRun: query.dryRun?.[0] === 'true',
        controllerNamespace: CONTROLLER_NAMESPACE,
        projects: this.projects(),
      });
    }
    const appSet = path.match(/^\/api\/v1\/applicationsets\/([^/]+)$/);
    if (method === 'GET' && appSet) {
      const name = decodeURIComponent(appSet[1]);
      const found = this.listApplicationSets(query).find(
        s => s.metadata?.name === name,
      );
      if (!found) {
        throw new ArgoCdApiError(
          404,
          5,
          `applicationsets.argoproj.io "${name}" not found`,
        );
      }
      return found;
    }
    if (method === 'GET' && path === '/api/v1/applications') {
      return { metadata: { resourceVersion: '1' }, items: this.list(query) };
    }
    if (method === 'POST' && path === '/api/v1/applications') {
      return createApplication({
        state: this.state,
        body,
        upsert: query.upsert?.[0] === 'true',
        controllerNamespace: CONTROLLER_NAMESPACE,
        projects: this.projects(),
      });
    }
    const appPath = path.match(
      /^\/api\/v1\/applications\/([^/]+)(\/resource-tree)?$/,
    );
    if (method === 'GET' && appPath) {
      const app = this.find(decodeURIComponent(appPath[1]), query);
      if (appPath[2])
        return this.state.trees[app.metadata.name] ?? { nodes: [] };
      return app;
    }
    const revision = path.match(REVISION_METADATA_PATH);
    if (method === 'GET' && revision) {
      return revisionMetadata({
        app: this.find(decodeURIComponent(revision[1]), query),
        revision: decodeURIComponent(revision[2]),
      });
    }
    const operation = this.routeApplicationOperation(request);
    if (operation !== undefined) return operation;
    throw new ArgoCdApiError(404, 5, `Not Found: ${method} ${path}`);
  }

  /** `PATCH …/{name}`, `PUT …/{name}/spec`, `POST …/{name}/rollback` and `…/sync`; undefined for others. */
  private routeApplicationOperation(request: FakeHttpRequest): unknown {
    const { method, path, query } = request;
    const body: any = request.body;
    const patched = path.match(/^\/api\/v1\/applications\/([^/]+)$/);
    if (method === 'PATCH' && patched) {
      const scope: Record<string, string[]> = {};
      if (typeof body?.appNamespace === 'string' && body.appNamespace)
        scope.appNamespace = [body.appNamespace];
      return patchApplication({
        app: this.find(decodeURIComponent(patched[1]), scope),
        body,
      });
    }
    const match = path.match(
      /^\/api\/v1\/applications\/([^/]+)\/(spec|rollback|sync)$/,
    );
    if (!match) return undefined;
    const name = decodeURIComponent(match[1]);
    if (method === 'PUT' && match[2] === 'spec') {
      return updateApplicationSpec({
        app: this.find(name, query),
        body,
        projects: this.projects(),
      });
    }
    if (method !== 'POST' || match[2] === 'spec') return undefined;
    // The namespace and project of a rollback or sync travel in its body.
    const scope: Record<string, string[]> = {};
    if (typeof body?.appNamespace === 'string' && body.appNamespace)
      scope.appNamespace = [body.appNamespace];
    if (typeof body?.project === 'string' && body.project)
      scope.project = [body.project];
    const app = this.find(name, scope);
    const started = {
      app,
      body,
      username: this.username(request.headers.authorization),
      imagesAt: (revision: string) =>
        this.gitops.images(app.spec?.source, revision),
    };
    const { finish } =
      match[2] === 'rollback'
        ? startRollback(started)
        : startSync({
            ...started,
            branchHead: this.gitops.head(app.spec?.source),
          });
    if (finish) this.runOperation(finish);
    return app;
  }

  /** Stands in for the application controller running a started operation to its end. */
  private runOperation(finish: () => void): void {
    setTimeout(finish, this.options.operationDurationMs ?? 2000).unref();
  }

  /** Lets applications of local GitOps repositories react to commits since the last request. */
  private followGitops(): void {
    this.follower.follow(this.state.applications, (app, head) => {
      const automated = app.spec.syncPolicy.automated;
      const finish = startSyncOperation(
        app,
        {
          revision: head,
          source: app.spec.source,
          prune: automated.prune === true,
          images: this.gitops.images(app.spec.source, head),
          atBranchHead: true,
        },
        { automated: true },
      );
      this.runOperation(finish);
    });
  }

  /** Who a request comes from: the session's subject, or `admin` for a static API token. */
  private username(authorization: string | undefined): string {
    const token = bearerToken(authorization) ?? '';
    if (this.options.tokens?.includes(token)) return 'admin';
    try {
      const payload = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
      );
      return typeof payload.sub === 'string' ? payload.sub : 'admin';
    } catch {
      return 'admin';
    }
  }

  private projects(): Set<string> {
    return projectNames(this.options.fixtures, this.options.projects);
  }

  private login(body: any): { token: string } {
    const { username, password } = body ?? {};
    const users = this.options.users ?? {};
    if (
      !username ||
      users[username] === undefined ||
      users[username] !== password
    ) {
      throw new ArgoCdApiError(401, 16, 'Invalid username or password');
    }
    const now = Math.floor(Date.now() / 1000);
    const lifetime = this.options.sessionLifetimeSeconds ?? 86400;
    const header = base64url({ alg: 'HS256', typ: 'JWT' });
    const payload = base64url({
      iss: 'argocd',
      sub: username,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      jti: randomBytes(8).toString('hex'),
    });
    const signature = createHmac('sha256', this.secret)
      .update(`${header}.${payload}`)
      .digest('base64url');
    return { token: `${header}.${payload}.${signature}` };
  }

  private authenticate(authorization: string | undefined): void {
    const token = bearerToken(authorization);
    if (!token) throw new ArgoCdApiError(401, 16, 'no session information');
    if (this.options.tokens?.includes(token)) return;
    const [header, payload, signature] = token.split('.');
    const expected =
      header && payload
        ? createHmac('sha256', this.secret)
            .update(`${header}.${payload}`)
            .digest('base64url')
        : '';
    if (!signature || signature !== expected) {
      throw new ArgoCdApiError(
        401,
        16,
        'invalid session: signature is invalid',
      );
    }
    const claims = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    );
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp <= now || claims.iat < this.revokedBefore) {
      throw new ArgoCdApiError(
        401,
        16,
        'invalid session: token has invalid claims: token is expired',
      );
    }
  }

  private listApplicationSets(query: Record<string, string[]>): any[] {
    const selector = query.selector?.[0];
    const projects = query.projects ?? [];
    const namespace = query.appsetNamespace?.[0] ?? CONTROLLER_NAMESPACE;
    // The API answers without the stored resource's apiVersion and kind, as for applications.
    return Object.values(this.state.applicationSets ?? {})
      .map(({ apiVersion: _v, kind: _k, ...set }) => set)
      .filter(set => {
        if ((set.metadata?.namespace ?? CONTROLLER_NAMESPACE) !== namespace)
          return false;
        if (
          projects.length &&
          !projects.includes(set.spec?.template?.spec?.project)
        )
          return false;
        if (!selector) return true;
        const matches = matchLabels(selector, set.metadata?.labels ?? {});
        if (matches === undefined) {
          throw new ArgoCdApiError(
            400,
            3,
            `error parsing labels: unable to parse requirement: ${selector}`,
          );
        }
        return matches;
      });
  }

  private list(query: Record<string, string[]>): any[] {
    const name = query.name?.[0];
    const selector = query.selector?.[0];
    const projects = [...(query.projects ?? []), ...(query.project ?? [])];
    const appNamespace = query.appNamespace?.[0] ?? CONTROLLER_NAMESPACE;
    return Object.values(this.state.applications).filter(app => {
      if (name && app.metadata?.name !== name) return false;
      if ((app.metadata?.namespace ?? CONTROLLER_NAMESPACE) !== appNamespace)
        return false;
      if (projects.length && !projects.includes(app.spec?.project))
        return false;
      if (selector) {
        const matches = matchLabels(selector, app.metadata?.labels ?? {});
        if (matches === undefined) {
          throw new ArgoCdApiError(
            400,
            3,
            `error parsing labels: unable to parse requirement: ${selector}`,
          );
        }
        return matches;
      }
      return true;
    });
  }

  private find(name: string, query: Record<string, string[]>): any {
    const appNamespace = query.appNamespace?.[0] ?? CONTROLLER_NAMESPACE;
    const app = this.state.applications[name];
    const project = query.project?.[0];
    if (
      !app ||
      (app.metadata?.namespace ?? CONTROLLER_NAMESPACE) !== appNamespace ||
      (project && app.spec?.project !== project)
    ) {
      throw new ArgoCdApiError(
        404,
        5,
        `applications.argoproj.io "${name}" not found`,
      );
    }
    return app;
  }
}

/** Argo CD's error body (grpc-gateway's): the message twice and the gRPC status code. */
function grpcError(status: number, code: number, message: string): ErrorAnswer {
  return { status, body: { error: message, code, message } };
}
