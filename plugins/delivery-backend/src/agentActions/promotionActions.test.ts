import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { gitLog } from '@go-delivery/sandbox';
import { RealPrometheus } from '@go-delivery/sandbox/src/prometheus';
import request from 'supertest';
import {
  errorBudgetHistory,
  OUTSIDER,
  OWNER,
  RELEASE_MANAGER,
  startPromotionBackend,
} from '../services/promotion/__testUtils__/promotionBackend';

/*
 * Promotion for agents: the environments, the preview and the promotion through the actions
 * registry's HTTP API (what the MCP actions backend calls with the caller's credentials), compared
 * with what the Environments card's routes answer, on the promotion scenario's upstreams (a real
 * Prometheus, the sandbox's Argo CD fixtures, a real local GitOps repository).
 */

jest.setTimeout(120_000);

const ACTIONS = '/api/delivery/.backstage/actions/v1/actions';
const ENTITY = 'component:default/payments-api';
const ROUTES = '/api/delivery/entities/component/default/payments-api';
const as = (user: string) => mockCredentials.user.header(user);
const staging = { instance: 'staging', application: 'payments-api-staging' };
const prod = { instance: 'prod', application: 'payments-api-prod' };
const REASON = 'Hotfix for the refund outage, INC-4711';
let keys = 0;
const key = () => `agent-promotion-${Date.now()}-${keys++}`;

