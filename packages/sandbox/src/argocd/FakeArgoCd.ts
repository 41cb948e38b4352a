import { createHmac, randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { ArgoCdApiError, createApplication } from './createApplication';
import { startRollback, updateApplicationSpec } from './applicationOperations';
import { ArgoCdInstanceFixtures, cloneFixtures } from './fixtures';
import { matchLabels } from './matchLabels';
import { REVISION_METADATA_PATH, revisionMetadata } from './revisionMetadata';

/** One request as the fake saw it, for tests and the benchmark to assert on. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  authorization?: string;
  body?: unknown;
  /** The request's Content-Type header, when it had a body. */
  contentType?: string;
}

export interface FakeArgoCdOptions {
  /** Instance name, used in logs only. */
  name: string;
  fixtures: ArgoCdInstanceFixtures;
  /** Static API tokens that are accepted as bearer tokens. */
  tokens?: string[];
  /** username → password accepted by `POST /api/v1/session`. */
  users?: Record<string, string>;
  sessionLifetimeSeconds?: number;
  /** AppProjects that exist besides `default` and the projects of the fixtures' applications. */
  projects?: string[];
  /** Delay added before every answer. */
  latencyMs?: number;
  /** How long a started sync or rollback runs before it succeeds (default 2 s). */
  operationDurationMs?: number;
  port?: number;
  host?: string;
}

/** The controller namespace: apps there are matched when no `appNamespace` is asked for. */
const CONTROLLER_NAMESPACE = 'argocd';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly grpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A small Argo CD API server over real HTTP: the subset of `/api/v1` the bundle uses, answering
 * with fixtures that validate against Argo CD's published swagger. It issues real JWT session
 * tokens (HS256, with `exp`), rejects expired or unknown ones with 401, and records every request.
 */
export class FakeArgoCd {
  readonly requests: RecordedRequest[] = [];
  private state: ArgoCdInstanceFixtures;
  private readonly secret = randomBytes(32);
  private revokedBefore = 0;
  private latencyMs: number;
  private server?: Server;
  private baseUrl = '';

  private constructor(private readonly options: FakeArgoCdOptions) {
    this.state = cloneFixtures(options.fixtures);
    this.latencyMs = options.latencyMs ?? 0;
  }

  static async start(options: FakeArgoCdOptions): Promise<FakeArgoCd> {
    const fake = new FakeArgoCd(options);
    await fake.listen();
    return fake;
  }

  /** Base URL of the API, with a trailing slash. */
  get url(): string {
    return this.baseUrl;
  }

  get name(): string {
    return this.options.name;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Makes every session token issued so far invalid, as a restart with a new secret would. */
  expireSessions(): void {
    this.revokedBefore = Math.floor(Date.now() / 1000) + 1;
  }

  /** The live state of an application (tests inspect it after actions). */
  application(name: string): any {
    return this.state.applications[name];
  }

  clearRequests(): void {
    this.requests.length = 0;
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

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>(resolve => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(error => {
        this.send(res, 500, {
          error: String(error),
          code: 13,
          message: String(error),
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(
        this.options.port ?? 0,
        this.options.host ?? '127.0.0.1',
        () => resolve(),
      );
    });
    this.server = server;
    const { address, port } = server.address() as AddressInfo;
    this.baseUrl = `http://${address}:${port}/`;
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams)
      (query[key] ??= []).push(value);
    const body = await readBody(req);
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
      ...(body !== undefined ? { body } : {}),
      ...(req.headers['content-type']
        ? { contentType: req.headers['content-type'] }
        : {}),
    });
    if (this.latencyMs > 0)
      await new Promise(r => setTimeout(r, this.latencyMs));

    try {
      const result = this.route(
        req.method ?? 'GET',
        url.pathname,
        query,
        body,
        req,
      );
      this.send(res, 200, result);
    } catch (error) {
      if (error instanceof HttpError || error instanceof ArgoCdApiError) {
        this.send(res, error.status, {
          error: error.message,
          code: error.grpcCode,
          message: error.message,
        });
        return;
      }
      throw error;
    }
  }

  private route(
    method: string,
    path: string,
    query: Record<string, string[]>,
    body: any,
    req: IncomingMessage,
  ): unknown {
    if (method === 'POST' && path === '/api/v1/session')
      return this.login(body);
    this.authenticate(req.headers.authorization);

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
    const operation = this.routeApplicationOperation(
      method,
      path,
      query,
      body,
      req,
    );
    if (operation !== undefined) return operation;
    throw new HttpError(404, 5, `Not Found: ${method} ${path}`);
  }

  /** `PUT …/{name}/spec` and `POST …/{name}/rollback`; undefined for any other request. */
  private routeApplicationOperation(
    method: string,
    path: string,
    query: Record<string, string[]>,
    body: any,
    req: IncomingMessage,
  ): unknown {
    const match = path.match(
      /^\/api\/v1\/applications\/([^/]+)\/(spec|rollback)$/,
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
    if (method === 'POST' && match[2] === 'rollback') {
      // The namespace and project of a rollback travel in its body.
      const scope: Record<string, string[]> = {};
      if (typeof body?.appNamespace === 'string' && body.appNamespace)
        scope.appNamespace = [body.appNamespace];
      if (typeof body?.project === 'string' && body.project)
        scope.project = [body.project];
      const { app, finish } = startRollback({
        app: this.find(name, scope),
        body,
        username: this.username(req.headers.authorization),
      });
      if (finish) {
        // Stands in for the application controller running the sync.
        setTimeout(finish, this.options.operationDurationMs ?? 2000).unref();
      }
      return app;
    }
    return undefined;
  }

  /** Who a request comes from: the session's subject, or `admin` for a static API token. */
  private username(authorization: string | undefined): string {
    const token = authorization?.match(/^Bearer (.+)$/)?.[1] ?? '';
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
    return new Set([
      ...(this.options.projects ?? []),
      ...Object.values(this.options.fixtures.applications).map(
        app => app.spec?.project,
      ),
    ]);
  }

  private login(body: any): { token: string } {
    const { username, password } = body ?? {};
    const users = this.options.users ?? {};
    if (
      !username ||
      users[username] === undefined ||
      users[username] !== password
    ) {
      throw new HttpError(401, 16, 'Invalid username or password');
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
    const token = authorization?.match(/^Bearer (.+)$/)?.[1];
    if (!token) throw new HttpError(401, 16, 'no session information');
    if (this.options.tokens?.includes(token)) return;
    const [header, payload, signature] = token.split('.');
    const expected =
      header && payload
        ? createHmac('sha256', this.secret)
            .update(`${header}.${payload}`)
            .digest('base64url')
        : '';
    if (!signature || signature !== expected) {
      throw new HttpError(401, 16, 'invalid session: signature is invalid');
    }
    const claims = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    );
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp <= now || claims.iat < this.revokedBefore) {
      throw new HttpError(
        401,
        16,
        'invalid session: token has invalid claims: token is expired',
      );
    }
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
          throw new HttpError(
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
      throw new HttpError(
        404,
        5,
        `applications.argoproj.io "${name}" not found`,
      );
    }
    return app;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
