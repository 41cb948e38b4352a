import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { ArgoCdClient } from '@go-delivery/plugin-delivery-node';
import { cloneFixtures, loadArgoCdFixtures } from '@go-delivery/sandbox';
import { readRollbackConfig } from './config';
import { GitopsRepositories } from './gitops/GitopsRepositories';
import { applicationsSharingChange } from './sharedGitopsChange';

const fixtures = cloneFixtures(loadArgoCdFixtures().prod);
const prod = { name: 'prod' } as ArgoCdClient;
const dr = { name: 'dr' } as ArgoCdClient;

const root = new ConfigReader({
  delivery: {
    rollback: {
      gitops: {
        local: {
          repositories: [
            {
              url: 'https://github.com/example-org/shipping-api-gitops',
              path: '/nonexistent/shipping-api-gitops',
            },
          ],
        },
      },
    },
  },
});
const repositories = new GitopsRepositories({
  config: readRollbackConfig(root).gitops,
  integrations: ScmIntegrations.fromConfig(root),
  logger: mockServices.logger.mock(),
});

const shipping = (name: string, client = prod) => ({
  client,
  app: fixtures.applications[name],
});
const entityApplications = [
  shipping('shipping-api-staging'),
  shipping('shipping-api-prod-eu'),
  shipping('shipping-api-prod-us'),
];

describe('applicationsSharingChange', () => {
  it("names the ApplicationSet's other cluster, whose Applications render the same values file", () => {
    expect(
      applicationsSharingChange({
        repositories,
        application: shipping('shipping-api-prod-eu'),
        entityApplications,
      }),
    ).toEqual(['shipping-api-prod-us']);
  });

  it('names none for an environment with a values file of its own', () => {
    expect(
      applicationsSharingChange({
        repositories,
        application: shipping('shipping-api-staging'),
        entityApplications,
      }),
    ).toEqual([]);
  });

  it('says which instance holds one elsewhere, and none for a repository it cannot change', () => {
    const elsewhere = {
      ...shipping('shipping-api-prod-us'),
      client: dr,
    };
    expect(
      applicationsSharingChange({
        repositories,
        application: shipping('shipping-api-prod-eu'),
        entityApplications: [...entityApplications, elsewhere],
      }),
    ).toEqual(['shipping-api-prod-us', 'shipping-api-prod-us on dr']);
    // orders-api's repository is not configured: no GitOps change, nothing shared.
    expect(
      applicationsSharingChange({
        repositories,
        application: shipping('orders-api-prod'),
        entityApplications: [shipping('orders-api-prod')],
      }),
    ).toEqual([]);
  });
});
