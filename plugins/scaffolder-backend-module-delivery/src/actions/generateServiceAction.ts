import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  workspaceFolder,
  writeGeneratedFiles,
} from '../files/writeGeneratedFiles';
import { generateCi } from '../generators/ci';
import { generateGoService } from '../generators/goService';
import type { GeneratedFile } from '../generators/types';
import type { DeliveryScaffolderSettings } from '../settings';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { serviceInputSchema } from '../spec/serviceInput';
import { examples } from './generateServiceAction.examples';

/** Workspace folder of the service repository unless the step names another. */
export const DEFAULT_SERVICE_FOLDER = 'service';

function withoutDuplicates(files: GeneratedFile[]): GeneratedFile[] {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) {
      throw new Error(`Two generators produced ${file.path}`);
    }
    seen.add(file.path);
  }
  return files;
}

/**
 * `go-delivery:service:generate`: the Go service's repository — code, tests, Makefile, lint
 * config, Dockerfile — and its CI (Tekton with Triggers, or GitHub Actions), into the workspace.
 * Validates the whole input first, so a template fails here before anything is published.
 */
export function createGenerateServiceAction(options: {
  settings: DeliveryScaffolderSettings;
}) {
  return createTemplateAction({
    id: 'go-delivery:service:generate',
    description:
      'Generates a Go service (net/http with health, readiness and Prometheus metrics, graceful shutdown, tests, Makefile, golangci-lint, Dockerfile) and its CI (Tekton or GitHub Actions) into the workspace.',
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
              `Workspace folder of the service repository. Default: ${DEFAULT_SERVICE_FOLDER}`,
            ),
      },
      output: {
        targetPath: z =>
          z.string().describe('Workspace folder the files were written to'),
        repoUrl: z =>
          z.string().describe('Clone URL of the service repository'),
        modulePath: z => z.string().describe('Go module path'),
        fileCount: z => z.number().describe('Number of files written'),
      },
    },
    async handler(ctx) {
      const spec = resolveGoServiceSpec(
        ctx.input.service,
        options.settings,
        ctx.task,
      );
      const targetPath = ctx.input.targetPath ?? DEFAULT_SERVICE_FOLDER;
      const files = withoutDuplicates([
        ...generateGoService(spec),
        ...generateCi(spec),
      ]);
      await writeGeneratedFiles(
        workspaceFolder(ctx.workspacePath, targetPath),
        files,
      );
      ctx.logger.info(
        `Generated ${files.length} files of ${spec.name} (${spec.modulePath}, CI: ${spec.ci}) into ${targetPath}`,
      );
      ctx.output('targetPath', targetPath);
      ctx.output('repoUrl', spec.serviceRepoUrl);
      ctx.output('modulePath', spec.modulePath);
      ctx.output('fileCount', files.length);
    },
  });
}
