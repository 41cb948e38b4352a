import { mockCredentials } from '@backstage/backend-test-utils';
import {
  EnvironmentsResponse,
  PromotionGate,
} from '@go-delivery/plugin-delivery-common';
import { gitLog, gitShow, loadArgoCdFixtures } from '@go-delivery/sandbox';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import request from 'supertest';
import {
  errorBudgetHistory,
  OUTSIDER,
  OWNER,
  RELEASE_MANAGER,
  startPromotionBackend,
} from '../services/promotion/__testUtils__/promotionBackend';

const entity = '/api/delivery/entities/component/default/payments-api';
const as = (user: string) => mockCredentials.user.header(user);
const dev = { instance: 'staging', application: 'payments-api-dev' };
const staging = { instance: 'staging', application: 'payments-api-staging' };
const prod = { instance: 'prod', application: 'payments-api-prod' };
let keys = 0;
const key = () => `promotion-key-${Date.now()}-${keys++}`;

function gatesOf(body: EnvironmentsResponse, to: string) {
  const step = body.promotions.find(p => p.to.environment === to)!;
  return Object.fromEntries(step.gates.map(g => [g.id, g]));
}

function states(gates: Record<string, PromotionGate>) {
  return Object.fromEntries(
    Object.entries(gates).map(([id, g]) => [id, g.state]),
  );
}

/*
 * The gates on a real Prometheus with backfilled history (a healthy staging, a prod whose error
 * budget is spent, a dev deploy that raised errors) and Argo CD projects from the sandbox's
 * fixtures; the promotion as a commit to a real local GitOps repository.
 */
