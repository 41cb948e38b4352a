import { stringifyEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { catalogInfoEntities } from '../catalogInfo/catalogInfoEntity';
import {
  workspaceFolder,
  writeGeneratedFiles,
} from '../files/writeGeneratedFiles';
import type { DeliveryScaffolderSettings } from '../settings';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { serviceInputSchema } from '../spec/serviceInput';
import { DEFAULT_SERVICE_FOLDER } from './generateServiceAction';
import { examples } from './writeCatalogInfoAction.examples';

export const CATALOG_INFO_FILE = 'catalog-info.yaml';

/**
 * `go-delivery:catalog:write-info`: the service repository's `catalog-info.yaml`, carrying the
 * annotations the Delivery tab reads (Argo CD selector and instance, Kubernetes id, Tekton,
 * coverage and its threshold, metrics service) and the id of the task that creates it.
 */
export function createWriteCatalogInfoAction(options: {
  settings: DeliveryScaffolderSettings;
}) {
  return createTemplateAction({
    id: 'go-delivery:catalog:write-info',
    description:
      "Writes the service's catalog-info.yaml with its owner, system and the annotations of the Delivery tab.",
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
        entityRef: z => z.string().describe('Ref of the new entity'),
        catalogInfoPath: z =>
          z
            .string()
            .describe('Path of catalog-info.yaml in the service repository'),
      },
    },
    async handler(ctx) {
      const spec = resolveGoServiceSpec(
        ctx.input.service,
        options.settings,
        ctx.task,
      );
      const targetPath = ctx.input.targetPath ?? DEFAULT_SERVICE_FOLDER;
      const entities = catalogInfoEntities(spec);
      await writeGeneratedFiles(
        workspaceFolder(ctx.workspacePath, targetPath),
        [
          {
            path: CATALOG_INFO_FILE,
            content: entities
              .map(entity => yaml.stringify(entity))
              .join('---\n'),
          },
        ],
      );
      const entityRef = stringifyEntityRef(entities[0]);
      ctx.logger.info(
        `Wrote ${targetPath}/${CATALOG_INFO_FILE} for ${entityRef}`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoPath', CATALOG_INFO_FILE);
    },
  });
}
