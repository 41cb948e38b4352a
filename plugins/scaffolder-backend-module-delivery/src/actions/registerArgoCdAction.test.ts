import {
  ArgoCdSchemaValidator,
  CrdSchemaValidator,
  FakeArgoCd,
  loadArgoCdFixtures,
  prepareArgoCdWrites,
} from '@go-delivery/sandbox';
import { createArgoCdClients } from '@go-delivery/plugin-delivery-node';
import { rm } from 'node:fs/promises';
import yaml from 'yaml';
import {
  actionContext,
  checkpointStore,
  outputsOf,
  recordingAuditor,
  TASK_ID,
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
  const crds = new CrdSchemaValidator();

  beforeAll(() => {
    // The fake checks writes against schemas it compiles at the first one: seconds, more than
    // the clients' timeout here.
    prepareArgoCdWrites();
  }, 60_000);

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
  function applicationsInGit(
    settings = testSettings(),
    input: object = service,
  ) {
    const spec = resolveGoServiceSpec(input as any, settings, { id: TASK_ID });
    return generateGitOps(spec)
      .filter(file => file.path.includes('/argocd/'))
      .map(file => yaml.parse(file.content));
  }

  /** The write requests an instance received: what must not happen when a run is refused. */
  function writes(instance: FakeArgoCd) {
    return instance.requests.filter(
      r => r.method !== 'GET' && r.path !== '/api/v1/session',
    );
  }

  const overClusters = {
    ...service,
    argocdLayout: 'applicationset',
    prodClusters: [
      { name: 'eu', server: 'https://eu.example.com' },
      { name: 'us', server: 'https://us.example.com' },
    ],
  };

  it('registers prod over several clusters as its ApplicationSet, which makes their Applications', async () => {
    const { action, events } = setup();
    const ctx = actionContext({
      input: { service: overClusters, validate: false },
      workspacePath: workspace,
    });
    await action.handler(ctx);
    expect(
      writes(prod).map(r => [r.method, r.path, (r.body as any).metadata.name]),
    ).toEqual([
      ['POST', '/api/v1/applications', 'ledger-dev'],
      ['POST', '/api/v1/applications', 'ledger-staging'],
      ['POST', '/api/v1/applicationsets', 'ledger-prod'],
    ]);
    // What was sent is the ApplicationSet of the GitOps repository, as the API takes it.
    const inGit = applicationsInGit(testSettings(), overClusters).find(
      doc => doc.kind === 'ApplicationSet',
    );
    const { apiVersion: _v, kind: _k, ...expectedBody } = inGit;
    const sent = writes(prod)[2];
    expect(sent.body).toEqual(expectedBody);
    expect(sent.query).toEqual({ upsert: ['true'] });
    expect(crds.validate(inGit)).toEqual([]);
    expect(outputsOf(ctx).applicationSet).toEqual({
      name: 'ledger-prod',
      namespace: 'argocd',
    });
    // Argo CD (here the sandbox playing its controller) made one Application per cluster.
    for (const cluster of ['eu', 'us']) {
      const app = prod.application(`ledger-prod-${cluster}`);
      expect(app.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ApplicationSet',
          name: 'ledger-prod',
        }),
      ]);
      expect(app.spec.destination.server).toBe(
        `https://${cluster}.example.com`,
      );
    }
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['argocd-application-upsert', 'success'],
      ['argocd-application-upsert', 'success'],
      ['argocd-applicationset-upsert', 'success'],
    ]);

    // A re-run of the same task sends it again as an unchanged upsert: nothing changes.
    const before = structuredClone(prod.application('ledger-prod-eu'));
    prod.clearRequests();
    await action.handler(
      actionContext({
        input: { service: overClusters, validate: false },
        workspacePath: workspace,
      }),
    );
    expect(
      writes(prod).filter(r => r.path === '/api/v1/applicationsets'),
    ).toHaveLength(1);
    expect(prod.application('ledger-prod-eu')).toEqual(before);
  });

  it('refuses to replace an ApplicationSet another task created, and sends no upsert for it', async () => {
    const { action, events } = setup();
    await action.handler(
      actionContext({
        input: { service: overClusters, validate: false },
        workspacePath: workspace,
        taskId: 'task-a',
      }),
    );
    prod.clearRequests();
    events.length = 0;
    // Another task's run: the Applications are refused first, so try the ApplicationSet alone
    // by handing the Applications over to the new task.
    for (const env of ['dev', 'staging']) {
      prod.application(`ledger-${env}`).metadata.annotations[
        'go-delivery.dev/scaffolder-task-id'
      ] = 'task-b';
    }
    const error = await action
      .handler(
        actionContext({
          input: { service: overClusters, validate: false },
          workspacePath: workspace,
          taskId: 'task-b',
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(
      "Argo CD ApplicationSet ledger-prod already exists on 'prod'",
    );
    expect(
      writes(prod).filter(r => r.path === '/api/v1/applicationsets'),
    ).toEqual([]);
    expect(events.at(-1)).toEqual(
      expect.objectContaining({
        eventId: 'argocd-applicationset-upsert',
        outcome: 'fail',
      }),
    );
  });

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
    // Each upsert right after looking up what it would replace.
    expect(prod.requests.map(r => [r.method, r.path, r.query, r.body])).toEqual(
      [
        ['POST', '/api/v1/session', {}, { username: 'admin', password: 'pw' }],
        ...expectedBodies.flatMap(body => [
          [
            'GET',
            `/api/v1/applications/${body.metadata.name}`,
            { appNamespace: ['argocd'] },
            undefined,
          ],
          [
            'POST',
            '/api/v1/applications',
            { upsert: ['true'], validate: ['false'] },
            body,
          ],
        ]),
      ],
    );
    expect(expectedBodies[0].metadata.annotations).toEqual({
      'go-delivery.dev/entity-ref': 'component:default/ledger',
      'go-delivery.dev/scaffolder-task-id': TASK_ID,
    });
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
      applicationsInGit(settings).flatMap(app => [
        [
          `/api/v1/applications/${app.metadata.name}`,
          { appNamespace: ['argocd'] },
          'Bearer stg',
        ],
        [
          '/api/v1/applications',
          { upsert: ['true'], validate: ['true'] },
          'Bearer stg',
        ],
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

  it('sends nothing for the ApplicationSet in a dry run either, and says what it would do', async () => {
    const { action, events } = setup();
    const ctx = actionContext({
      input: { service: overClusters },
      workspacePath: workspace,
      dryRun: true,
    });
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx);
    expect(prod.requests).toEqual([]);
    expect(events).toEqual([]);
    expect(info).toHaveBeenCalledWith(
      "Dry run: would create or update ledger-dev, ledger-staging, the ApplicationSet ledger-prod in Argo CD 'prod'",
    );
    expect(outputsOf(ctx).applicationSet).toEqual({
      name: 'ledger-prod',
      namespace: 'argocd',
    });
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

    // The same task without its checkpoints (a recovery that lost them): the Applications are
    // its own, so the upserts reach Argo CD and change nothing.
    await action.handler(
      actionContext({ input: { service }, workspacePath: workspace }),
    );
    expect(
      prod.requests.filter(r => r.path === '/api/v1/applications'),
    ).toHaveLength(3);
    expect(versions()).toEqual(before);
  });

  it('refuses to replace an Application that another task created, and writes nothing', async () => {
    const { action, events } = setup();
    await action.handler(
      actionContext({
        input: { service },
        workspacePath: workspace,
        taskId: 'task-a',
      }),
    );
    prod.clearRequests();
    events.length = 0;

    const error = await action
      .handler(
        actionContext({
          input: { service },
          workspacePath: workspace,
          taskId: 'task-b',
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      "Refusing to overwrite what this task did not create: Argo CD application ledger-dev already exists on 'prod'. Choose another name, or remove these first.",
    );
    expect(writes(prod)).toEqual([]);
    expect(
      prod.application('ledger-dev').metadata.annotations[
        'go-delivery.dev/scaffolder-task-id'
      ],
    ).toBe('task-a');
    // The refused change is audited as failed.
    expect(events).toEqual([
      {
        eventId: 'argocd-application-upsert',
        meta: expect.objectContaining({ application: 'ledger-dev' }),
        outcome: 'fail',
        error: error.message,
      },
    ]);
  });

  it('refuses to replace an Application nobody marked (created outside the template)', async () => {
    const { action } = setup();
    const before = structuredClone(prod.application('payments-api-prod'));
    await expect(
      action.handler(
        actionContext({
          input: {
            service: {
              name: 'payments-api',
              owner: 'team-payments',
              environments: ['prod'],
            },
          },
          workspacePath: workspace,
        }),
      ),
    ).rejects.toThrow(
      "Refusing to overwrite what this task did not create: Argo CD application payments-api-prod already exists on 'prod'.",
    );
    expect(writes(prod)).toEqual([]);
    expect(prod.application('payments-api-prod')).toEqual(before);
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
