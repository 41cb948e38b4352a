import { MockFetchApi } from '@backstage/test-utils';
import { DeliveryClient, entityPath } from './DeliveryClient';

describe('DeliveryClient', () => {
  const discoveryApi = {
    getBaseUrl: async () => 'http://backstage/api/delivery',
  };

  it('calls the deployments route of the entity through the authenticated fetch', async () => {
    const calls: string[] = [];
    const fetchApi = new MockFetchApi({
      baseImplementation: async (input: any) => {
        calls.push(String(input));
        return new Response(
          JSON.stringify({ applications: [], failures: [], instances: [] }),
          {
            status: 200,
            headers: { 'content-type': 'application/json' },
          },
        );
      },
    });
    const client = new DeliveryClient({ discoveryApi, fetchApi });
    await expect(
      client.getDeployments({
        kind: 'Component',
        namespace: 'default',
        name: 'payments-api',
      }),
    ).resolves.toEqual({ applications: [], failures: [], instances: [] });
    expect(calls).toEqual([
      'http://backstage/api/delivery/entities/component/default/payments-api/deployments',
    ]);
  });

  it('turns an error answer into a ResponseError carrying the backend message', async () => {
    const fetchApi = new MockFetchApi({
      baseImplementation: async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'Entity not found' },
            request: {
              method: 'GET',
              url: '/api/delivery/entities/component/default/x/deployments',
            },
            response: { statusCode: 404 },
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'content-type': 'application/json' },
          },
        ),
    });
    const client = new DeliveryClient({ discoveryApi, fetchApi });
    await expect(
      client.getDeployments({
        kind: 'Component',
        namespace: 'default',
        name: 'x',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      body: { error: { message: 'Entity not found' } },
    });
  });

  describe('routes of the pipeline, coverage, metrics and rollout cards', () => {
    const entity = {
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    };
    const base =
      'http://backstage/api/delivery/entities/component/default/payments-api';

    function recordingClient(status = 200) {
      const requests: Array<{ url: string; method: string; body?: unknown }> =
        [];
      const fetchApi = new MockFetchApi({
        baseImplementation: async (input: any, init?: RequestInit) => {
          requests.push({
            url: String(input),
            method: init?.method ?? 'GET',
            ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}),
          });
          return new Response(JSON.stringify({ ok: true }), {
            status,
            headers: { 'content-type': 'application/json' },
          });
        },
      });
      return {
        client: new DeliveryClient({ discoveryApi, fetchApi }),
        requests,
      };
    }

    it('lists pipeline runs and reads one step log, each path part encoded', async () => {
      const { client, requests } = recordingClient();
      await client.getPipelineRuns(entity);
      await client.getPipelineStepLog(entity, {
        cluster: 'dev cluster',
        namespace: 'ci',
        name: 'payments-api-run-1',
        taskRun: 'payments-api-run-1-test',
        step: 'go/test',
      });
      expect(requests).toEqual([
        { url: `${base}/pipelines`, method: 'GET' },
        {
          url: `${base}/pipelines/dev%20cluster/ci/payments-api-run-1/taskruns/payments-api-run-1-test/steps/go%2Ftest/log`,
          method: 'GET',
        },
      ]);
    });

    it('posts exactly the run identity to rerun and cancel', async () => {
      const { client, requests } = recordingClient(201);
      const run = {
        cluster: 'dev',
        namespace: 'ci',
        name: 'payments-api-run-1',
        status: 'running',
        taskRuns: [],
      } as any;
      await client.rerunPipelineRun(entity, run);
      await client.cancelPipelineRun(entity, run);
      const identity = {
        cluster: 'dev',
        namespace: 'ci',
        name: 'payments-api-run-1',
      };
      expect(requests).toEqual([
        { url: `${base}/pipelines/rerun`, method: 'POST', body: identity },
        { url: `${base}/pipelines/cancel`, method: 'POST', body: identity },
      ]);
      // With the click's idempotency key, that too and nothing else.
      await client.rerunPipelineRun(entity, run, 'click-key-0001');
      expect(requests.at(-1)).toEqual({
        url: `${base}/pipelines/rerun`,
        method: 'POST',
        body: { ...identity, idempotencyKey: 'click-key-0001' },
      });
    });

    it('passes the coverage branch and history limit as query parameters', async () => {
      const { client, requests } = recordingClient();
      await client.getCoverage(entity);
      await client.getCoverage(entity, { branch: 'feature/x' });
      await client.getCoverageHistory(entity, { branch: 'main', limit: 30 });
      expect(requests.map(r => r.url)).toEqual([
        `${base}/coverage`,
        `${base}/coverage?branch=feature%2Fx`,
        `${base}/coverage/history?branch=main&limit=30`,
      ]);
    });

    it('passes only the time window to the metrics route', async () => {
      const { client, requests } = recordingClient();
      await client.getMetrics(entity);
      await client.getMetrics(entity, { range: '6h' });
      await client.getMetrics(entity, {
        range: '1d',
        step: '5m',
        end: '2026-01-14T10:00:00Z',
      });
      expect(requests.map(r => r.url)).toEqual([
        `${base}/metrics`,
        `${base}/metrics?range=6h`,
        `${base}/metrics?range=1d&step=5m&end=2026-01-14T10%3A00%3A00Z`,
      ]);
    });

    it('reads the rollouts and posts exactly the fields of a rollout action', async () => {
      const { client, requests } = recordingClient();
      await client.getRollouts(entity);
      const rollout = {
        cluster: 'prod',
        namespace: 'orders',
        name: 'orders-api',
      };
      await client.rolloutAction(entity, 'promote', {
        ...rollout,
        idempotencyKey: 'key-promote-1',
      });
      // A view model passed by mistake: only the fields of the request travel.
      await client.rolloutAction(entity, 'undo', {
        ...rollout,
        idempotencyKey: 'key-undo-1',
        confirmation: 'orders-api',
        toRevision: 4,
        phase: 'Paused',
        steps: [],
      } as any);
      expect(requests).toEqual([
        { url: `${base}/rollouts`, method: 'GET' },
        {
          url: `${base}/rollouts/promote`,
          method: 'POST',
          body: { ...rollout, idempotencyKey: 'key-promote-1' },
        },
        {
          url: `${base}/rollouts/undo`,
          method: 'POST',
          body: {
            ...rollout,
            idempotencyKey: 'key-undo-1',
            confirmation: 'orders-api',
            toRevision: 4,
          },
        },
      ]);
    });

    it('reads the rollback options and posts each kind of target with its own fields only', async () => {
      const { client, requests } = recordingClient();
      await client.getRollbackOptions(entity);
      await client.previewRollback(entity, {
        kind: 'abort-canary',
        rollout: {
          cluster: 'prod',
          namespace: 'orders',
          name: 'orders-api',
          phase: 'Paused',
        } as any,
      });
      await client.previewRollback(entity, {
        kind: 'gitops',
        instance: 'prod',
        application: 'payments-api-prod',
        historyId: 4,
        disableAutoSync: true,
      } as any);
      await client.rollback(entity, {
        kind: 'argocd',
        instance: 'staging',
        application: 'payments-api-staging',
        appNamespace: 'argocd',
        historyId: 7,
        disableAutoSync: true,
        confirmation: 'payments-api-staging',
        idempotencyKey: 'abcdef0123456789',
      });
      expect(requests).toEqual([
        { url: `${base}/rollback`, method: 'GET' },
        {
          url: `${base}/rollback/preview`,
          method: 'POST',
          body: {
            kind: 'abort-canary',
            rollout: {
              cluster: 'prod',
              namespace: 'orders',
              name: 'orders-api',
            },
          },
        },
        {
          url: `${base}/rollback/preview`,
          method: 'POST',
          body: {
            kind: 'gitops',
            instance: 'prod',
            application: 'payments-api-prod',
            historyId: 4,
          },
        },
        {
          url: `${base}/rollback`,
          method: 'POST',
          body: {
            kind: 'argocd',
            instance: 'staging',
            application: 'payments-api-staging',
            appNamespace: 'argocd',
            historyId: 7,
            disableAutoSync: true,
            confirmation: 'payments-api-staging',
            idempotencyKey: 'abcdef0123456789',
          },
        },
      ]);
    });

    it('reads the environments and posts exactly the two applications, the key, the confirmation and the override of a promotion', async () => {
      const { client, requests } = recordingClient();
      const staging = {
        instance: 'staging',
        application: 'payments-api-staging',
        appNamespace: 'argocd',
      };
      const prod = { instance: 'prod', application: 'payments-api-prod' };
      await client.getEnvironments(entity);
      // A promotion step's refs also name their environment: not part of the body.
      await client.previewPromotion(entity, {
        from: { ...staging, environment: 'staging' },
        to: { ...prod, environment: 'prod' },
      } as any);
      await client.promote(entity, {
        from: staging,
        to: prod,
        confirmation: 'payments-api-prod',
        override: { reason: 'Hotfix for the checkout outage', gates: ['soak'] },
        idempotencyKey: 'abcdef0123456789',
      } as any);
      await client.promote(entity, {
        from: staging,
        to: prod,
        idempotencyKey: 'fedcba9876543210',
      });
      expect(requests).toEqual([
        { url: `${base}/environments`, method: 'GET' },
        {
          url: `${base}/promotion/preview`,
          method: 'POST',
          body: { from: staging, to: prod },
        },
        {
          url: `${base}/promotion`,
          method: 'POST',
          body: {
            from: staging,
            to: prod,
            confirmation: 'payments-api-prod',
            override: { reason: 'Hotfix for the checkout outage' },
            idempotencyKey: 'abcdef0123456789',
          },
        },
        {
          url: `${base}/promotion`,
          method: 'POST',
          body: { from: staging, to: prod, idempotencyKey: 'fedcba9876543210' },
        },
      ]);
    });

    it('passes the DORA period and environment, and reads a group by namespace and name', async () => {
      const { client, requests } = recordingClient();
      await client.getDora(entity);
      await client.getDora(entity, { days: 30, environment: 'prod eu' });
      await client.getTeamDora({
        kind: 'Group',
        namespace: 'default',
        name: 'team/payments',
      });
      await client.getTeamDora(
        { kind: 'Group', namespace: 'ops', name: 'sre' },
        { days: 180 },
      );
      expect(requests.map(r => r.url)).toEqual([
        `${base}/dora`,
        `${base}/dora?days=30&environment=prod+eu`,
        'http://backstage/api/delivery/groups/default/team%2Fpayments/dora',
        'http://backstage/api/delivery/groups/ops/sre/dora?days=180',
      ]);
    });

    it('turns a refused action into a ResponseError', async () => {
      const fetchApi = new MockFetchApi({
        baseImplementation: async () =>
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message: 'Not allowed to cancel pipeline runs of this entity',
              },
              request: { method: 'POST', url: '/x' },
              response: { statusCode: 403 },
            }),
            { status: 403, headers: { 'content-type': 'application/json' } },
          ),
      });
      const client = new DeliveryClient({ discoveryApi, fetchApi });
      await expect(
        client.cancelPipelineRun(entity, {
          cluster: 'dev',
          namespace: 'ci',
          name: 'r',
        }),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        response: { status: 403 },
      });
    });
  });

  it('encodes each part of the entity reference', () => {
    expect(
      entityPath({ kind: 'Component', namespace: 'a b', name: 'x/../y' }),
    ).toBe('/entities/component/a%20b/x%2F..%2Fy');
  });
});
