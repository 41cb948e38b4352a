import {
  ArgoCdSchemaValidator,
  FakeArgoCd,
  loadArgoCdFixtures,
} from '@go-delivery/sandbox';
import { createArgoCdClients } from '@go-delivery/plugin-delivery-node';
import { rm } from 'node:fs/promises';
import yaml from 'yaml';
import {
  actionContext,
  checkpointStore,
  outputsOf,
  recordingAuditor,
  temporaryWorkspace,
} from '../__testUtils__/actionContext';
import { testSettings } from '../__testUtils__/settings';
import { generateGitOps } from '../generators/gitops';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { createRegisterArgoCdAction } from './registerArgoCdAction';

const fixtures = loadArgoCdFixtures();
const service = { name: 'ledger', owner: 'team-finance' };

describe('go-delivery:argocd:register', () => {
  let prod: FakeArgoCd;
  let staging: FakeArgoCd;
  let workspace: string;
  const validator = new ArgoCdSchemaValidator();

  beforeEach(async () => {
    prod = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      users: { admin: 'pw' },
    });
    staging = await FakeArgoCd.start({
      name: 'staging',
      fixtures: fixtures.staging,
      tokens: ['stg'],
    });
    workspace = await temporaryWorkspace();
  });

  afterEach(async () => {
    await prod.stop();
    await staging.stop();
    await rm(workspace, { recursive: true, force: true });
  });

  function setup(scaffolder = {}) {
    const settings = testSettings({ scaffolder });
    const { auditor, events } = recordingAuditor();
    const clients = createArgoCdClients({
      sessionLifetimeMs: 60_000,
      instances: [
        {
          name: 'prod',
          url: prod.url,
          webUrl: 'https://argocd.example.com',
          auth: { type: 'password', username: 'admin', password: 'pw' },
          timeoutMs: 2000,
        },
        {
          name: 'staging',
          url: staging.url,
          auth: { type: 'token', token: 'stg' },
          timeoutMs: 2000,
        },
      ],
    });
    const action = createRegisterArgoCdAction({ settings, clients, auditor });
    return { action, events, settings };
  }

  /** The Applications as the GitOps repository holds them (YAML files of the generator). */
  function applicationsInGit(settings = testSettings()) {
    const spec = resolveGoServiceSpec(service, settings);
    return generateGitOps(spec)
      .filter(file => file.path.includes('/argocd/'))
      .map(file => yaml.parse(file.content));
  }

  it('upserts every Application of the GitOps repository through the Argo CD API', async () => {
    const { action, events } = setup();
    const ctx = actionContext({
      input: { service, validate: false },
      workspacePath: workspace,
    });
    await action.handler(ctx);

    const expectedBodies = applicationsInGit().map(
      ({ apiVersion, kind, ...body }) => body,
    );
    expect(expectedBodies.map(b => b.metadata.name)).toEqual([
      'ledger-dev',
      'ledger-staging',
      'ledger-prod',
    ]);
    expect(prod.requests.map(r => [r.method, r.path, r.query, r.body])).toEqual(
      [
        ['POST', '/api/v1/session', {}, { username: 'admin', password: 'pw' }],
        ...expectedBodies.map(body => [
          'POST',
          '/api/v1/applications',
          { upsert: ['true'], validate: ['false'] },
          body,
        ]),
      ],
    );
    expect(staging.requests).toEqual([]);
    for (const body of expectedBodies) {
      const stored = prod.application(body.metadata.name);
      expect(stored.spec).toEqual(body.spec);
      expect(validator.validate('v1alpha1Application', stored)).toEqual([]);
    }
    expect(outputsOf(ctx)).toEqual({
      instance: 'prod',
      applications: expectedBodies.map(body => ({
        name: body.metadata.name,
        namespace: 'argocd',
        url: `https://argocd.example.com/applications/argocd/${body.metadata.name}`,
      })),
    });
    expect(events).toEqual(
      expectedBodies.map(body => ({
        eventId: 'argocd-application-upsert',
        meta: {
          instance: 'prod',
          namespace: 'argocd',
          application: body.metadata.name,
          initiator: 'user:default/jane',
        },
        outcome: 'success',
      })),
    );
  });

  it("registers in the configured instance, with Argo CD's source validation by default", async () => {
    const { action, settings } = setup({ argocd: { instance: 'staging' } });
    await action.handler(
      actionContext({ input: { service }, workspacePath: workspace }),
    );
    expect(prod.requests).toEqual([]);
    expect(
      staging.requests.map(r => [r.path, r.query, r.authorization]),
    ).toEqual(
      applicationsInGit(settings).map(() => [
        '/api/v1/applications',
        { upsert: ['true'], validate: ['true'] },
        'Bearer stg',
      ]),
    );
  });

  it('sends nothing in a dry run', async () => {
    const { action, events } = setup();
    const ctx = actionContext({
      input: { service },
      workspacePath: workspace,
      dryRun: true,
    });
    await action.handler(ctx);
    expect(prod.requests).toEqual([]);
    expect(events).toEqual([]);
    expect(prod.application('ledger-dev')).toBeUndefined();
    expect(outputsOf(ctx).applications).toHaveLength(3);
  });

  it('does not send an upsert again when a task is retried, and changes nothing when re-run', async () => {
    const { action } = setup();
    const checkpoints = checkpointStore();
    const run = () =>
      action.handler(
        actionContext({
          input: { service },
          workspacePath: workspace,
          checkpoints,
        }),
      );
    await run();
    const versions = () =>
      ['dev', 'staging', 'prod'].map(
        env => prod.application(`ledger-${env}`).metadata.resourceVersion,
      );
    const before = versions();
    prod.clearRequests();
    await run();
    expect(prod.requests).toEqual([]);

    // A new task with the same values: the upserts reach Argo CD and change nothing.
    await action.handler(
      actionContext({ input: { service }, workspacePath: workspace }),
    );
    expect(
      prod.requests.filter(r => r.path === '/api/v1/applications'),
    ).toHaveLength(3);
    expect(versions()).toEqual(before);
  });

  it("fails with Argo CD's reason, naming the instance, and audits the failure", async () => {
    const { action, events } = setup({
      argocd: { project: 'unknown-project' },
    });
    const error = await action
      .handler(actionContext({ input: { service }, workspacePath: workspace }))
      .catch(e => e);
    expect(error.message).toBe(
      "Argo CD 'prod': HTTP 400: application references project unknown-project which does not exist",
    );
    // The first refusal stops the run: nothing half-registered beyond it.
    expect(events).toEqual([
      {
        eventId: 'argocd-application-upsert',
        meta: expect.objectContaining({ application: 'ledger-dev' }),
        outcome: 'fail',
        error: error.message,
      },
    ]);
    expect(prod.application('ledger-dev')).toBeUndefined();
  });

  it('refuses invalid input before calling Argo CD', async () => {
    const { action } = setup();
    await expect(
      action.handler(
        actionContext({
          input: {
            service: { name: 'x', owner: 'team', canary: 'yes' as any },
          },
          workspacePath: workspace,
        }),
      ),
    ).rejects.toThrow('canary "yes" must be true or false');
    await expect(
      action.handler(
        actionContext({
          input: { service: { name: '-x', owner: 'team' } },
          workspacePath: workspace,
        }),
      ),
    ).rejects.toThrow('name "-x" must be lowercase');
    expect(prod.requests).toEqual([]);
  });
});
