import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { KubernetesTarget } from '@go-delivery/plugin-delivery-common';
import { UpstreamError } from '@go-delivery/plugin-delivery-node';
import { REFERENCE_DIR } from '@go-delivery/sandbox/src/paths';
import { Knex } from 'knex';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ProductionTargets } from '../../actions/confirmation';
import { testComponent } from '../../__testUtils__/routeTestServices';
import { storeTestDatabases } from '../../__testUtils__/storeDatabases';
import { applyDatabaseMigrations } from '../../database/applyDatabaseMigrations';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { CachedLoader } from '../../upstreams/cache/CachedLoader';
import { fanOut } from '../../upstreams/fanOut';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { DeliveryNotifier } from '../notifications/DeliveryNotifier';
import { readNotificationConfig } from '../notifications/notificationConfig';
import { RolloutResource } from '../rollouts/argoRolloutsTypes';
import { abortMessage } from '../rollouts/RolloutActions';
import { toRolloutView } from '../rollouts/toRolloutView';
import { DeliveryEventRecorder } from './DeliveryEventRecorder';
import { DoraCollector } from './DoraCollector';
import {
  RolloutAbortEvents,
  rolloutAbortId,
  RolloutsSource,
} from './rolloutAbortEvents';

jest.setTimeout(120_000);

/*
 * The collector's abort events, read off the Argo Rollouts reference examples (unmodified
 * captures; see reference/SOURCES.md) through a stand-in of the rollouts reader: each cluster's
 * objects become views with the reader's own view model, and clusters fail the way the reader's
 * fan-out reports them.
 */

const DIR = join(REFERENCE_DIR, 'examples', 'argo-rollouts');
const objects: any[] = readdirSync(DIR)
  .sort()
  .flatMap(file =>
    parseAllDocuments(readFileSync(join(DIR, file), 'utf8'), {
      schema: 'yaml-1.1',
    }).map(d => d.toJS()),
  );
const ofKind = (kind: string) => objects.filter(o => o.kind === kind);
const ROLLOUTS: RolloutResource[] = ofKind('Rollout');
const ABORTED = 'rollout-background-analysis';
const RUN = 'rollout-background-analysis-db976bc44-2';
const ABORTED_AT = '2020-09-22T09:10:05.000Z';
/** Twenty minutes after the abort: recent enough to notify. */
const NOW = Date.parse('2020-09-22T09:30:00Z');
const PAYMENTS = 'component:default/payments-api';
const entities = [
  testComponent('payments-api', {
    'backstage.io/kubernetes-id': 'payments-api',
  }),
];

function rollout(name: string): RolloutResource {
  const found = ROLLOUTS.find(r => r.metadata?.name === name);
  if (!found) throw new Error(`no reference Rollout ${name}`);
  return structuredClone(found);
}

/**
 * The reference Rollout as if a person had aborted it: the controller terminated its analysis
 * (a terminated run ends Successful, as argocd-health-terminatedAnalysisRun.yaml shows) and the
 * RolloutAborted condition says no more than the abort.
 */
function abortedByPerson(): RolloutResource {
  const aborted = rollout(ABORTED);
  const status = aborted.status!;
  status.canary!.currentBackgroundAnalysisRunStatus = {
    name: RUN,
    status: 'Successful',
    message: 'run terminated',
  };
  status.conditions = status.conditions!.map(c =>
    c.reason === 'RolloutAborted'
      ? { ...c, message: 'Rollout aborted update to revision 2' }
      : c,
  );
  return aborted;
}

type Cluster = { rollouts: RolloutResource[] } | Error;

/** The rollouts reader, in memory: clusters by name, each with its Rollouts or its failure. */
function referenceReader(clusters: Record<string, Cluster>) {
  const reader: RolloutsSource & { targets: KubernetesTarget[] } = {
    targets: [],
    async listRollouts(target) {
      reader.targets.push(target!);
      const read = await fanOut({
        kind: 'kubernetes',
        clients: Object.keys(clusters).map(name => ({ name })),
        read: async ({ name }) => {
          const cluster = clusters[name];
          if (cluster instanceof Error) throw cluster;
          return cluster.rollouts.map(r =>
            toRolloutView({
              cluster: name,
              rollout: r,
              replicaSets: ofKind('ReplicaSet'),
              analysisRuns: ofKind('AnalysisRun'),
              confirmationRequired: false,
            }),
          );
        },
      });
      return {
        rollouts: read.results.flatMap(r => r.value),
        failures: read.failures,
        clusters: read.instances,
      };
    },
  };
  return reader;
}

const unreachable = (name: string) =>
  new UpstreamError({
    kind: 'kubernetes',
    instance: name,
    reason: 'unreachable',
    detail: 'connect ECONNREFUSED 127.0.0.1:6443',
  });