describe('promotion routes', () => {
  let prometheus: RealPrometheus;
  let backend: Awaited<ReturnType<typeof startPromotionBackend>>;

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: errorBudgetHistory() });
    backend = await startPromotionBackend({ prometheus });
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
    await prometheus?.stop();
  });

  const head = () =>
    gitLog(backend.repository.path, ['-1', '--format=%H']).trim();
  const prodOverlay = () =>
    gitShow(backend.repository.path, 'main:overlays/prod/kustomization.yaml');

  it('lists the environments in order with what runs where, and each gate with its reason', async () => {
    const res = await request(backend.server)
      .get(`${entity}/environments`)
      .set('Authorization', as(OWNER));
    expect(res.status).toBe(200);
    const body = res.body as EnvironmentsResponse;
    expect(body.failures).toEqual([]);
    expect(body.environments.map(e => [e.environment, e.image?.tag])).toEqual([
      ['dev', '1.9.0'],
      ['staging', '1.8.0'],
      ['prod', '1.7.2'],
    ]);
    expect(body.environments[2].productionLike).toBe(true);
    // dev ran 1.8.0 (what staging runs) before 1.9.0; staging ran 1.7.2 (what prod runs) before
    // 1.8.0-rc.1 and 1.8.0.
    expect(body.environments[0].behind).toBeUndefined();
    expect(body.environments[1].behind).toEqual({
      deploys: 1,
      since: expect.any(String),
    });
    expect(body.environments[2].behind).toEqual({
      deploys: 2,
      since: expect.any(String),
    });
    expect(
      body.promotions.map(p => [p.from.environment, p.to.environment]),
    ).toEqual([
      ['dev', 'staging'],
      ['staging', 'prod'],
    ]);

    const intoProd = gatesOf(body, 'prod');
    expect(states(intoProd)).toEqual({
      'source-healthy': 'open',
      soak: 'open',
      verdict: 'open',
      pipeline: 'skipped',
      coverage: 'skipped',
      'error-budget': 'shut',
      freeze: 'open',
    });
    expect(intoProd['error-budget'].reason).toMatch(
      /^prod has spent its availability error budget over 3 days \(-\d+\.\d % left of 0\.5 % allowed errors\)$/,
    );
    expect(intoProd.verdict.reason).toMatch(/staging's deploy of [0-9a-f]{7}/);
    expect(intoProd.freeze.reason).toBe(
      "No sync window of project 'payments' applies to payments-api-prod",
    );

    const intoStaging = gatesOf(body, 'staging');
    expect(states(intoStaging)).toMatchObject({
      soak: 'shut',
      verdict: 'shut',
      'error-budget': 'open',
      freeze: 'open',
    });
    expect(intoStaging.soak.reason).toMatch(
      /^dev has run its deploy for 1 h; 3 h required before staging$/,
    );
    expect(intoStaging.verdict.reason).toMatch(
      /dev's deploy of [0-9a-f]{7} regressed/,
    );
    expect(body.promotions[1]).toMatchObject({
      available: true,
      open: false,
      confirmationName: 'payments-api-prod',
      gitops: {
        provider: 'local',
        mode: 'commit',
        file: 'overlays/prod/kustomization.yaml',
      },
    });
  });

  it('previews the change: the diff pins what staging runs, with the gates as they are now', async () => {
    const before = head();
    const res = await request(backend.server)
      .post(`${entity}/promotion/preview`)
      .set('Authorization', as(OWNER))
      .send({ from: staging, to: prod });
    expect(res.status).toBe(200);
    expect(res.body.image.to.tag).toBe('1.8.0');
    expect(res.body.image.from.tag).toBe('1.7.2');
    expect(res.body.gitops.diff).toMatch(
      /-\s+newTag: "1\.7\.2"\n\+\s+newTag: "1\.8\.0"/,
    );
    expect(res.body.open).toBe(false);
    expect(res.body.confirmationName).toBe('payments-api-prod');
    expect(head()).toBe(before);
  });

  it('refuses a promotion past a shut gate, naming it, and writes nothing', async () => {
    const before = head();
    const res = await request(backend.server)
      .post(`${entity}/promotion`)
      .set('Authorization', as(OWNER))
      .send({
        from: staging,
        to: prod,
        confirmation: 'payments-api-prod',
        idempotencyKey: key(),
      });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /^Promotion into prod is blocked: Error budget \(shut\): prod has spent its availability error budget/,
    );
    expect(head()).toBe(before);
  });

  it('lets only holders of the override permission override, before anything is read', async () => {
    backend.argocd.prod.clearRequests();
    backend.argocd.staging.clearRequests();
    const res = await request(backend.server)
      .post(`${entity}/promotion`)
      .set('Authorization', as(OWNER))
      .send({
        from: staging,
        to: prod,
        confirmation: 'payments-api-prod',
        override: { reason: 'Hotfix for the refund outage, INC-4711' },
        idempotencyKey: key(),
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "Not allowed to delivery.promote.override for 'component:default/payments-api'",
    );
    expect(backend.argocd.prod.requests).toEqual([]);
    expect(backend.argocd.staging.requests).toEqual([]);
  });

  it('refuses a non-owner with 403 and asks no upstream', async () => {
    backend.argocd.prod.clearRequests();
    const res = await request(backend.server)
      .post(`${entity}/promotion`)
      .set('Authorization', as(OUTSIDER))
      .send({ from: staging, to: prod, idempotencyKey: key() });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "Not allowed to delivery.promote for 'component:default/payments-api'",
    );
    expect(backend.argocd.prod.requests).toEqual([]);
  });

  it('refuses a step that skips an environment, and a production target without the typed name', async () => {
    const skip = await request(backend.server)
      .post(`${entity}/promotion`)
      .set('Authorization', as(RELEASE_MANAGER))
      .send({
        from: dev,
        to: prod,
        confirmation: 'payments-api-prod',
        override: { reason: 'Straight to prod for the demo' },
        idempotencyKey: key(),
      });
    expect(skip.status).toBe(404);
    expect(skip.body.error.message).toMatch(
      /is not a step of the entity's environments/,
    );
    const unconfirmed = await request(backend.server)
      .post(`${entity}/promotion`)
      .set('Authorization', as(RELEASE_MANAGER))
      .send({
        from: staging,
        to: prod,
        override: { reason: 'Hotfix for the refund outage, INC-4711' },
        idempotencyKey: key(),
      });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.message).toMatch(
      /confirm by sending 'confirmation' equal to 'payments-api-prod'/,
    );
  });

  it('refuses bodies that are not a promotion', async () => {
    for (const body of [
      { from: staging, to: prod, idempotencyKey: key(), extra: 1 },
      {
        from: { ...staging, url: 'http://evil' },
        to: prod,
        idempotencyKey: key(),
      },
      {
        from: staging,
        to: prod,
        override: { reason: 'short' },
        idempotencyKey: key(),
      },
      {
        from: staging,
        to: { ...prod, application: '../x' },
        idempotencyKey: key(),
      },
    ]) {
      const res = await request(backend.server)
        .post(`${entity}/promotion`)
        .set('Authorization', as(RELEASE_MANAGER))
        .send(body);
      expect(res.status).toBe(400);
    }
  });

  it('overrides with a reason: one commit pinning staging’s image, audited with the gates and the reason, once per key', async () => {
    const before = head();
    const idempotencyKey = key();
    const body = {
      from: staging,
      to: prod,
      confirmation: 'payments-api-prod',
      override: { reason: 'Hotfix for the refund outage, INC-4711' },
      idempotencyKey,
    };
    const [first, second] = await Promise.all([
      request(backend.server)
        .post(`${entity}/promotion`)
        .set('Authorization', as(RELEASE_MANAGER))
        .send(body),
      request(backend.server)
        .post(`${entity}/promotion`)
        .set('Authorization', as(RELEASE_MANAGER))
        .send(body),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.replayed, second.body.replayed].sort()).toEqual([
      false,
      true,
    ]);
    expect(first.body.overridden).toEqual({
      gates: ['error-budget'],
      reason: 'Hotfix for the refund outage, INC-4711',
    });
    expect(first.body.message).toMatch(
      /^Committed [0-9a-f]{7} to main: overlays\/prod\/kustomization\.yaml pins ghcr\.io\/example-org\/payments-api:1\.8\.0/,
    );
    // One commit, on top of what was there, changing prod's overlay only.
    expect(
      gitLog(backend.repository.path, [`${before}..main`, '--format=%H'])
        .trim()
        .split('\n'),
    ).toHaveLength(1);
    expect(
      gitLog(backend.repository.path, ['-1', '--name-only', '--format=%B']),
    ).toMatch(
      /promote\(payments-api-prod\): ghcr\.io\/example-org\/payments-api 1\.8\.0 from staging[\s\S]*Gates overridden: error-budget\nReason: Hotfix for the refund outage, INC-4711[\s\S]*Requested-by: user:default\/rita via Backstage[\s\S]*overlays\/prod\/kustomization\.yaml\s*$/,
    );
    expect(prodOverlay()).toMatch(/newTag: "1\.8\.0"/);

    const events = backend.audit.filter(
      e => e.eventId === 'promotion' && e.result === 'succeeded',
    );
    expect(events).toHaveLength(2);
    expect(events[0].meta).toMatchObject({
      actor: RELEASE_MANAGER,
      entityRef: 'component:default/payments-api',
      action: 'promote',
    });
    expect(events[0].resultMeta).toMatchObject({
      target: {
        from: staging,
        to: prod,
        override: { reason: 'Hotfix for the refund outage, INC-4711' },
      },
    });
    expect(
      events.map(e => e.resultMeta?.overridden).filter(Boolean)[0],
    ).toEqual({
      gates: ['error-budget'],
      reason: 'Hotfix for the refund outage, INC-4711',
    });
  });

  it('then has prod out of sync with the new revision until someone syncs it (manual sync)', async () => {
    const res = await request(backend.server)
      .get(`${entity}/environments`)
      .set('Authorization', as(OWNER));
    const prodView = (res.body as EnvironmentsResponse).environments.find(
      e => e.environment === 'prod',
    )!;
    expect(prodView.sync).toBe('OutOfSync');
    // The same image again: nothing to promote.
    const again = await request(backend.server)
      .post(`${entity}/promotion/preview`)
      .set('Authorization', as(OWNER))
      .send({ from: staging, to: prod });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already pins .*1\.8\.0/);
  });
});

