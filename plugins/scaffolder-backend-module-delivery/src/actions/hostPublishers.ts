import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  createPublishGithubAction,
  createPublishGithubPullRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import {
  createPublishGitlabAction,
  createPublishGitlabMergeRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { Publishers } from './publishAction';

/**
 * The GitHub and GitLab modules' publish actions, built as those modules build them (the
 * portal's integrations, GitHub credentials through its apps or tokens,
 * `scaffolder.requireScmUserCredentials`), next to the local publisher.
 */
export function hostPublishers(options: {
  config: Config;
  integrations: ScmIntegrationRegistry;
  local: TemplateAction<any, any, any>;
}): Publishers {
  const { config, integrations } = options;
  const requireScmUserCredentials =
    config.getOptionalBoolean('scaffolder.requireScmUserCredentials') ?? false;
  const githubCredentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return {
    local: options.local,
    github: {
      repository: createPublishGithubAction({
        integrations,
        config,
        githubCredentialsProvider,
        requireScmUserCredentials,
      }),
      change: createPublishGithubPullRequestAction({
        integrations,
        githubCredentialsProvider,
        requireScmUserCredentials,
        config,
      }),
    },
    gitlab: {
      repository: createPublishGitlabAction({ integrations, config }),
      change: createPublishGitlabMergeRequestAction({
        integrations,
        requireScmUserCredentials,
      }),
    },
  };
}
