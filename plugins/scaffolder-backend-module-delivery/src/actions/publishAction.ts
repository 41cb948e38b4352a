import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ActionContext,
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import { PUBLISH_TARGETS, PublishTarget } from '../spec/serviceInput';
import { audited } from './audited';
import { examples } from './publishAction.examples';

/** Any scaffolder action this one delegates to. */
type InnerAction = TemplateAction<any, any, any>;

/**
 * The actions that publish to each host: the local publisher, and the GitHub and GitLab
 * modules' own (built from the portal's integrations in the module).
 */
export interface Publishers {
  /** `go-delivery:publish:local`. */
  local: InnerAction;
  github: {
    /** `publish:github`: creates the repository and pushes the folder. */
    repository: InnerAction;
    /** `publish:github:pull-request`. */
    change: InnerAction;
  };
  gitlab: {
    /** `publish:gitlab`. */
    repository: InnerAction;
    /** `publish:gitlab:merge-request`. */
    change: InnerAction;
  };
}

const HOST_LABELS = {
  github: {
    repository: 'GitHub repository',
    change: 'pull request',
  },
  gitlab: { repository: 'GitLab project', change: 'merge request' },
} as const;

/**
 * Runs another action's handler in this action's context with its own input, and returns what
 * it output instead of passing it on (this action outputs under its own names).
 */
async function runInner(
  ctx: ActionContext<any, any, any>,
  action: InnerAction,
  input: JsonObject,
): Promise<Record<string, JsonValue>> {
  const outputs: Record<string, JsonValue> = {};
  await action.handler({
    ...ctx,
    input,
    output: (name: string, value: JsonValue) => {
      outputs[name] = value;
    },
  } as ActionContext<any, any, any>);
  return outputs;
}

function required(
  value: string | undefined,
  field: string,
  target: PublishTarget,
): string {
  if (!value) {
    throw new InputError(`${field} is required to publish to ${target}`);
  }
  return value;
}

const DEFAULT_SERVICE_FOLDER = 'service';

/** The repository's description, where each host's publish action takes it. */
function descriptionInput(
  target: 'github' | 'gitlab',
  description: string | undefined,
): JsonObject {
  if (!description) return {};
  return target === 'github' ? { description } : { settings: { description } };
}

/**
 * `go-delivery:service:publish`: publishes the service repository and the GitOps change to the
 * host the form chose, as one step: `local` commits both to git repositories of the local
 * publisher (go-delivery:publish:local); `github` creates the repository (publish:github) and
 * opens a pull request to the GitOps repository (publish:github:pull-request); `gitlab` creates
 * the project (publish:gitlab) and opens a merge request (publish:gitlab:merge-request). The
 * template needs no step per host (Backstage cannot choose a step's action from the form), so
 * the task page lists only what runs.
 */