describe('promotion actions in the actions registry', () => {
  let prometheus: RealPrometheus;
  let backend: Awaited<ReturnType<typeof startPromotionBackend>>;

  beforeAll(async () => {
    prometheus = await RealPrometheus.start({ history: errorBudgetHistory() });
    backend = await startPromotionBackend({
      prometheus,
      features: [actionsRegistryServiceFactory],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await prometheus?.stop();
  });

  const invoke = (user: string, name: string, input: object) =>
    request(backend.server)
      .post(`${ACTIONS}/${encodeURIComponent(`delivery:${name}`)}/invoke`)
      .set('Authorization', as(user))
      .send(input);
  const head = () =>
    gitLog(backend.repository.path, ['-1', '--format=%H']).trim();
  const upstreamWrites = () =>
    Object.values(backend.argocd).flatMap(a =>
      a.requests.filter(r => r.method !== 'GET'),
    );

  it('are listed with their schemas; promote is marked destructive', async () => {
    const res = await request(backend.server)
      .get(ACTIONS)
      .set('Authorization', as(OWNER));
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      res.body.actions.map((a: any) => [a.name, a]),
    );
    expect(byName['list-environments'].attributes.readOnly).toBe(true);
    expect(byName['preview-promotion'].attributes.readOnly).toBe(true);
    expect(byName.promote.attributes).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: true,
    });
    expect(byName.promote.schema.input.required).toEqual(
      expect.arrayContaining(['entityRef', 'from', 'to', 'idempotencyKey']),
    );
    expect(byName.promote.schema.input.properties.override.required).toEqual([
      'reason',
    ]);
  });

  it('answer the environments and the preview exactly as the card’s routes do', async () => {
    const [viaRegistry, viaRoute] = await Promise.all([
      invoke(OWNER, 'list-environments', { entityRef: ENTITY }),
      request(backend.server)
        .get(`${ROUTES}/environments`)
        .set('Authorization', as(OWNER)),
    ]);
    expect(viaRegistry.status).toBe(200);
    expect(viaRoute.status).toBe(200);
    expect(viaRegistry.body.output).toEqual(viaRoute.body);
    expect(
      viaRegistry.body.output.promotions.map((p: any) => [
        p.to.environment,
        p.open,
      ]),
    ).toEqual([
      ['staging', false],
      ['prod', false],
    ]);

    const before = head();
    const [preview, routePreview] = await Promise.all([
      invoke(OWNER, 'preview-promotion', {
        entityRef: ENTITY,
        from: staging,
        to: prod,
      }),
      request(backend.server)
        .post(`${ROUTES}/promotion/preview`)
        .set('Authorization', as(OWNER))
        .send({ from: staging, to: prod }),
    ]);
    expect(preview.status).toBe(200);
    expect(preview.body.output).toEqual(routePreview.body);
    expect(preview.body.output.gitops.diff).toMatch(
      /-\s+newTag: "1\.7\.2"\n\+\s+newTag: "1\.8\.0"/,
    );
    expect(head()).toBe(before);
  });

  it('refuse someone who may not, a shut gate without override, an override without its permission and a smuggled field, writing nothing', async () => {
    const before = head();
    for (const a of Object.values(backend.argocd)) a.clearRequests();
    const body = {
      entityRef: ENTITY,
      from: staging,
      to: prod,
      confirmation: 'payments-api-prod',
      idempotencyKey: key(),
    };

    const outsider = await invoke(OUTSIDER, 'preview-promotion', {
      entityRef: ENTITY,
      from: staging,
      to: prod,
    });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toBe(
      "Not allowed to delivery.promote for 'component:default/payments-api'",
    );
    // Refused before any upstream was asked.
    expect(Object.values(backend.argocd).flatMap(a => a.requests)).toHaveLength(
      0,
    );

    const shut = await invoke(OWNER, 'promote', body);
    expect(shut.status).toBe(409);
    expect(shut.body.error.message).toMatch(
      /^Promotion into prod is blocked: Error budget \(shut\): prod has spent its availability error budget/,
    );

    const override = await invoke(OWNER, 'promote', {
      ...body,
      idempotencyKey: key(),
      override: { reason: REASON },
    });
    expect(override.status).toBe(403);
    expect(override.body.error.message).toBe(
      "Not allowed to delivery.promote.override for 'component:default/payments-api'",
    );

    const smuggled = await invoke(RELEASE_MANAGER, 'promote', {
      ...body,
      idempotencyKey: key(),
      to: { ...prod, repoURL: 'https://elsewhere.example/gitops.git' },
    });
    expect(smuggled.status).toBe(400);

    expect(upstreamWrites()).toEqual([]);
    expect(head()).toBe(before);
  });

  it('promote once per key: the commit is the diff the route’s preview showed, audited as the UI’s promotion is', async () => {
    const before = head();
    const { body: shown } = await request(backend.server)
      .post(`${ROUTES}/promotion/preview`)
      .set('Authorization', as(RELEASE_MANAGER))
      .send({ from: staging, to: prod });
    const input = {
      entityRef: ENTITY,
      from: staging,
      to: prod,
      confirmation: 'payments-api-prod',
      override: { reason: REASON },
      idempotencyKey: key(),
    };
    const [first, again] = await Promise.all([
      invoke(RELEASE_MANAGER, 'promote', input),
      invoke(RELEASE_MANAGER, 'promote', input),
    ]);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(
      [first.body.output.replayed, again.body.output.replayed].sort(),
    ).toEqual([false, true]);
    expect(first.body.output.overridden).toEqual({
      gates: ['error-budget'],
      reason: REASON,
    });

    const commits = gitLog(backend.repository.path, [
      `${before}..main`,
      '--format=%H',
    ])
      .trim()
      .split('\n');
    expect(commits).toHaveLength(1);
    const changed = gitLog(backend.repository.path, [
      '-1',
      '-p',
      '--format=',
      commits[0],
    ]);
    // Every changed line of the commit is a line of the diff the preview showed.
    const changes = (diff: string) =>
      diff
        .split('\n')
        .filter(line => /^[-+]\s/.test(line))
        .map(line => line.trimEnd());
    expect(changes(changed)).toEqual(changes(shown.gitops.diff));
    expect(changes(changed)).toEqual([
      '-    newTag: "1.7.2"',
      '+    newTag: "1.8.0"',
      expect.stringMatching(/^\+\s+digest: sha256:[0-9a-f]{64}$/),
    ]);

    const events = backend.audit.filter(
      e => e.eventId === 'promotion' && e.result === 'succeeded',
    );
    expect(events.at(-1)).toMatchObject({
      meta: { actor: RELEASE_MANAGER, entityRef: ENTITY, action: 'promote' },
      resultMeta: {
        target: { from: staging, to: prod, override: { reason: REASON } },
        overridden: { gates: ['error-budget'], reason: REASON },
      },
    });
  });
});
