import { AuditorService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { workspaceFolder } from '../files/writeGeneratedFiles';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { audited } from './audited';
import { examples } from './publishLocalAction.examples';

/**
 * `go-delivery:publish:local`: commits a workspace folder to a git repository of the local
 * publisher (`delivery.scaffolder.localGit.directory`), creating the repository when needed.
 * Only a change makes a commit, and the publish is a checkpoint: re-running duplicates nothing.
 * The target is marked with the task's id; one that holds files another task (or anyone) put
 * there is refused rather than replaced.
 */
export function createPublishLocalAction(options: {
  repositories: LocalGitRepositories;
  defaultCommitMessage: string;
  auditor: AuditorService;
}) {
  const { repositories } = options;
  return createTemplateAction({
    id: 'go-delivery:publish:local',
    description:
      'Publishes a workspace folder to a real git repository in the local directory of the portal (no Git host needed); re-running commits only what changed.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'file:// URL of the repository, as go-delivery:service:generate and go-delivery:gitops:generate output it',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Workspace folder to publish. Default: the workspace'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of the repository that the published files replace. Default: the whole repository',
            ),
        commitMessage: z =>
          z
            .string()
            .optional()
            .describe(
              'Commit message. Default: scaffolder.defaultCommitMessage, else "Initial commit"',
            ),
      },
      output: {
        remoteUrl: z => z.string().describe('file:// URL of the repository'),
        repoPath: z =>
          z.string().describe('Path of the repository, for git clone'),
        commitHash: z =>
          z
            .string()
            .describe(
              'The commit now at the head of main (empty in a dry run)',
            ),
        created: z => z.boolean().describe('The repository was created'),
        changed: z => z.boolean().describe('A commit was made'),
      },
    },
    async handler(ctx) {
      const repository = repositories.fromUrl(ctx.input.repoUrl);
      const sourcePath = ctx.input.sourcePath ?? '.';
      const targetPath = ctx.input.targetPath ?? '';
      const sourceDir = workspaceFolder(ctx.workspacePath, sourcePath);
      ctx.output('remoteUrl', repository.url);
      ctx.output('repoPath', repository.path);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish ${sourcePath} to ${repository.path}${
            targetPath ? ` (${targetPath})` : ''
          }`,
        );
        ctx.output('commitHash', '');
        ctx.output('created', false);
        ctx.output('changed', false);
        return;
      }
      const result = await ctx.checkpoint({
        key: `publish-local.${repository.name}.${targetPath || '.'}`,
        fn: async () => {
          const published = await audited(
            options.auditor,
            {
              eventId: 'local-repository-publish',
              meta: {
                repository: repository.path,
                targetPath,
                initiator: ctx.user?.ref ?? null,
              },
            },
            () =>
              repositories.publish({
                repository,
                sourceDir,
                targetPath,
                commitMessage:
                  ctx.input.commitMessage ?? options.defaultCommitMessage,
                taskId: ctx.task.id,
              }),
          );
          return { ...published };
        },
      });
      ctx.logger.info(
        result.changed
          ? `Committed ${result.commitHash} to ${repository.path}${
              result.created ? ' (new repository)' : ''
            }`
          : `${repository.path} already holds these files (${result.commitHash}); nothing to commit`,
      );
      ctx.output('commitHash', result.commitHash);
      ctx.output('created', result.created);
      ctx.output('changed', result.changed);
    },
  });
}