export function createPublishAction(options: {
  publishers: Publishers;
  auditor: AuditorService;
}) {
  const { publishers } = options;
  return createTemplateAction({
    id: 'go-delivery:service:publish',
    description:
      'Publishes the service repository and the GitOps change to the chosen host: local git repositories, a GitHub repository and pull request, or a GitLab project and merge request.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        target: z =>
          z.enum(PUBLISH_TARGETS).describe('Where the repositories live'),
        repository: z =>
          z
            .object({
              repoUrl: z
                .string()
                .optional()
                .describe(
                  "The form's repository (host?owner=…&repo=…); required for github and gitlab",
                ),
              localRepoUrl: z
                .string()
                .optional()
                .describe(
                  'file:// URL of the local repository, as go-delivery:service:generate outputs it; required for local',
                ),
              sourcePath: z
                .string()
                .optional()
                .describe(
                  `Workspace folder of the service. Default: ${DEFAULT_SERVICE_FOLDER}`,
                ),
              description: z
                .string()
                .optional()
                .describe('Description of the hosted repository'),
              commitMessage: z
                .string()
                .optional()
                .describe('Message of the first commit'),
            })
            .strict()
            .describe('The service repository'),
        gitops: z =>
          z
            .object({
              repoUrl: z
                .string()
                .optional()
                .describe(
                  "The form's GitOps repository (host?owner=…&repo=…); required for github and gitlab",
                ),
              localRepoUrl: z
                .string()
                .optional()
                .describe(
                  'file:// URL of the local GitOps repository, as go-delivery:gitops:generate outputs it; required for local',
                ),
              sourcePath: z
                .string()
                .describe('Workspace folder of the GitOps files'),
              targetPath: z
                .string()
                .describe('Folder of the GitOps repository they replace'),
              branchName: z
                .string()
                .min(1)
                .describe('Branch of the pull or merge request'),
              title: z
                .string()
                .min(1)
                .describe('Title of the change, and its commit message'),
              description: z
                .string()
                .optional()
                .describe('Description of the pull or merge request'),
            })
            .strict()
            .describe('The GitOps change'),
      },
      output: {
        remoteUrl: z =>
          z
            .string()
            .describe(
              'URL of the service repository (file:// for local; empty in a dry run of a hosted target)',
            ),
        repoContentsUrl: z =>
          z
            .string()
            .optional()
            .describe(
              "URL of the hosted repository's files, for catalog registration (github, gitlab)",
            ),
        repoPath: z =>
          z
            .string()
            .optional()
            .describe('Path of the local service repository, for git clone'),
        gitopsRepoPath: z =>
          z
            .string()
            .optional()
            .describe('Path of the local GitOps repository, for git clone'),
        gitopsChangeUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'URL of the GitOps pull request (github) or merge request (gitlab)',
            ),
      },
    },
    async handler(ctx) {
      const { target, repository: service, gitops } = ctx.input;
      const serviceFolder = service.sourcePath ?? DEFAULT_SERVICE_FOLDER;

      if (target === 'local') {
        const published = await runInner(ctx, publishers.local, {
          repoUrl: required(
            service.localRepoUrl,
            'repository.localRepoUrl',
            target,
          ),
          sourcePath: serviceFolder,
          ...(service.commitMessage
            ? { commitMessage: service.commitMessage }
            : {}),
        });
        const gitopsPublished = await runInner(ctx, publishers.local, {
          repoUrl: required(gitops.localRepoUrl, 'gitops.localRepoUrl', target),
          sourcePath: gitops.sourcePath,
          targetPath: gitops.targetPath,
          commitMessage: gitops.title,
        });
        ctx.output('remoteUrl', String(published.remoteUrl));
        ctx.output('repoPath', String(published.repoPath));
        ctx.output('gitopsRepoPath', String(gitopsPublished.repoPath));
        return;
      }

      const host = publishers[target];
      const labels = HOST_LABELS[target];
      const repoUrl = required(service.repoUrl, 'repository.repoUrl', target);
      const gitopsRepoUrl = required(gitops.repoUrl, 'gitops.repoUrl', target);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create the ${labels.repository} ${repoUrl} from ${serviceFolder} and open a ${labels.change} to ${gitopsRepoUrl} (${gitops.targetPath})`,
        );
        ctx.output('remoteUrl', '');
        return;
      }
      const meta = { initiator: ctx.user?.ref ?? null };
      const published = await audited(
        options.auditor,
        {
          eventId: `${target}-repository-publish`,
          meta: { ...meta, repoUrl },
        },
        () =>
          runInner(ctx, host.repository, {
            repoUrl,
            sourcePath: serviceFolder,
            defaultBranch: 'main',
            repoVisibility: 'private',
            ...descriptionInput(target, service.description),
            ...(service.commitMessage
              ? { gitCommitMessage: service.commitMessage }
              : {}),
          }),
      );
      const changeInput: JsonObject = {
        repoUrl: gitopsRepoUrl,
        branchName: gitops.branchName,
        title: gitops.title,
        description: gitops.description ?? gitops.title,
        sourcePath: gitops.sourcePath,
        targetPath: gitops.targetPath,
        ...(target === 'github'
          ? { update: true, commitMessage: gitops.title }
          : {}),
      };
      const change = await audited(
        options.auditor,
        {
          eventId: `${target}-gitops-change`,
          meta: { ...meta, repoUrl: gitopsRepoUrl, branch: gitops.branchName },
        },
        () => runInner(ctx, host.change, changeInput),
      );
      const changeUrl =
        target === 'github' ? change.remoteUrl : change.mergeRequestUrl;
      ctx.logger.info(
        `Created the ${labels.repository} ${published.remoteUrl}; the GitOps ${labels.change} is ${changeUrl}`,
      );
      ctx.output('remoteUrl', String(published.remoteUrl));
      ctx.output('repoContentsUrl', String(published.repoContentsUrl));
      ctx.output('gitopsChangeUrl', String(changeUrl));
    },
  });
}