describe('the Argo Rollouts reference examples, as the view tells an abort', () => {
  it('names the failed AnalysisRun of the aborted canary, and of no other Rollout', () => {
    const views = ROLLOUTS.map(r =>
      toRolloutView({
        cluster: 'ref',
        rollout: r,
        replicaSets: [],
        analysisRuns: [],
        confirmationRequired: false,
      }),
    );
    expect(views.filter(v => v.aborted).map(v => v.name)).toEqual([ABORTED]);
    expect(views.find(v => v.name === ABORTED)).toMatchObject({
      phase: 'Degraded',
      abortedAt: '2020-09-22T09:10:05Z',
      abortedByAnalysis: {
        analysisRun: RUN,
        message:
          'metric "web" assessed Failed due to failed (1) > failureLimit (0)',
      },
    });
    expect(views.filter(v => v.abortedByAnalysis)).toHaveLength(1);
    const person = toRolloutView({
      cluster: 'ref',
      rollout: abortedByPerson(),
      replicaSets: [],
      analysisRuns: [],
      confirmationRequired: false,
    });
    expect(person.aborted).toBe(true);
    expect(person.abortedByAnalysis).toBeUndefined();
  });
});

const databases = storeTestDatabases();

describe.each(databases.eachSupportedId())(
  'the collector of aborted Rollouts on %s',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await applyDatabaseMigrations(mockServices.database({ knex }));
    });

    beforeEach(async () => {
      await knex('delivery_events').delete();
      await knex('delivery_event_collections').delete();
    });

    /** One backend replica's collector (and recorder of actions) on the shared database. */
    function replica(
      reader: RolloutsSource,
      send: NotificationService['send'],
      now = NOW,
    ) {
      const store = new DeliveryEventStore(knex);
      const productionTargets = new ProductionTargets();
      const logger = mockServices.logger.mock();
      const notifier = new DeliveryNotifier({
        notifications: { send },
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        logger,
        config: readNotificationConfig(new ConfigReader({})),
        now: () => now,
      });
      const collector = new DoraCollector({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        // No Argo CD instance: the entity names none, and only its Rollouts are read.
        argocd: new ArgoCdReads({
          instances: new InstanceRegistry('argocd', []),
          loader: new CachedLoader({
            cache: mockServices.cache.mock(),
            ttlMs: 0,
            logger,
          }),
        }),
        store,
        logger,
        config: { maxEntitiesPerPass: 100, maxRevisionReadsPerPass: 100 },
        now: () => now,
        notifier,
        rolloutAborts: new RolloutAbortEvents({
          rollouts: reader,
          store,
          productionTargets,
        }),
      });
      const recorder = new DeliveryEventRecorder({
        store,
        productionTargets,
        logger,
        now: () => now,
        notifier,
      });
      return { store, collector, recorder };
    }

    const stored = (store: DeliveryEventStore) =>
      store.listEvents({
        entityRefs: [PAYMENTS],
        from: new Date(0),
        to: new Date(NOW),
      });
    const titles = (send: jest.Mock) =>
      send.mock.calls.map((c: any[]) => c[0].payload.title);

    it('records a canary its analysis aborted once, naming the AnalysisRun, and notifies its owners once', async () => {
      const send = jest.fn(async () => {});
      const reader = referenceReader({ ref: { rollouts: ROLLOUTS } });
      const { store, collector } = replica(reader, send);

      const first = await collector.collect();
      expect(first).toEqual({
        entities: 1,
        events: 1,
        failures: [],
        deferred: 0,
      });
      // The reader was asked for the entity's Rollouts, as the Delivery tab asks.
      expect(reader.targets).toEqual([
        {
          kubernetesId: 'payments-api',
          labelSelector: 'backstage.io/kubernetes-id=payments-api',
        },
      ]);
      const uid = rollout(ABORTED).metadata!.uid!;
      expect(await stored(store)).toEqual([
        {
          id: rolloutAbortId(
            PAYMENTS,
            { cluster: 'ref', namespace: 'default', name: ABORTED, uid },
            ABORTED_AT,
          ),
          kind: 'abort',
          entityRef: PAYMENTS,
          environment: 'default',
          at: ABORTED_AT,
          source: 'argo-rollouts',
          summary: `Rollout '${ABORTED}' (ref/default) aborted by analysis (AnalysisRun ${RUN}): metric "web" assessed Failed due to failed (1) > failureLimit (0)`,
        },
      ]);
      expect(send).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: PAYMENTS },
        payload: expect.objectContaining({
          title: `Canary of payments-api aborted by analysis (AnalysisRun ${RUN})`,
          link: '/catalog/default/component/payments-api/delivery',
          severity: 'high',
          topic: 'delivery:abort',
        }),
      });

      // The Rollout stays aborted: the next pass finds the abort recorded.
      const second = await collector.collect();
      expect(second.events).toBe(0);
      expect(await stored(store)).toHaveLength(1);
      expect(send).toHaveBeenCalledTimes(1);
    });

    it('two replicas passing at once over one store send one notification', async () => {
      const send = jest.fn(async () => {});
      const reader = referenceReader({ ref: { rollouts: ROLLOUTS } });
      const [a, b] = [replica(reader, send), replica(reader, send)];
      await Promise.all([a.collector.collect(), b.collector.collect()]);
      await b.collector.collect();
      expect(await stored(a.store)).toHaveLength(1);
      expect(titles(send)).toEqual([
        `Canary of payments-api aborted by analysis (AnalysisRun ${RUN})`,
      ]);
    });

    it('records nothing for healthy, paused, progressing or stalled Rollouts', async () => {
      const send = jest.fn(async () => {});
      const others = ROLLOUTS.filter(r => r.metadata?.name !== ABORTED);
      expect(others.map(r => r.metadata?.name).sort()).toEqual([
        'bluegreen-demo',
        'canary-demo',
        'example-rollout-canary',
        'guestbook-canary',
        'rollout-experiment-analysis',
        'rollouts-demo',
      ]);
      const { store, collector } = replica(
        referenceReader({ ref: { rollouts: others } }),
        send,
      );
      expect(await collector.collect()).toMatchObject({
        events: 0,
        failures: [],
      });
      expect(await stored(store)).toEqual([]);
      expect(send).not.toHaveBeenCalled();
      expect((await store.collectedAt([PAYMENTS])).has(PAYMENTS)).toBe(true);
    });

    it('records the clusters that answer when another fails', async () => {
      const send = jest.fn(async () => {});
      const { store, collector } = replica(
        referenceReader({
          broken: unreachable('broken'),
          ref: { rollouts: ROLLOUTS },
          dr: { rollouts: [rollout(ABORTED)] },
        }),
        send,
      );
      const summary = await collector.collect();
      expect(summary.failures).toEqual([
        expect.objectContaining({
          entityRef: PAYMENTS,
          kind: 'kubernetes',
          instance: 'broken',
          reason: 'unreachable',
        }),
      ]);
      // The same Rollout on two clusters: one abort each.
      const recorded = await stored(store);
      expect(recorded.map(e => e.summary.split(' aborted')[0]).sort()).toEqual([
        `Rollout '${ABORTED}' (dr/default)`,
        `Rollout '${ABORTED}' (ref/default)`,
      ]);
      expect(send).toHaveBeenCalledTimes(2);
      // Not marked collected: the failed cluster may hold aborts this pass did not see.
      expect((await store.collectedAt([PAYMENTS])).size).toBe(0);
    });

    it("does not record again an abort the portal's action recorded; any other says it was aborted", async () => {
      const send = jest.fn(async () => {});
      const reader = referenceReader({
        ref: { rollouts: [abortedByPerson()] },
      });
      // The action records as it answers, seconds before the controller stamps `abortedAt`.
      const portal = replica(reader, send, Date.parse(ABORTED_AT) - 3_000);
      await portal.recorder.recordAction({
        entityRef: PAYMENTS,
        requestKey: 'user:default/alice\nkey-1',
        action: {
          kind: 'abort',
          namespace: 'default',
          name: ABORTED,
          summary: abortMessage(ABORTED, 10),
        },
      });
      const { store, collector } = replica(reader, send);
      expect((await collector.collect()).events).toBe(0);
      expect(
        (await stored(store)).map(e => [e.kind, e.source, e.environment]),
      ).toEqual([['abort', 'action', 'default']]);
      expect(titles(send)).toEqual([
        'Canary of payments-api aborted by user:default/alice',
      ]);

      // Without the portal's record (e.g. `kubectl argo rollouts abort`): one plain abort.
      await knex('delivery_events').delete();
      send.mockClear();
      await collector.collect();
      expect(await stored(store)).toEqual([
        expect.objectContaining({
          kind: 'abort',
          at: ABORTED_AT,
          source: 'argo-rollouts',
          summary: `Rollout '${ABORTED}' (ref/default) aborted: RolloutAborted: Rollout aborted update to revision 2`,
        }),
      ]);
      expect(titles(send)).toEqual(['Canary of payments-api aborted']);
    });

    it("records an abort by analysis even beside the portal's abort of that Rollout", async () => {
      const send = jest.fn(async () => {});
      const reader = referenceReader({ ref: { rollouts: [rollout(ABORTED)] } });
      const portal = replica(reader, send, Date.parse(ABORTED_AT) - 60_000);
      await portal.recorder.recordAction({
        entityRef: PAYMENTS,
        requestKey: 'user:default/alice\nkey-1',
        action: {
          kind: 'abort',
          namespace: 'default',
          name: ABORTED,
          summary: abortMessage(ABORTED, 10),
        },
      });
      // The portal's abort ends the runs (Successful, "run terminated"): a Failed run is analysis'.
      await replica(reader, send).collector.collect();
      expect(
        (await stored(new DeliveryEventStore(knex))).map(e => e.source),
      ).toEqual(['action', 'argo-rollouts']);
    });
  },
);
