import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import {
  ArgoCdApplication,
  createArgoCdClients,
} from '@go-delivery/plugin-delivery-node';
import { FakeArgoCd, loadArgoCdFixtures } from '@go-delivery/sandbox';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import {
  actionContext,
  outputsOf,
  TASK_ID,
  temporaryWorkspace,
} from '../__testUtils__/actionContext';
import { testSettings } from '../__testUtils__/settings';
import { HostedRepositories } from '../conflicts/hostedRepositories';
import { argoCdApplication } from '../generators/gitops';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { ServiceInput } from '../spec/serviceInput';
import { createCheckServiceAction } from './checkServiceAction';

const fixtures = loadArgoCdFixtures();
const REFUSAL = 'Refusing to overwrite what this task did not create: ';
const ADVICE = '. Choose another name, or remove these first.';

/**
 * A Git host's API as far as the check reads it: GitHub's `/repos/{owner}/{repo}` and contents,
 * GitLab's `/projects/{id}` and raw files. `repositories` maps `owner/repo` to the text of its
 * `catalog-info.yaml` (`null`: the repository exists without one).
 */
class FakeGitHost {
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  repositories: Record<string, string | null> = {};
  status?: number;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(
        new URL(req.url ?? '/', 'http://host').pathname,
      );
      this.requests.push({ path, headers: req.headers });
      const answer = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      };
      if (this.status) return answer(this.status, '{"message":"no"}');
      const match =
        /^\/api\/v3\/repos\/([^/]+\/[^/]+)(\/contents\/catalog-info\.yaml)?$/.exec(
          path,
        ) ??
        /^\/api\/v4\/projects\/([^/]+\/[^/]+)(\/repository\/files\/catalog-info\.yaml\/raw)?$/.exec(
          path,
        );
      const file = match ? this.repositories[match[1]] : undefined;
      if (file === undefined) return answer(404, '{"message":"Not Found"}');
      if (!match![2]) return answer(200, '{"default_branch":"main"}');
      if (file === null) return answer(404, '{"message":"Not Found"}');
      return answer(200, file);
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    this.url = `http://127.0.0.1:${
      (this.server!.address() as AddressInfo).port
    }`;
    return this;
  }

  async stop() {
    await new Promise(resolve => this.server?.close(resolve));
  }
}

