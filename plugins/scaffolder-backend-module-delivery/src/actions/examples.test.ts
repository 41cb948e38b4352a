import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { testSettings } from '../__testUtils__/settings';
import { HostedRepositories } from '../conflicts/hostedRepositories';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { createCheckServiceAction } from './checkServiceAction';
import { createGenerateGitOpsAction } from './generateGitOpsAction';
import { createGenerateServiceAction } from './generateServiceAction';
import { hostPublishers } from './hostPublishers';
import { createPublishAction } from './publishAction';
import { createPublishLocalAction } from './publishLocalAction';
import { createRegisterCatalogAction } from './registerCatalogAction';
import { createRegisterArgoCdAction } from './registerArgoCdAction';
import { createRegisterLocalCatalogAction } from './registerLocalCatalogAction';
import { createWriteCatalogInfoAction } from './writeCatalogInfoAction';

const settings = testSettings();
const repositories = new LocalGitRepositories({
  directory: '/srv/repos',
  identity: { name: 'x', email: 'x@example.com' },
});
const auditor = { createEvent: jest.fn() };
const auth = mockServices.auth();
const config = mockServices.rootConfig();
const integrations = ScmIntegrations.fromConfig(config);
const publishLocal = createPublishLocalAction({
  repositories,
  defaultCommitMessage: 'x',
  auditor,
});
const registerLocal = createRegisterLocalCatalogAction({
  repositories,
  catalog: {} as any,
  auth,
});
const actions: TemplateAction<any, any, any>[] = [
  createCheckServiceAction({
    settings,
    clients: [],
    catalog: {} as any,
    auth,
    repositories,
    hostedRepositories: new HostedRepositories({ integrations }),
  }),
  createGenerateServiceAction({ settings }),
  createGenerateGitOpsAction({ settings }),
  createWriteCatalogInfoAction({ settings }),
  createRegisterArgoCdAction({ settings, clients: [], auditor }),
  publishLocal,
  registerLocal,
  createPublishAction({
    publishers: hostPublishers({ config, integrations, local: publishLocal }),
    auditor,
  }),
  createRegisterCatalogAction({
    registerLocal,
    catalog: {} as any,
    integrations,
  }),
];

describe.each(actions.map(action => [action.id, action] as const))(
  '%s',
  (id, action) => {
    it('is a vendor:noun:verb action that supports dry run', () => {
      expect(id).toMatch(/^go-delivery:[a-z]+:[a-z-]+$/);
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples?.length).toBeGreaterThan(0);
    });

    it('has examples that use it with inputs its schema knows', () => {
      const known = Object.keys((action.schema?.input as any).properties);
      for (const { example } of action.examples!) {
        const steps = yaml.parse(example).steps;
        expect(steps.map((s: any) => s.action)).toEqual([id]);
        expect(known).toEqual(
          expect.arrayContaining(Object.keys(steps[0].input)),
        );
      }
    });

    it('has example service values that the actions accept', () => {
      const services = action
        .examples!.map(({ example }) => yaml.parse(example).steps[0].input)
        .map(input => input.service)
        .filter(service => service && !String(service.name).includes('${{'));
      for (const service of services) {
        expect(() => resolveGoServiceSpec(service, settings)).not.toThrow();
      }
    });
  },
);
