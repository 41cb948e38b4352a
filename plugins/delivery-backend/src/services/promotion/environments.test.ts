import { ArgoCdClient } from '@go-delivery/plugin-delivery-node';
import { loadArgoCdFixtures } from '@go-delivery/sandbox';
import { ProductionTargets } from '../../actions/confirmation';
import { environmentsInOrder, toEnvironmentView } from './environments';

const prod = loadArgoCdFixtures().prod;
const client = { name: 'prod' } as ArgoCdClient;

function environmentsOf(service: string) {
  const apps = Object.values(prod.applications).filter(
    (app: any) =>
      app.metadata.labels?.['app.kubernetes.io/part-of'] === service,
  );
  return environmentsInOrder(apps.map(app => ({ client, app }))).map(
    application =>
      toEnvironmentView({
        application,
        service,
        productionTargets: new ProductionTargets(),
      }),
  );
}

describe('toEnvironmentView', () => {
  it('shows what each multi-source environment last deployed: the chart version and the values commit', () => {
    const environments = environmentsOf('shipping-api');
    expect(
      environments.map(e => [
        e.environment,
        e.application.application,
        e.image?.tag,
        e.sources?.map(s => s.chart ?? s.ref),
        e.sources?.[0].revision,
      ]),
    ).toEqual([
      [
        'staging',
        'shipping-api-staging',
        '1.4.2',
        ['shipping-api', 'values'],
        '1.4.2',
      ],
      [
        'prod',
        'shipping-api-prod-eu',
        '1.4.2',
        ['shipping-api', 'values'],
        '1.4.2',
      ],
      [
        'prod',
        'shipping-api-prod-us',
        '1.4.1',
        ['shipping-api', 'values'],
        '1.4.1',
      ],
    ]);
    // The values source's commit is the GitOps revision, linked in its repository.
    const us = environments[2];
    expect(us.sources?.[1]).toEqual({
      repoURL: 'https://github.com/example-org/shipping-api-gitops',
      targetRevision: 'main',
      ref: 'values',
      revision: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(us.revisionUrl).toBe(
      `https://github.com/example-org/shipping-api-gitops/commit/${us.sources?.[1].revision}`,
    );
    expect(us.sources?.[0].valueFiles).toEqual([
      '$values/shipping-api/values.yaml',
      '$values/shipping-api/values-prod.yaml',
    ]);
  });

  it("judges production by the application's environment, not by the instance that serves them all", () => {
    // All three live on the instance named `prod`; only the prod ones are production.
    expect(
      environmentsOf('shipping-api').map(e => [
        e.application.application,
        e.productionLike,
      ]),
    ).toEqual([
      ['shipping-api-staging', false],
      ['shipping-api-prod-eu', true],
      ['shipping-api-prod-us', true],
    ]);
  });

  it('leaves sources out for a single-source application, whose revision says it all', () => {
    const [environment] = environmentsOf('orders-api');
    expect(environment.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(environment.sources).toBeUndefined();
  });
});