describe('go-delivery:service:check', () => {
  let prod: FakeArgoCd;
  let host: FakeGitHost;
  let workspace: string;
  let directory: string;
  let repositories: LocalGitRepositories;
  let closedPort: number;

  beforeAll(async () => {
    // A port that was free a moment ago: connecting to it is refused.
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    closedPort = (server.address() as AddressInfo).port;
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(async () => {
    prod = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['prod-token'],
    });
    host = await new FakeGitHost().start();
    workspace = await temporaryWorkspace();
    directory = `${workspace}-repositories`;
    repositories = new LocalGitRepositories({
      directory,
      identity: { name: 'Portal', email: 'portal@example.com' },
    });
  });

  afterEach(async () => {
    await prod.stop();
    await host.stop();
    await rm(workspace, { recursive: true, force: true });
    await rm(directory, { recursive: true, force: true });
  });

  function setup(
    options: { entities?: Entity[]; scaffolder?: JsonObject } = {},
  ) {
    const settings = testSettings({
      localGitDirectory: directory,
      scaffolder: options.scaffolder,
    });
    const catalog = catalogServiceMock({ entities: options.entities ?? [] });
    jest.spyOn(catalog, 'getEntitiesByRefs');
    const clients = createArgoCdClients({
      sessionLifetimeMs: 60_000,
      instances: [
        {
          name: 'prod',
          url: prod.url,
          auth: { type: 'token', token: 'prod-token' },
          timeoutMs: 2000,
        },
      ],
    });
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'github.example.com',
              apiBaseUrl: `${host.url}/api/v3`,
              token: 'gh-token',
            },
            // Configured, but nothing listens there.
            {
              host: 'github.unreachable.example.com',
              apiBaseUrl: `http://127.0.0.1:${closedPort}/api/v3`,
              token: 'gh-token',
            },
          ],
          gitlab: [
            {
              host: 'gitlab.example.com',
              apiBaseUrl: `${host.url}/api/v4`,
              token: 'gl-token',
            },
          ],
        },
      }),
    );
    const action = createCheckServiceAction({
      settings,
      clients,
      catalog,
      auth: mockServices.auth(),
      repositories,
      hostedRepositories: new HostedRepositories({
        integrations,
        timeoutMs: 2000,
      }),
    });
    async function check(
      service: ServiceInput,
      context: { taskId?: string; dryRun?: boolean } = {},
    ) {
      const ctx = actionContext({
        input: { service },
        workspacePath: workspace,
        ...context,
      });
      const warnings = jest.spyOn(ctx.logger, 'warn');
      await action.handler(ctx);
      return {
        outputs: outputsOf(ctx),
        warnings: warnings.mock.calls.map(([message]) => message),
      };
    }
    return { check, catalog, settings, clients };
  }

  /** Write requests Argo CD received: the check only reads. */
  function writes() {
    return prod.requests.filter(
      r => r.method !== 'GET' && r.path !== '/api/v1/session',
    );
  }

  /** What a run of the template by `taskId` leaves behind: repositories and Applications. */
  async function createdBy(
    taskId: string,
    service: ServiceInput,
    setupResult: ReturnType<typeof setup>,
  ) {
    const spec = resolveGoServiceSpec(service, setupResult.settings, {
      id: taskId,
    });
    const source = join(workspace, 'files');
    await mkdir(source, { recursive: true });
    await writeFile(join(source, 'README.md'), `# ${spec.name}\n`);
    for (const [url, targetPath] of [
      [spec.serviceRepoUrl, ''],
      [spec.gitopsRepoUrl, spec.gitopsPath],
    ]) {
      await repositories.publish({
        repository: repositories.fromUrl(url),
        sourceDir: source,
        targetPath,
        commitMessage: 'Create',
        taskId,
      });
    }
    for (const environment of spec.environments) {
      const { apiVersion, kind, ...body } = argoCdApplication(
        spec,
        environment,
      );
      await setupResult.clients[0].upsertApplication(
        body as ArgoCdApplication,
        { validate: false },
      );
    }
    prod.clearRequests();
  }

  const payments = { name: 'payments-api', owner: 'team-payments' };
  const paymentsEntity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default' },
    spec: { type: 'service', owner: 'team-payments' },
  };

  it('passes a service of which nothing exists, only reading', async () => {
    const { check } = setup();
    expect(
      await check({ name: 'ledger', owner: 'team', environments: ['prod'] }),
    ).toEqual({ outputs: { conflicts: [], unchecked: [] }, warnings: [] });
    expect(writes()).toEqual([]);
    // The namespace the Application would go to, and any other the instance lists it in.
    expect(prod.requests.map(r => [r.method, r.path, r.query])).toEqual([
      ['GET', '/api/v1/applications/ledger-prod', { appNamespace: ['argocd'] }],
      ['GET', '/api/v1/applications', { name: ['ledger-prod'] }],
    ]);
  });

  it('refuses, naming each conflict: the catalog entity, the Argo CD Application, the local repositories', async () => {
    const setupResult = setup({ entities: [paymentsEntity] });
    await createdBy(
      'another-task',
      { ...payments, environments: ['dev'] },
      setupResult,
    );
    const error = await setupResult.check(payments).catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      `${REFUSAL}${[
        'component:default/payments-api is already in the catalog',
        "Argo CD application payments-api-dev already exists on 'prod'",
        "Argo CD application payments-api-prod already exists on 'prod'",
        `local repository ${directory}/payments-api already exists`,
        `local repository ${directory}/gitops already holds apps/payments-api`,
      ].join('; ')}${ADVICE}`,
    );
    expect(writes()).toEqual([]);
    // Asked as the module: an entity the user may not see is still there to overwrite.
    expect(setupResult.catalog.getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRefs: ['component:default/payments-api'],
      }),
      { credentials: mockCredentials.service('plugin:test') },
    );
  });

  it('passes when what exists was created by an earlier attempt of the same task', async () => {
    const service = { name: 'ledger', owner: 'team' };
    const setupResult = setup({
      entities: [
        {
          ...paymentsEntity,
          metadata: {
            name: 'ledger',
            namespace: 'default',
            annotations: { 'go-delivery.dev/scaffolder-task-id': TASK_ID },
          },
        },
      ],
    });
    await createdBy(TASK_ID, service, setupResult);
    expect((await setupResult.check(service)).outputs).toEqual({
      conflicts: [],
      unchecked: [],
    });

    // The same objects are another task's conflicts.
    await expect(
      setupResult.check(service, { taskId: 'another-task' }),
    ).rejects.toThrow(
      `${REFUSAL}component:default/ledger is already in the catalog; Argo CD application ledger-dev already exists on 'prod'; Argo CD application ledger-staging already exists on 'prod'; Argo CD application ledger-prod already exists on 'prod'; local repository ${directory}/ledger already exists; local repository ${directory}/gitops already holds apps/ledger${ADVICE}`,
    );
  });

  it("looks for the Applications a prod ApplicationSet makes, one per cluster, instead of prod's", async () => {
    const setupResult = setup();
    // Another task's service `ledger-prod` has the Application `ledger-prod-dev`.
    await createdBy(
      'another-task',
      { name: 'ledger-prod', owner: 'team', environments: ['dev'] },
      setupResult,
    );
    await expect(
      setupResult.check({
        name: 'ledger',
        owner: 'team',
        environments: ['staging', 'prod'],
        argocdLayout: 'applicationset',
        prodClusters: [
          { name: 'dev', server: 'https://dev.example.com' },
          { name: 'eu', server: 'https://eu.example.com' },
        ],
      }),
    ).rejects.toThrow(
      `${REFUSAL}Argo CD application ledger-prod-dev already exists on 'prod'${ADVICE}`,
    );
    expect(
      prod.requests
        .filter(
          r => r.method === 'GET' && r.path.startsWith('/api/v1/applications/'),
        )
        .map(r => r.path),
    ).toEqual([
      '/api/v1/applications/ledger-staging',
      '/api/v1/applications/ledger-prod-dev',
      '/api/v1/applications/ledger-prod-eu',
    ]);
  });

  it('refuses when the ApplicationSet the run would register exists and is not its own', async () => {
    // The sandbox's shipping-api-prod: created outside the template, unmarked.
    const { check } = setup();
    const error = await check({
      name: 'shipping-api',
      owner: 'team',
      environments: ['prod'],
      argocdLayout: 'applicationset',
      prodClusters: [
        { name: 'north', server: 'https://north.example.com' },
        { name: 'south', server: 'https://south.example.com' },
      ],
    }).catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      `${REFUSAL}Argo CD ApplicationSet shipping-api-prod already exists on 'prod'${ADVICE}`,
    );
    expect(
      prod.requests
        .filter(r => r.path.startsWith('/api/v1/applicationsets'))
        .map(r => [r.method, r.path, r.query]),
    ).toEqual([
      [
        'GET',
        '/api/v1/applicationsets/shipping-api-prod',
        { appsetNamespace: ['argocd'] },
      ],
    ]);
    expect(writes()).toEqual([]);
  });

  it('finds an Application of the same name in another namespace the instance allows', async () => {
    const { check } = setup({ scaffolder: { argocd: { namespace: 'apps' } } });
    await expect(
      check({ name: 'orders-api', owner: 'team', environments: ['prod'] }),
    ).rejects.toThrow(
      `${REFUSAL}Argo CD application orders-api-prod already exists on 'prod' (namespace argocd)${ADVICE}`,
    );
  });

  it('lists the conflicts in a dry run instead of failing', async () => {
    const { check } = setup({ entities: [paymentsEntity] });
    const { outputs, warnings } = await check(payments, { dryRun: true });
    expect(outputs).toEqual({
      conflicts: [
        'component:default/payments-api is already in the catalog',
        "Argo CD application payments-api-prod already exists on 'prod'",
      ],
      unchecked: [],
    });
    expect(warnings).toEqual([
      `Dry run: a real run would stop here. ${REFUSAL}component:default/payments-api is already in the catalog; Argo CD application payments-api-prod already exists on 'prod'${ADVICE}`,
    ]);
    expect(writes()).toEqual([]);
  });

  describe.each([
    ['github', 'github.example.com', 'GitHub repository', 'Bearer gh-token'],
    ['gitlab', 'gitlab.example.com', 'GitLab project', 'Bearer gl-token'],
  ])('publishing to %s', (target, hostName, label, authorization) => {
    const service = (repo = 'billing-api') => ({
      name: 'billing-api',
      owner: 'team',
      environments: ['dev'],
      publish: {
        target,
        repoUrl: `${hostName}?owner=example-org&repo=${repo}`,
        gitopsRepoUrl: `${hostName}?owner=example-org&repo=gitops`,
      },
    });
    const catalogInfo = (taskId: string) =>
      yaml.stringify({
        ...paymentsEntity,
        metadata: {
          name: 'billing-api',
          annotations: { 'go-delivery.dev/scaffolder-task-id': taskId },
        },
      });

    it("refuses an existing repository unless its catalog-info.yaml names this task, asking with the integration's credentials", async () => {
      const { check } = setup();
      expect((await check(service())).outputs.conflicts).toEqual([]);

      host.repositories['example-org/billing-api'] = null;
      await expect(check(service())).rejects.toThrow(
        `${REFUSAL}${label} example-org/billing-api already exists on ${hostName}${ADVICE}`,
      );
      host.repositories['example-org/billing-api'] =
        catalogInfo('another-task');
      await expect(check(service())).rejects.toThrow(
        `${label} example-org/billing-api already exists`,
      );
      // Created by an earlier attempt of this task.
      host.repositories['example-org/billing-api'] = catalogInfo(TASK_ID);
      expect((await check(service())).outputs.conflicts).toEqual([]);
      expect(new Set(host.requests.map(r => r.headers.authorization))).toEqual(
        new Set([authorization]),
      );
    });

    it('says when the host refuses to answer, rather than guessing', async () => {
      const { check } = setup();
      host.status = 401;
      const { outputs, warnings } = await check(service());
      const reason = `could not check whether ${label} example-org/billing-api exists: ${hostName} answered HTTP 401`;
      expect(outputs).toEqual({ conflicts: [], unchecked: [reason] });
      expect(warnings).toEqual([reason]);
    });
  });

  it('says which hosts it could not ask: no credentials, or unreachable', async () => {
    const { check } = setup();
    const { outputs } = await check({
      name: 'billing-api',
      owner: 'team',
      environments: ['dev'],
      publish: {
        target: 'github',
        repoUrl: 'github.com?owner=example-org&repo=billing-api',
        gitopsRepoUrl: 'github.com?owner=example-org&repo=gitops',
      },
    });
    expect(outputs.unchecked).toEqual([
      'could not check whether GitHub repository example-org/billing-api exists on github.com: no token or GitHub App for example-org in integrations.github',
    ]);
    const unreachable = await check({
      name: 'billing-api',
      owner: 'team',
      environments: ['dev'],
      publish: {
        target: 'github',
        repoUrl:
          'github.unreachable.example.com?owner=example-org&repo=billing-api',
        gitopsRepoUrl:
          'github.unreachable.example.com?owner=example-org&repo=gitops',
      },
    });
    expect(unreachable.outputs.unchecked).toEqual([
      'could not check whether GitHub repository example-org/billing-api exists: github.unreachable.example.com could not be reached (ECONNREFUSED)',
    ]);
  });

  it('refuses invalid input before asking anyone', async () => {
    const { check } = setup();
    await expect(check({ name: '-x', owner: 'team' })).rejects.toThrow(
      'The Go service cannot be created: name "-x" must be lowercase',
    );
    expect(prod.requests).toEqual([]);
  });
});
