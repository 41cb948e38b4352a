import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createArgoCdClients,
  readArgoCdConfig,
} from '@go-delivery/plugin-delivery-node';
import { createCheckServiceAction } from './actions/checkServiceAction';
import { createGenerateGitOpsAction } from './actions/generateGitOpsAction';
import { createGenerateServiceAction } from './actions/generateServiceAction';
import { hostPublishers } from './actions/hostPublishers';
import { createPublishAction } from './actions/publishAction';
import { createPublishLocalAction } from './actions/publishLocalAction';
import { createRegisterCatalogAction } from './actions/registerCatalogAction';
import { createRegisterArgoCdAction } from './actions/registerArgoCdAction';
import { createRegisterLocalCatalogAction } from './actions/registerLocalCatalogAction';
import { createWriteCatalogInfoAction } from './actions/writeCatalogInfoAction';
import { HostedRepositories } from './conflicts/hostedRepositories';
import { LocalGitRepositories } from './localGit/LocalGitRepositories';
import { readDeliveryScaffolderSettings } from './settings';

/**
 * The Go service template's scaffolder actions: check that nothing of the service exists yet,
 * generate the service, its CI and GitOps files and catalog-info.yaml, register the Argo CD
 * Applications, publish to local git repositories, GitHub or GitLab, and register in the catalog
 * (one publish and one register action whatever the host).
 *
 * @public
 */
export const scaffolderModuleGoDelivery = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'go-delivery',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, auditor, auth, catalog }) {
        const argocd = readArgoCdConfig(config);
        const settings = readDeliveryScaffolderSettings(
          config,
          argocd.instances.map(instance => instance.name),
        );
        const repositories = new LocalGitRepositories({
          directory: settings.localGit.directory,
          identity: {
            name: settings.git.authorName,
            email: settings.git.authorEmail,
          },
        });
        const clients = createArgoCdClients(argocd);
        const integrations = ScmIntegrations.fromConfig(config);
        const publishLocal = createPublishLocalAction({
          repositories,
          defaultCommitMessage: settings.git.commitMessage,
          auditor,
        });
        const registerLocal = createRegisterLocalCatalogAction({
          repositories,
          catalog,
          auth,
        });
        scaffolder.addActions(
          createCheckServiceAction({
            settings,
            clients,
            catalog,
            auth,
            repositories,
            hostedRepositories: new HostedRepositories({ integrations }),
          }),
          createGenerateServiceAction({ settings }),
          createGenerateGitOpsAction({ settings }),
          createWriteCatalogInfoAction({ settings }),
          createRegisterArgoCdAction({ settings, clients, auditor }),
          publishLocal,
          registerLocal,
          createPublishAction({
            publishers: hostPublishers({
              config,
              integrations,
              local: publishLocal,
            }),
            auditor,
          }),
          createRegisterCatalogAction({ registerLocal, catalog, integrations }),
        );
      },
    });
  },
});
