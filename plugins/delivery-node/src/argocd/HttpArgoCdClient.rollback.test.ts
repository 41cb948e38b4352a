import {
  ArgoCdSchemaValidator,
  FakeArgoCd,
  loadArgoCdFixtures,
} from '@go-delivery/sandbox';
import { UpstreamError } from '../http/UpstreamError';
import { HttpArgoCdClient } from './HttpArgoCdClient';
import { StaticTokenAuth } from './StaticTokenAuth';

const fixtures = loadArgoCdFixtures();
const swagger = new ArgoCdSchemaValidator();

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  expect(check()).toBe(true);
}

describe('HttpArgoCdClient: reading one application, changing its spec, rolling back', () => {
  let fake: FakeArgoCd;

  afterEach(async () => {
    await fake?.stop();
  });

  async function start(instance: 'prod' | 'staging') {
    fake = await FakeArgoCd.start({
      name: instance,
      fixtures: fixtures[instance],
      tokens: ['t'],
      operationDurationMs: 0,
    });
    return new HttpArgoCdClient({
      name: instance,
      baseUrl: fake.url,
      timeoutMs: 2000,
      auth: new StaticTokenAuth('t'),
    });
  }

  it('reads one application with its namespace and project', async () => {
    const client = await start('prod');
    const app = await client.getApplication({
      name: 'payments-api-prod',
      appNamespace: 'argocd',
      project: 'payments',
    });
    expect(app.status?.history).toHaveLength(6);
    expect(fake.requests.map(r => [r.method, r.path, r.query])).toEqual([
      [
        'GET',
        '/api/v1/applications/payments-api-prod',
        { appNamespace: ['argocd'], project: ['payments'] },
      ],
    ]);
  });

  it('starts a rollback with the exact ApplicationRollbackRequest, which the fake then completes', async () => {
    const client = await start('prod');
    const ref = { name: 'payments-api-prod', project: 'payments' };
    const started = await client.rollbackApplication(ref, { id: 4 });
    expect(started.status?.operationState).toMatchObject({
      phase: 'Running',
      operation: {
        sync: { revision: 'aea9b8854fe3cb475eff0f1bb0abc6d8b56c696d' },
        initiatedBy: { username: 'admin' },
      },
    });
    const [sent] = fake.requests;
    expect([sent.method, sent.path, sent.contentType, sent.body]).toEqual([
      'POST',
      '/api/v1/applications/payments-api-prod/rollback',
      'application/json',
      {
        name: 'payments-api-prod',
        id: 4,
        dryRun: false,
        prune: false,
        project: 'payments',
      },
    ]);
    expect(
      swagger.validate('applicationApplicationRollbackRequest', sent.body),
    ).toEqual([]);

    await until(
      () =>
        fake.application('payments-api-prod').status.operationState.phase ===
        'Succeeded',
    );
    const app = fake.application('payments-api-prod');
    expect(app.status.sync).toMatchObject({
      status: 'OutOfSync',
      revision: 'aea9b8854fe3cb475eff0f1bb0abc6d8b56c696d',
    });
    expect(app.status.history).toHaveLength(7);
    expect(app.status.history[6]).toMatchObject({
      id: 6,
      revision: 'aea9b8854fe3cb475eff0f1bb0abc6d8b56c696d',
      initiatedBy: { username: 'admin' },
    });
    expect(swagger.validate('v1alpha1Application', app)).toEqual([]);
  });

  it('changes nothing on a dry run', async () => {
    const client = await start('prod');
    const before = JSON.stringify(fake.application('payments-api-prod'));
    await client.rollbackApplication(
      { name: 'payments-api-prod' },
      { id: 2, dryRun: true },
    );
    expect(fake.requests[0].body).toMatchObject({ dryRun: true });
    await new Promise(r => setTimeout(r, 20));
    expect(JSON.stringify(fake.application('payments-api-prod'))).toBe(before);
  });

  it("reports Argo CD's refusal while automated sync is on", async () => {
    const client = await start('staging');
    const error = await client
      .rollbackApplication({ name: 'payments-api-staging' }, { id: 3 })
      .catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.failure).toEqual({
      kind: 'argocd',
      instance: 'staging',
      reason: 'upstream-error',
      status: 400,
      message:
        "Argo CD 'staging': HTTP 400: rollback cannot be initiated when auto-sync is enabled",
    });
    expect(
      fake.application('payments-api-staging').status.history,
    ).toHaveLength(
      fixtures.staging.applications['payments-api-staging'].status.history
        .length,
    );
  });

  it('turns automated sync off through PUT …/spec as Argo CD’s UI does, after which the rollback is accepted', async () => {
    const client = await start('staging');
    const ref = { name: 'payments-api-staging', project: 'payments' };
    const app = await client.getApplication(ref);
    const spec = structuredClone(app.spec!);
    spec.syncPolicy!.automated!.enabled = false;
    const stored = await client.updateApplicationSpec(ref, spec, {
      validate: false,
    });
    expect(stored.syncPolicy?.automated).toEqual({
      prune: true,
      selfHeal: true,
      enabled: false,
    });
    const put = fake.requests[1];
    expect([put.method, put.path, put.query, put.contentType]).toEqual([
      'PUT',
      '/api/v1/applications/payments-api-staging/spec',
      { validate: ['false'], project: ['payments'] },
      'application/json',
    ]);
    expect(put.body).toEqual(spec);
    expect(swagger.validate('v1alpha1ApplicationSpec', put.body)).toEqual([]);

    const started = await client.rollbackApplication(ref, { id: 3 });
    expect(started.status?.operationState?.phase).toBe('Running');
  });

  it('refuses an id the history does not have, and a spec that is not one', async () => {
    const client = await start('prod');
    const ref = { name: 'payments-api-prod' };
    const missing = await client
      .rollbackApplication(ref, { id: 42 })
      .catch(e => e);
    expect(missing.failure.message).toBe(
      "Argo CD 'prod': HTTP 400: application payments-api-prod does not have deployment with id 42",
    );
    const invalid = await client
      .updateApplicationSpec(ref, { syncPolicy: { automated: 'off' } } as any)
      .catch(e => e);
    expect(invalid.failure.message).toContain(
      '/syncPolicy/automated must be object',
    );
  });
});
