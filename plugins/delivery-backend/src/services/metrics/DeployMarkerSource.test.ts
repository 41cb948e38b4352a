import { mockServices } from '@backstage/backend-test-utils';
import { FakeArgoCd, loadArgoCdFixtures } from '@go-delivery/sandbox';
import { readDeliveryTargets } from '@go-delivery/plugin-delivery-common';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { CachedLoader } from '../../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { DeploymentsReader } from '../deployments/DeploymentsReader';
import { ArgoCdDeployMarkerSource } from './DeployMarkerSource';
import { component } from './__testUtils__/goldenSignalsScenario';
import { createArgoCdClients } from '@go-delivery/plugin-delivery-node';

describe('ArgoCdDeployMarkerSource', () => {
  const fixtures = loadArgoCdFixtures();
  let prod: FakeArgoCd;

  beforeAll(async () => {
    prod = await FakeArgoCd.start({
      name: 'prod',
      fixtures: fixtures.prod,
      tokens: ['t'],
    });
  });

  afterAll(async () => {
    await prod.stop();
  });

  function source(instances: Array<{ name: string; url: string }>) {
    const deployments = new DeploymentsReader({
      argocd: new ArgoCdReads({
        instances: new InstanceRegistry(
          'argocd',
          createArgoCdClients({
            instances: instances.map(i => ({
              ...i,
              auth: { type: 'token', token: 't' },
              timeoutMs: 1000,
            })),
            sessionLifetimeMs: 60_000,
          }),
        ),
        loader: new CachedLoader({
          cache: mockServices.cache.mock(),
          ttlMs: 0,
          logger: mockServices.logger.mock(),
        }),
      }),
    });
    return new ArgoCdDeployMarkerSource(deployments);
  }

  it('gives one marker per Argo CD history entry, naming application, instance and destination namespace', async () => {
    const entity = component('orders-api', {
      'argocd/app-name': 'orders-api-prod',
    });
    const { markers, failures } = await source([
      { name: 'prod', url: prod.url },
    ]).getDeployMarkers(readDeliveryTargets(entity));
    expect(failures).toEqual([]);
    const history = fixtures.prod.applications['orders-api-prod'].status
      .history as any[];
    // The application view lists history newest first; the order carries no meaning for markers.
    expect([...markers].sort((a, b) => a.id! - b.id!)).toEqual(
      history.map(entry => ({
        deployedAt: entry.deployedAt,
        revision: entry.revision,
        id: entry.id,
        application: 'orders-api-prod',
        instance: 'prod',
        // The deploy is judged on this namespace's series.
        namespace: 'orders',
      })),
    );
  });

  it('passes on an Argo CD instance that is down as a failure', async () => {
    const entity = component('orders-api', {
      'argocd/app-name': 'orders-api-prod',
    });
    const { markers, failures } = await source([
      { name: 'prod', url: prod.url },
      { name: 'dr', url: 'http://127.0.0.1:9' },
    ]).getDeployMarkers(readDeliveryTargets(entity));
    expect(markers.every(m => m.instance === 'prod')).toBe(true);
    expect(failures).toMatchObject([
      { kind: 'argocd', instance: 'dr', reason: 'unreachable' },
    ]);
  });
});
