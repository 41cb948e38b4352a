import { shippingDeploymentsResponse } from '../../testing/viewModels';
import { groupByApplicationSet } from './groupByApplicationSet';

describe('groupByApplicationSet', () => {
  it('gathers the applications of one ApplicationSet where the first of them stands', () => {
    const groups = groupByApplicationSet(shippingDeploymentsResponse);
    expect(
      groups.map(g => [g.appSet?.name, g.applications.map(a => a.name)]),
    ).toEqual([
      ['shipping-api-prod', ['shipping-api-prod-eu', 'shipping-api-prod-us']],
      [undefined, ['shipping-api-staging']],
    ]);
  });

  it('leaves an application alone when its ApplicationSet is not in the answer', () => {
    const groups = groupByApplicationSet({
      applications: shippingDeploymentsResponse.applications,
    });
    expect(groups.map(g => g.applications.length)).toEqual([1, 1, 1]);
    expect(groups.every(g => g.appSet === undefined)).toBe(true);
  });

  it('keeps ApplicationSets of the same name on two instances apart', () => {
    const [appSet] = shippingDeploymentsResponse.applicationSets!;
    const [eu] = shippingDeploymentsResponse.applications;
    const groups = groupByApplicationSet({
      applications: [eu, { ...eu, instance: 'dr' }],
      applicationSets: [appSet, { ...appSet, instance: 'dr' }],
    });
    expect(
      groups.map(g => [g.appSet?.instance, g.applications.length]),
    ).toEqual([
      ['prod', 1],
      ['dr', 1],
    ]);
  });
});
