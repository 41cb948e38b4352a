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
import { createPublishLocalAction } from './actions/publishLocalAction';
import { createRegisterArgoCdAction } from './actions/registerArgoCdAction';
import { createRegisterLocalCatalogAction } from './actions/registerLocalCatalogAction';
import { createWriteCatalogInfoAction } from './actions/writeCatalogInfoAction';
import { HostedRepositories } from './conflicts/hostedRepositories';
import { LocalGitRepositories } from './localGit/LocalGitRepositories';
import { readDeliveryScaffolderSettings } from './settings';

/**
 * The Go service template's scaffolder actions: check that nothing of the service exists yet,
 * generate the service, its CI and GitOps files and catalog-info.yaml, register the Argo CD
 * Applications, and publish to local git repositories.
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
        scaffolder.addActions(
          createCheckServiceAction({
            settings,
            clients,
            catalog,
            auth,
            repositories,
            hostedRepositories: new HostedRepositories({
              integrations: ScmIntegrations.fromConfig(config),
            }),
          }),
          createGenerateServiceAction({ settings }),
          createGenerateGitOpsAction({ settings }),
          createWriteCatalogInfoAction({ settings }),
          createRegisterArgoCdAction({ settings, clients, auditor }),
          createPublishLocalAction({
            repositories,
            defaultCommitMessage: settings.git.commitMessage,
            auditor,
          }),
          createRegisterLocalCatalogAction({ repositories, catalog, auth }),
        );
      },
    });
  },
});
