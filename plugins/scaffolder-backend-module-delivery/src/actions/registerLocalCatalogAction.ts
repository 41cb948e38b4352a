import { AuthService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CatalogService,
  locationSpecToMetadataName,
} from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readFile } from 'node:fs/promises';
import yaml from 'yaml';
import { catalogConflicts } from '../conflicts/catalogConflicts';
import { overwriteRefusal } from '../conflicts/taskMarker';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { CATALOG_INFO_FILE } from './writeCatalogInfoAction';
import { examples } from './registerLocalCatalogAction.examples';

const DEFAULT_WAIT_SECONDS = 30;
const POLL_MS = 500;

/** The refs of the entities the file declares, in the order of its documents. */
async function readEntityRefs(file: string): Promise<CompoundEntityRef[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError(
      `${file} does not exist; publish the repository before registering it`,
    );
  }
  const entities = yaml.parseAllDocuments(text).map(doc => doc.toJS());
  try {
    if (entities.length === 0) throw new Error('no documents');
    return entities.map(entity =>
      parseEntityRef({
        kind: entity?.kind,
        namespace: entity?.metadata?.namespace,
        name: entity?.metadata?.name,
      }),
    );
  } catch {
    throw new InputError(`${file} does not describe a catalog entity`);
  }
}

/**
 * `go-delivery:catalog:register-local`: registers a repository of the local publisher in the
 * catalog as a `file` location (the catalog cannot read file:// URLs). An existing registration
 * is refreshed instead of duplicated. An entity of the file that is in the catalog already and
 * was not created by this task is refused: a second location would claim it.
 */
export function createRegisterLocalCatalogAction(options: {
  repositories: LocalGitRepositories;
  catalog: CatalogService;
  auth: AuthService;
}) {
  const { repositories, catalog, auth } = options;
  return createTemplateAction({
    id: 'go-delivery:catalog:register-local',
    description:
      "Registers a local repository's catalog-info.yaml in the catalog as a file location (once; a re-run refreshes it) and waits for the entity; refuses entities already in the catalog that this task did not create.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'file:// URL of the local repository, as go-delivery:publish:local outputs it',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              `Path of the catalog file in the repository. Default: ${CATALOG_INFO_FILE}`,
            ),
        waitSeconds: z =>
          z
            .number()
            .optional()
            .describe(
              `How long to wait for the catalog to show the entity; 0 does not wait. Default: ${DEFAULT_WAIT_SECONDS}`,
            ),
      },
      output: {
        entityRef: z => z.string().describe('Ref of the registered entity'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('The registered location, as the catalog names it'),
      },
    },
    async handler(ctx) {
      const repository = repositories.fromUrl(ctx.input.repoUrl);
      const target = repositories.filePath(
        repository,
        ctx.input.catalogInfoPath ?? CATALOG_INFO_FILE,
      );
      const location = { type: 'file', target };
      ctx.output('catalogInfoUrl', `file:${target}`);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register file:${target} in the catalog`,
        );
        return;
      }
      const entityRefs = (await readEntityRefs(target)).map(ref =>
        stringifyEntityRef(ref),
      );
      const entityRef = entityRefs[0];
      const credentials = await ctx.getInitiatorCredentials();

      const registration = await ctx.checkpoint({
        key: `catalog-register-local.${target}`,
        fn: async () => {
          const conflicts = await catalogConflicts({
            catalog,
            credentials: await auth.getOwnServiceCredentials(),
            entityRefs,
            taskId: ctx.task.id,
          });
          if (conflicts.length > 0) throw overwriteRefusal(conflicts);
          const existing = await catalog.getLocationByRef(`file:${target}`, {
            credentials,
          });
          if (existing) {
            const locationEntity =
              existing.entityRef ||
              `location:default/${locationSpecToMetadataName(location)}`;
            await catalog
              .refreshEntity(locationEntity, { credentials })
              .catch(error =>
                ctx.logger.warn(
                  `Could not refresh ${locationEntity}: ${error.message}`,
                ),
              );
            return { locationId: existing.id, created: false };
          }
          const added = await catalog.addLocation(location, { credentials });
          return { locationId: added.location.id, created: true };
        },
      });
      ctx.logger.info(
        registration.created
          ? `Registered file:${target} in the catalog`
          : `file:${target} was already registered; refreshed it`,
      );

      const waitMs = (ctx.input.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000;
      const waitStarted = Date.now();
      const deadline = waitStarted + waitMs;
      let found = false;
      while (waitMs > 0 && !ctx.signal?.aborted) {
        if (await catalog.getEntityByRef(entityRef, { credentials })) {
          found = true;
          break;
        }
        if (Date.now() >= deadline) break;
        await new Promise(resolve => setTimeout(resolve, POLL_MS));
      }
      if (found) {
        ctx.logger.info(
          `${entityRef} is in the catalog (waited ${
            Date.now() - waitStarted
          } ms)`,
        );
      } else if (waitMs > 0) {
        ctx.logger.warn(
          `${entityRef} is not in the catalog yet; it appears once the catalog has processed file:${target} (check the catalog's rules allow its kind for registered locations)`,
        );
      }
      ctx.output('entityRef', entityRef);
    },
  });
}
