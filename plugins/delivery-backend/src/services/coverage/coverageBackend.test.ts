import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { deliveryTestPlugin } from '../../__testUtils__/deliveryTestPlugin';
import { ACTION_LEDGER_SWEEP_TASK_ID } from '../../actions/scheduleActionLedgerSweep';
import { DORA_COLLECTION_TASK_ID } from '../dora/scheduleDoraCollection';
import { COVERAGE_PRUNE_TASK_ID } from './scheduleCoveragePrune';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const upload = (commit: string) =>
  `/api/delivery/coverage?entity=component:default/payments-api&commit=${commit.repeat(
    40,
  )}&branch=main&format=lcov`;
const LCOV = 'SF:src/a.ts\nDA:1,1\nDA:2,1\nDA:3,0\nend_of_record\n';

/*
 * The coverage pieces inside a real backend (framework HTTP router, auth policy, error handler,
 * database service and scheduler), wired the way the Delivery plugin wires them: the coverage
 * routes in front of the JSON body parser.
 */

describe('coverage in a running backend', () => {
  async function start() {
    const scheduler = mockServices.scheduler.mock();
    const { server } = await startTestBackend({
      features: [
        deliveryTestPlugin(),
        catalogServiceMock.factory({ entities: [entity] }),
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            delivery: {
              // The mock service token is CI's: bound to this entity's coverage.
              serviceAccess: [
                {
                  subject: 'external:test-service',
                  actions: ['delivery.coverage.upload'],
                  entities: ['component:default/payments-api'],
                },
              ],
              coverage: {
                defaultThreshold: 70,
                maxUploadBytes: 200,
                keepReports: 1,
                maxFiles: 2,
              },
            },
          },
        }),
      ],
    });
    return { server, scheduler };
  }

  it('stores uploads with a service token, serves them to users, prunes on schedule', async () => {
    const { server, scheduler } = await start();
    for (const commit of ['1', '2']) {
      const res = await request(server)
        .post(upload(commit))
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'text/plain')
        .send(LCOV)
        .expect(201);
      expect(res.body.report).toMatchObject({ percent: 66.67, passed: false });
      expect(res.body.threshold).toEqual({ percent: 70, source: 'config' });
    }

    const history = () =>
      request(server)
        .get(
          '/api/delivery/entities/component/default/payments-api/coverage/history',
        )
        .set('Authorization', mockCredentials.user.header())
        .expect(200);
    expect((await history()).body.points).toHaveLength(2);

    // The coverage prune, the action ledger's sweep and the DORA collector, each once across
    // replicas.
    expect(
      scheduler.scheduleTask.mock.calls.map(([t]) => [t.id, t.scope]),
    ).toEqual([
      [ACTION_LEDGER_SWEEP_TASK_ID, 'global'],
      [DORA_COLLECTION_TASK_ID, 'global'],
      [COVERAGE_PRUNE_TASK_ID, 'global'],
    ]);
    const [task] = scheduler.scheduleTask.mock.calls.find(
      ([t]) => t.id === COVERAGE_PRUNE_TASK_ID,
    )!;
    expect(task).toMatchObject({
      id: COVERAGE_PRUNE_TASK_ID,
      scope: 'global',
      frequency: { hours: 1 },
    });
    await task.fn(new AbortController().signal);
    expect((await history()).body.points.map((p: any) => p.commit)).toEqual([
      '2'.repeat(40),
    ]);

    const latest = await request(server)
      .get('/api/delivery/entities/component/default/payments-api/coverage')
      .set('Authorization', mockCredentials.user.header())
      .expect(200);
    expect(latest.body.latest.packages).toEqual([
      { name: 'src', covered: 2, total: 3, percent: 66.67 },
    ]);
    const files = await request(server)
      .get(
        '/api/delivery/entities/component/default/payments-api/coverage/files?package=src',
      )
      .set('Authorization', mockCredentials.user.header())
      .expect(200);
    expect(files.body.files).toEqual([
      { path: 'src/a.ts', covered: 2, total: 3, percent: 66.67 },
    ]);
  });

  it('refuses a report of more files than delivery.coverage.maxFiles', async () => {
    const { server } = await start();
    const res = await request(server)
      .post(upload('5'))
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'text/plain')
      .send(
        ['a', 'b', 'c'].map(f => `SF:${f}\nDA:1,1\nend_of_record\n`).join(''),
      )
      .expect(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message:
        'Malformed LCOV at line 7: the report lists more than 2 files (delivery.coverage.maxFiles)',
    });
  });

  it('answers 413 through the framework error handler', async () => {
    const { server } = await start();
    const res = await request(server)
      .post(upload('3'))
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'text/plain')
      .send(LCOV.repeat(10))
      .expect(413);
    expect(res.body).toMatchObject({
      error: {
        name: 'PayloadTooLargeError',
        message:
          'The coverage report is larger than the limit of 200 bytes (delivery.coverage.maxUploadBytes)',
      },
      response: { statusCode: 413 },
    });
  });

  it('answers 401 to an upload without a token', async () => {
    const { server } = await start();
    const res = await request(server)
      .post(upload('4'))
      .set('Authorization', mockCredentials.none.header())
      .send(LCOV);
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
  });
});
