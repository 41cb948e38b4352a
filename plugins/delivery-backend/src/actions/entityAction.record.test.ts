import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { deliveryRollbackPermission } from '@go-delivery/plugin-delivery-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { EntityClaims } from '../binding/entityClaims';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { ActionEventSink } from '../services/dora/DeliveryEventRecorder';
import { readObjectBody, requiredString } from '../routes/bodyFields';
import { ActionLedger } from './ActionLedger';
import { entityAction } from './entityAction';
import { ServiceAccess } from './serviceAccess';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const catalog = catalogServiceMock.mock({
  async getEntityByRef(ref) {
    const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
    return wanted === stringifyEntityRef(entity) ? entity : undefined;
  },
});

/**
 * The action frame records what an action did for the DORA figures through the route's `record`
 * hook: once per performed action, never for a replayed answer or a failed action.
 */
describe('entityAction record hook', () => {
  it('records a performed action once, and nothing for a replay or a failure', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(mockServices.database({ knex }));
    const logger = mockServices.logger.mock();
    const recordAction = jest.fn<
      ReturnType<ActionEventSink['recordAction']>,
      Parameters<ActionEventSink['recordAction']>
    >(async () => undefined);
    const act = jest.fn(async (target: string) => {
      if (target === 'broken') throw new Error('upstream refused');
      return { message: `rolled ${target} back` };
    });
    const router = Router();
    router.post(
      '/entities/:kind/:namespace/:name/act',
      entityAction(
        {
          httpAuth: mockServices.httpAuth({
            pluginId: 'delivery',
            defaultCredentials: mockCredentials.user('user:default/alice'),
          }),
          auditor: mockServices.auditor.mock(),
          catalog,
          permissions: mockServices.permissions(),
          actions: new ActionLedger({ knex, logger }),
          serviceAccess: new ServiceAccess([]),
          claims: new EntityClaims({
            catalog,
            auth: mockServices.auth(),
            logger,
          }),
          deliveryEvents: { recordAction },
        },
        {
          eventId: 'test-action',
          severity: 'high',
          parse: req => {
            const values = readObjectBody(req.body, [
              'target',
              'idempotencyKey',
            ]);
            return {
              target: requiredString(values, 'target'),
              idempotencyKey: requiredString(values, 'idempotencyKey'),
            };
          },
          permission: () => deliveryRollbackPermission,
          once: body => ({
            idempotencyKey: body.idempotencyKey,
            lock: `test:${body.target}`,
            description: `An action on ${body.target}`,
          }),
          act: ({ body }) => act(body.target),
          record: ({ body, result }) => ({
            kind: 'rollback',
            instance: 'prod',
            application: body.target,
            summary: result.message,
          }),
        },
      ),
    );
    const app = express();
    app.use(express.json());
    app.use(router);
    app.use(mockErrorHandler());
    const send = (target: string, idempotencyKey: string) =>
      request(app)
        .post('/entities/component/default/payments-api/act')
        .send({ target, idempotencyKey });

    await send('payments-api-prod', 'key-00000001').expect(200);
    // The same submission again (a retry, a double click) is answered from the ledger.
    const replay = await send('payments-api-prod', 'key-00000001').expect(200);
    expect(replay.body.replayed).toBe(true);
    // A failed action records nothing.
    await send('broken', 'key-00000002').expect(500);

    expect(act).toHaveBeenCalledTimes(2);
    expect(recordAction).toHaveBeenCalledTimes(1);
    expect(recordAction).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      requestKey: 'user:default/alice\nkey-00000001',
      action: {
        kind: 'rollback',
        instance: 'prod',
        application: 'payments-api-prod',
        summary: 'rolled payments-api-prod back',
      },
      // Who acted: their notification leaves them out.
      actor: 'user:default/alice',
    });
    await knex.destroy();
  });
});
