import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  workspaceFolder,
  writeGeneratedFiles,
} from '../files/writeGeneratedFiles';
import { argoCdApplicationName, generateGitOps } from '../generators/gitops';
import type { DeliveryScaffolderSettings } from '../settings';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { serviceInputSchema } from '../spec/serviceInput';
import { examples } from './generateGitOpsAction.examples';

/** Workspace folder that mirrors the GitOps repository unless the step names another. */
export const DEFAULT_GITOPS_FOLDER = 'gitops';

/**
 * `go-delivery:gitops:generate`: the service's folder of the GitOps repository (`apps/<name>`),
 * written below the workspace folder at the same path.
 */
export function createGenerateGitOpsAction(options: {
  settings: DeliveryScaffolderSettings;
}) {
  return createTemplateAction({
    id: 'go-delivery:gitops:generate',
    description:
      "Generates the service's GitOps folder: Kustomize base and dev/staging/prod overlays, an Argo Rollouts canary with Prometheus analysis (or a Deployment), Services, HPA, PDB, ExternalSecret, and one Argo CD Application per environment.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z => serviceInputSchema(z),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace folder standing for the GitOps repository. Default: ${DEFAULT_GITOPS_FOLDER}`,
            ),
      },
      output: {
        path: z =>
          z
            .string()
            .describe(
              "Workspace folder holding the service's GitOps files (to publish)",
            ),
        gitopsPath: z =>
          z.string().describe("The service's folder in the GitOps repository"),
        repoUrl: z => z.string().describe('Clone URL of the GitOps repository'),
        applications: z =>
          z.array(z.string()).describe('Names of the Argo CD Applications'),
      },
    },
    async handler(ctx) {
      const spec = resolveGoServiceSpec(
        ctx.input.service,
        options.settings,
        ctx.task,
      );
      const targetPath = ctx.input.targetPath ?? DEFAULT_GITOPS_FOLDER;
      const files = generateGitOps(spec);
      await writeGeneratedFiles(
        workspaceFolder(ctx.workspacePath, targetPath),
        files,
      );
      ctx.logger.info(
        `Generated ${files.length} GitOps files of ${
          spec.name
        } (${spec.environments.join(', ')}, ${
          spec.canary ? 'canary' : 'no canary'
        }) into ${targetPath}/${spec.gitopsPath}`,
      );
      ctx.output('path', `${targetPath}/${spec.gitopsPath}`);
      ctx.output('gitopsPath', spec.gitopsPath);
      ctx.output('repoUrl', spec.gitopsRepoUrl);
      ctx.output(
        'applications',
        spec.environments.map(env => argoCdApplicationName(spec.name, env)),
      );
    },
  });
}