describe('promotion into a frozen environment', () => {
  let prometheus: RealPrometheus;

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: errorBudgetHistory() });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('is shut by a deny window of the target’s Argo CD project (from the fixtures)', async () => {
    // The inventory project's always-on freeze, given to payments.
    const frozen = loadArgoCdFixtures().prod.projects!.inventory;
    const backend = await startPromotionBackend({
      prometheus,
      project: project => ({
        ...project,
        spec: { ...project.spec, syncWindows: frozen.spec.syncWindows },
      }),
    });
    try {
      const res = await request(backend.server)
        .get(`${entity}/environments`)
        .set('Authorization', as(OWNER));
      const freeze = gatesOf(res.body, 'prod').freeze;
      expect(freeze.state).toBe('shut');
      expect(freeze.reason).toMatch(
        /^Deny window 'Quarter-end change freeze' \(deny .+\) of project 'payments' is active until /,
      );
      // staging's project on the other instance has no such window.
      expect(gatesOf(res.body, 'staging').freeze.state).toBe('open');
    } finally {
      await backend.stop();
    }
  });

  it('is shut by a configured freeze of the environment', async () => {
    const backend = await startPromotionBackend({
      prometheus,
      config: {
        promotion: {
          freezeWindows: [
            {
              name: 'Always',
              schedule: '* * * * *',
              duration: '1h',
              environments: ['staging'],
              description: 'load test in staging',
            },
          ],
        },
      },
    });
    try {
      const res = await request(backend.server)
        .get(`${entity}/environments`)
        .set('Authorization', as(OWNER));
      expect(gatesOf(res.body, 'staging').freeze).toMatchObject({
        state: 'shut',
        reason: expect.stringMatching(
          /^Freeze 'Always' \(load test in staging\) applies to staging until /,
        ),
      });
      expect(gatesOf(res.body, 'prod').freeze.state).toBe('open');
    } finally {
      await backend.stop();
    }
  });
});
