import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  ArgoCdSchemaValidator,
  CrdSchemaValidator,
  FakeArgoCd,
  prepareArgoCdWrites,
} from '@go-delivery/sandbox';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import yaml from 'yaml';
import { catalogModuleFileLocations } from './catalogModuleFileLocations';
import { scaffolderModuleGoDelivery } from './module';
import { SERVICE_NAME_MAX_LENGTH } from './spec/nameLimits';

/**
 * The Go service template as a user runs it: through the scaffolder backend's API, with the real
 * catalog, this module, a fake Argo CD over HTTP and the local git publisher; then the generated
 * service is built and tested with the Go toolchain from its repository. The tests are one
 * scenario and run in order: later ones build on the service the first run created.
 */

jest.setTimeout(240_000);

const exec = promisify(execFile);
const TEMPLATE = resolve(
  __dirname,
  '../../../templates/go-service/template.yaml',
);
const TEMPLATE_REF = 'template:default/go-service';

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd })).stdout.trim();
}

interface TaskResult {
  id: string;
  status: string;
  output?: any;
  messages: string[];
  ms: number;
}

describe('the Go service template through the scaffolder API', () => {
  let server: Server;
  let argocd: FakeArgoCd;
  let repositories: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    // As the portal's sandbox does: its first write would otherwise compile the schemas.
    prepareArgoCdWrites();
    argocd = await FakeArgoCd.start({
      name: 'sandbox',
      fixtures: { applications: {}, trees: {} },
      users: { admin: 'sandbox-password' },
    });
    repositories = await mkdtemp(join(tmpdir(), 'go-delivery-repositories-'));
    const started = Date.now();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModuleFileLocations,
        scaffolderPlugin,
        scaffolderModuleGoDelivery,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Group',
                    'User',
                    'Template',
                    'Location',
                  ],
                },
              ],
              locations: [{ type: 'file', target: TEMPLATE }],
            },
            scaffolder: {
              taskRecovery: { enabled: true },
              defaultAuthor: {
                name: 'Go Delivery Portal',
                email: 'portal@example.com',
              },
            },
            delivery: {
              argocd: {
                instances: [
                  {
                    name: 'sandbox',
                    url: argocd.url,
                    username: 'admin',
                    password: 'sandbox-password',
                    timeoutMs: 1000,
                  },
                ],
              },
              scaffolder: { localGit: { directory: repositories } },
            },
          },
        }),
      ],
    });
    server = backend.server;
    // The template reaches the catalog through the same processing a portal runs.
    await waitFor(async () => {
      const res = await request(server).get(
        '/api/catalog/entities/by-name/template/default/go-service',
      );
      return res.status === 200;
    }, 30_000);
    timings['backend start and template in catalog'] = Date.now() - started;
  });

  afterAll(async () => {
    await argocd.stop();
    await rm(repositories, { recursive: true, force: true });
    // Reported with the test run: how long creating a service takes.
    // eslint-disable-next-line no-console
    console.info(
      `Go service template timings (ms): ${JSON.stringify(timings, null, 1)}`,
    );
  });

  async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise(r => setTimeout(r, 100));
    }
  }

  async function waitForTask(id: string, started: number): Promise<TaskResult> {
    let task: any;
    await waitFor(async () => {
      task = (await request(server).get(`/api/scaffolder/v2/tasks/${id}`)).body;
      return ['completed', 'failed', 'cancelled'].includes(task.status);
    }, 120_000);
    const ms = Date.now() - started;
    const events = (
      await request(server).get(`/api/scaffolder/v2/tasks/${id}/events`)
    ).body as Array<{ type: string; body: any }>;
    const completion = events.find(e => e.type === 'completion');
    return {
      id,
      status: task.status,
      output: completion?.body?.output,
      messages: events.map(e => e.body?.message).filter(Boolean),
      ms,
    };
  }

  /** The steps a run lists, and those of them that did not run to completion. */
  async function stepsOf(id: string) {
    const task = (await request(server).get(`/api/scaffolder/v2/tasks/${id}`))
      .body;
    const events = (
      await request(server).get(`/api/scaffolder/v2/tasks/${id}/events`)
    ).body as Array<{ body: any }>;
    const completed = new Set(
      events
        .filter(e => e.body?.status === 'completed')
        .map(e => e.body.stepId),
    );
    const ids: string[] = task.spec.steps.map((step: any) => step.id);
    return {
      ids,
      notCompleted: ids.filter(step => !completed.has(step)),
      skipped: events
        .map(e => e.body?.message)
        .filter((m: unknown) => String(m).startsWith('Skipping step')),
    };
  }

  const STEPS = [
    'check',
    'generate-service',
    'generate-gitops',
    'catalog-info',
    'publish',
    'register-argocd',
    'register',
  ];

  async function runTemplate(
    values: Record<string, unknown>,
  ): Promise<TaskResult> {
    const started = Date.now();
    const res = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef: TEMPLATE_REF, values });
    expect(res.status).toBe(201);
    return waitForTask(res.body.id, started);
  }

  const values = {
    name: 'ledger-api',
    owner: 'group:default/team-finance',
    description: 'Books payments',
    ci: 'tekton',
    environments: ['dev', 'staging', 'prod'],
    canary: true,
    coverageThreshold: 60,
    publishTo: 'local',
  };
  const serviceRepo = () => join(repositories, 'ledger-api');
  const gitopsRepo = () => join(repositories, 'gitops');

  it('previews the service in a dry run, publishing and registering nothing', async () => {
    const template = yaml.parse(await readFile(TEMPLATE, 'utf8'));
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, directoryContents: [] });
    expect(res.status).toBe(200);
    const files: string[] = res.body.directoryContents.map((f: any) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'service/go.mod',
        'service/catalog-info.yaml',
        'service/.tekton/pipeline.yaml',
        'gitops/apps/ledger-api/argocd/prod.yaml',
      ]),
    );
    const log = res.body.log.map((l: any) => l.body.message).join('\n');
    expect(log).toContain(
      "Nothing of ledger-api exists yet in the catalog, in Argo CD 'sandbox' or in its repositories",
    );
    expect(log).toContain(`Dry run: would publish service to ${serviceRepo()}`);
    expect(log).toContain(
      "Dry run: would create or update ledger-api-dev, ledger-api-staging, ledger-api-prod in Argo CD 'sandbox'",
    );
    expect(log).toContain(
      `Dry run: would register file:${serviceRepo()}/catalog-info.yaml in the catalog`,
    );
    await expect(stat(serviceRepo())).rejects.toThrow('ENOENT');
    await expect(stat(gitopsRepo())).rejects.toThrow('ENOENT');
    // The check asked Argo CD (a session, then reads); nothing was written.
    expect(
      argocd.requests.filter(
        r => r.method !== 'GET' && r.path !== '/api/v1/session',
      ),
    ).toEqual([]);
    const locations = (await request(server).get('/api/catalog/locations'))
      .body;
    expect(JSON.stringify(locations)).not.toContain(repositories);
  });

  it('creates the repositories, the Argo CD Applications and the catalog entity', async () => {
    const result = await runTemplate(values);
    timings['template run'] = result.ms;
    const waited = result.messages
      .map(m => /is in the catalog \(waited (\d+) ms\)/.exec(m)?.[1])
      .find(Boolean);
    timings['  of which waiting for catalog ingestion'] = Number(waited);
    expect(result).toMatchObject({ status: 'completed' });
    // The task page lists the steps that apply, every one of them run: none skipped.
    expect(await stepsOf(result.id)).toEqual({
      ids: STEPS,
      notCompleted: [],
      skipped: [],
    });

    // Real git repositories with the generated files, one commit each.
    expect(await git(serviceRepo(), 'log', '--format=%s|%an')).toBe(
      'Create ledger-api from the Go service template|Go Delivery Portal',
    );
    const serviceFiles = (await git(serviceRepo(), 'ls-files')).split('\n');
    expect(serviceFiles).toEqual(
      expect.arrayContaining([
        'go.mod',
        'cmd/ledger-api/main.go',
        'Makefile',
        'Dockerfile',
        '.golangci.yml',
        '.tekton/pipeline.yaml',
        'catalog-info.yaml',
      ]),
    );
    expect(await git(serviceRepo(), 'status', '--porcelain')).toBe('');
    const gitopsFiles = (await git(gitopsRepo(), 'ls-files')).split('\n');
    expect(gitopsFiles).toEqual(
      expect.arrayContaining([
        'apps/ledger-api/base/rollout.yaml',
        'apps/ledger-api/base/analysis-template.yaml',
        'apps/ledger-api/overlays/prod/kustomization.yaml',
        'apps/ledger-api/argocd/dev.yaml',
      ]),
    );
    expect(gitopsFiles.every(f => f.startsWith('apps/ledger-api/'))).toBe(true);

    // The Applications Argo CD now has are the ones in Git, and valid for its API.
    const validator = new ArgoCdSchemaValidator();
    const crds = new CrdSchemaValidator();
    for (const env of ['dev', 'staging', 'prod']) {
      const inGit = yaml.parse(
        await readFile(
          join(gitopsRepo(), `apps/ledger-api/argocd/${env}.yaml`),
          'utf8',
        ),
      );
      expect(crds.validate(inGit)).toEqual([]);
      const stored = argocd.application(`ledger-api-${env}`);
      expect(stored.spec).toEqual(inGit.spec);
      expect(stored.spec.source.repoURL).toBe(`file://${gitopsRepo()}`);
      expect(validator.validate('v1alpha1Application', stored)).toEqual([]);
      // Marked with the entity and the task, in Argo CD as in Git.
      expect(stored.metadata.annotations).toEqual({
        'go-delivery.dev/entity-ref': 'component:default/ledger-api',
        'go-delivery.dev/scaffolder-task-id': result.id,
      });
      expect(inGit.metadata.annotations).toEqual(stored.metadata.annotations);
    }
    expect(
      argocd.requests
        .filter(r => r.method === 'POST' && r.path === '/api/v1/applications')
        .map(r => [r.method, r.query]),
    ).toEqual(
      Array(3).fill(['POST', { upsert: ['true'], validate: ['false'] }]),
    );

    // The entity is in the catalog when the task ends, with the Delivery tab's annotations.
    const res = await request(server).get(
      '/api/catalog/entities/by-name/component/default/ledger-api',
    );
    expect(res.status).toBe(200);
    const entity: Entity = res.body;
    expect(entity.spec).toMatchObject({
      owner: 'group:default/team-finance',
      type: 'service',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'argocd/app-selector': 'app.kubernetes.io/part-of=ledger-api',
      'argocd/instance-name': 'sandbox',
      'backstage.io/kubernetes-id': 'ledger-api',
      'tekton.dev/cicd': 'true',
      'backstage.io/code-coverage': 'enabled',
      'go-delivery.dev/coverage-threshold': '60',
      'go-delivery.dev/metrics-service': 'ledger-api',
      'go-delivery.dev/scaffolder-task-id': result.id,
      'backstage.io/managed-by-location': `file:${serviceRepo()}/catalog-info.yaml`,
    });
    expect(
      await git(serviceRepo(), 'config', 'go-delivery.scaffolderTaskId'),
    ).toBe(result.id);

    expect(result.output.links).toEqual([
      {
        title: 'Open ledger-api in the catalog',
        icon: 'catalog',
        entityRef: 'component:default/ledger-api',
      },
      {
        title: 'Argo CD',
        url: `${argocd.url}applications/argocd/ledger-api-dev`,
      },
    ]);
    expect(result.output.text[0].content).toContain(
      `git clone ${serviceRepo()}\ngit clone ${gitopsRepo()}`,
    );
  });

  it.each([
    ['github', 'Create the GitHub repository', 'pull request'],
    ['gitlab', 'Create the GitLab project', 'merge request'],
  ])(
    'lists the same steps, none skipped, for %s in a dry run',
    async (host, _label, change) => {
      const template = yaml.parse(await readFile(TEMPLATE, 'utf8'));
      const res = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .send({
          template,
          values: {
            ...values,
            publishTo: host,
            repoUrl: `${host}.com?owner=acme&repo=ledger-api`,
            gitopsRepoUrl: `${host}.com?owner=acme&repo=gitops`,
          },
          directoryContents: [],
        });
      expect(res.status).toBe(200);
      expect(res.body.steps.map((step: any) => step.id)).toEqual(STEPS);
      const log: string[] = res.body.log.map((l: any) => l.body.message);
      expect(log.filter(m => String(m).startsWith('Skipping step'))).toEqual(
        [],
      );
      const completed = new Set(
        res.body.log
          .filter((l: any) => l.body.status === 'completed')
          .map((l: any) => l.body.stepId),
      );
      expect(STEPS.filter(step => !completed.has(step))).toEqual([]);
      expect(log.join('\n')).toContain(
        `Dry run: would create the ${
          host === 'github' ? 'GitHub repository' : 'GitLab project'
        } ${host}.com?owner=acme&repo=ledger-api from service and open a ${change} to ${host}.com?owner=acme&repo=gitops (apps/ledger-api)`,
      );
      expect(log.join('\n')).toContain(
        `Dry run: would register catalog-info.yaml of the ${host} repository in the catalog`,
      );
    },
  );

  it('builds and tests the generated service from its repository with the Go toolchain', async () => {
    const clone = await mkdtemp(join(tmpdir(), 'ledger-api-clone-'));
    try {
      await exec('git', ['clone', '-q', `file://${serviceRepo()}`, clone]);
      const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };
      const started = Date.now();
      await exec('go', ['build', './...'], { cwd: clone, env });
      const test = await exec('go', ['test', './...'], { cwd: clone, env });
      timings['go build + go test'] = Date.now() - started;
      expect(test.stdout).toMatch(/^ok\s+localhost\/ledger-api\//m);
      expect(test.stdout).not.toMatch(/FAIL/);
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });

  it('refuses to create a service of an existing name at the first step, changing nothing', async () => {
    const versions = () =>
      ['dev', 'staging', 'prod'].map(
        env => argocd.application(`ledger-api-${env}`).metadata.resourceVersion,
      );
    const before = {
      service: await git(serviceRepo(), 'rev-parse', 'HEAD'),
      gitops: await git(gitopsRepo(), 'rev-parse', 'HEAD'),
      versions: versions(),
      locations: (await request(server).get('/api/catalog/locations')).body
        .length,
    };
    const requestsBefore = argocd.requests.length;
    const result = await runTemplate(values);
    timings['template re-run (refused)'] = result.ms;
    expect(result.status).toBe('failed');
    const log = result.messages.join('\n');
    expect(log).toContain(
      `ConflictError: Refusing to overwrite what this task did not create: ${[
        'component:default/ledger-api is already in the catalog',
        ...['dev', 'staging', 'prod'].map(
          env =>
            `Argo CD application ledger-api-${env} already exists on 'sandbox'`,
        ),
        `local repository ${serviceRepo()} already exists`,
        `local repository ${gitopsRepo()} already holds apps/ledger-api`,
      ].join('; ')}. Choose another name, or remove these first.`,
    );
    expect(log).toContain(
      'Skipping step generate-service because a previous step failed',
    );
    expect(
      argocd.requests
        .slice(requestsBefore)
        .filter(r => r.method !== 'GET' && r.path !== '/api/v1/session'),
    ).toEqual([]);
    expect({
      service: await git(serviceRepo(), 'rev-parse', 'HEAD'),
      gitops: await git(gitopsRepo(), 'rev-parse', 'HEAD'),
      versions: versions(),
      locations: (await request(server).get('/api/catalog/locations')).body
        .length,
    }).toEqual(before);
  });

  it('adds a second service next to the first in the GitOps repository', async () => {
    const result = await runTemplate({
      name: 'ledger-worker',
      owner: 'group:default/team-finance',
      ci: 'github-actions',
      environments: ['dev', 'prod'],
      canary: false,
      publishTo: 'local',
    });
    expect(result.status).toBe('completed');
    const folders = new Set(
      (await git(gitopsRepo(), 'ls-files'))
        .split('\n')
        .map(path => path.split('/').slice(0, 2).join('/')),
    );
    expect([...folders]).toEqual(['apps/ledger-api', 'apps/ledger-worker']);
    const entity = (
      await request(server).get(
        '/api/catalog/entities/by-name/component/default/ledger-worker',
      )
    ).body;
    expect(entity.metadata.annotations).not.toHaveProperty('tekton.dev/cicd');
    expect(
      await git(join(repositories, 'ledger-worker'), 'ls-files'),
    ).toContain('.github/workflows/ci.yaml');
  });

  it('creates a service with a Helm chart, GitLab CI and prod on two clusters through an ApplicationSet', async () => {
    const name = 'ledger-fleet';
    const result = await runTemplate({
      name,
      owner: 'group:default/team-finance',
      ci: 'gitlab-ci',
      manifests: 'helm',
      environments: ['staging', 'prod'],
      canary: true,
      argocdLayout: 'applicationset',
      prodClusters: [
        { name: 'eu-west', server: 'https://eu-west.example.com:6443' },
        { name: 'us-east', server: 'https://us-east.example.com:6443' },
      ],
      publishTo: 'local',
    });
    expect(result.status).toBe('completed');
    expect(await git(join(repositories, name), 'ls-files')).toContain(
      '.gitlab-ci.yml',
    );
    const files = (await git(gitopsRepo(), 'ls-files'))
      .split('\n')
      .filter(f => f.startsWith(`apps/${name}/`));
    // A chart instead of overlays.
    expect(files.some(f => f.endsWith('/Chart.yaml'))).toBe(true);
    expect(files.some(f => f.includes('/overlays/'))).toBe(false);
    const prod = yaml.parse(
      await readFile(
        join(gitopsRepo(), `apps/${name}/argocd/prod.yaml`),
        'utf8',
      ),
    );
    expect(prod.kind).toBe('ApplicationSet');
    expect(new CrdSchemaValidator().validate(prod)).toEqual([]);
    expect(
      prod.spec.generators[0].list.elements.map((e: any) => e.cluster),
    ).toEqual(['eu-west', 'us-east']);
    // Argo CD got the staging Application and the ApplicationSet, which made prod's, one per
    // cluster.
    expect(argocd.application(`${name}-staging`)).toBeDefined();
    expect(argocd.application(`${name}-prod`)).toBeUndefined();
    expect(result.messages.join('\n')).toContain(
      `created or updated the ApplicationSet argocd/${name}-prod; it makes ${name}-prod-eu-west, ${name}-prod-us-east`,
    );
    for (const cluster of ['eu-west', 'us-east']) {
      const app = argocd.application(`${name}-prod-${cluster}`);
      expect(app.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ApplicationSet',
          name: `${name}-prod`,
        }),
      ]);
      expect(app.spec.destination.server).toBe(
        `https://${cluster}.example.com:6443`,
      );
    }
  });

  it('refuses invalid input before anything is written, with a clear message', async () => {
    const requestsBefore = argocd.requests.length;
    // The form's own rules (pattern, length) are checked when the task is created.
    const refused = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({
        templateRef: TEMPLATE_REF,
        values: { ...values, name: 'Ledger_API' },
      });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain(
      'does not match pattern',
    );

    // A name too long for the names derived from it: the form's maxLength, the same number the
    // actions use.
    const tooLong = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({
        templateRef: TEMPLATE_REF,
        values: { ...values, name: 'a'.repeat(SERVICE_NAME_MAX_LENGTH + 1) },
      });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body.errors)).toContain(
      `does not meet maximum length of ${SERVICE_NAME_MAX_LENGTH}`,
    );

    // What only the actions know (a cluster named twice, with two servers) fails the first step.
    const name = 'ledger-multi';
    const result = await runTemplate({
      ...values,
      name,
      argocdLayout: 'applicationset',
      prodClusters: [
        { name: 'eu', server: 'https://eu-1.example.com' },
        { name: 'eu', server: 'https://eu-2.example.com' },
      ],
    });
    expect(result.status).toBe('failed');
    const log = result.messages.join('\n');
    expect(log).toContain(
      'InputError: The Go service cannot be created: prodClusters names must be unique: eu repeated',
    );
    expect(log).toContain(
      'Skipping step publish because a previous step failed',
    );
    await expect(stat(join(repositories, name))).rejects.toThrow('ENOENT');
    expect(argocd.requests.length).toBe(requestsBefore);
  });

  it('finishes a failed run on retry without publishing or registering twice', async () => {
    const retryValues = { ...values, name: 'ledger-retry' };
    // Argo CD writes Applications too slowly (its reads stay quick, so the check passes): the run
    // fails after publishing, at registration, though Argo CD creates the first Application late.
    const handle = (argocd as any).handle.bind(argocd);
    const slowWrites = jest
      .spyOn(argocd as any, 'handle')
      .mockImplementation(async (req: any, res: any) => {
        if (req.method === 'POST' && req.path === '/api/v1/applications') {
          await new Promise(r => setTimeout(r, 1500));
        }
        return handle(req, res);
      });
    const failed = await runTemplate(retryValues);
    slowWrites.mockRestore();
    expect(failed.status).toBe('failed');
    expect(failed.messages.join('\n')).toContain(
      "Argo CD 'sandbox': no answer within 1000 ms",
    );
    await waitFor(
      async () => argocd.application('ledger-retry-dev') !== undefined,
      5000,
    );
    const repo = join(repositories, 'ledger-retry');
    const commit = await git(repo, 'rev-parse', 'HEAD');
    const gitopsCommits = await git(
      gitopsRepo(),
      'rev-list',
      '--count',
      'HEAD',
    );

    const started = Date.now();
    await request(server)
      .post(`/api/scaffolder/v2/tasks/${failed.id}/retry`)
      .send({})
      .expect(201);
    const retried = await waitForTask(failed.id, started);
    expect(retried.status).toBe('completed');
    expect(retried.messages.join('\n')).toContain(
      'Skipping step publish because it was already completed',
    );
    expect(await git(repo, 'rev-parse', 'HEAD')).toBe(commit);
    expect(await git(repo, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(await git(gitopsRepo(), 'rev-list', '--count', 'HEAD')).toBe(
      gitopsCommits,
    );
    expect(argocd.application('ledger-retry-prod')).toBeDefined();
    // The Application the failed attempt left is this task's own: taken over, not refused.
    expect(
      argocd.application('ledger-retry-dev').metadata.annotations[
        'go-delivery.dev/scaffolder-task-id'
      ],
    ).toBe(failed.id);
    expect(
      (
        await request(server).get(
          '/api/catalog/entities/by-name/component/default/ledger-retry',
        )
      ).status,
    ).toBe(200);
  });
});
