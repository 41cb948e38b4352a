import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  CatalogService,
  locationSpecToMetadataName,
} from '@backstage/plugin-catalog-node';
import {
  ActionContext,
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { JsonValue } from '@backstage/types';
import { PUBLISH_TARGETS } from '../spec/serviceInput';
import { CATALOG_INFO_FILE } from './writeCatalogInfoAction';
import { examples } from './registerCatalogAction.examples';

/**
 * `go-delivery:catalog:register`: registers the service's catalog file for the host the form
 * chose. `local` registers the local repository's file as a `file` location
 * (go-delivery:catalog:register-local, which also waits for the entity); `github` and `gitlab`
 * register the file's URL in the repository, as catalog:register does. An existing registration
 * is refreshed instead of added twice, so a retried task registers once.
 */
export function createRegisterCatalogAction(options: {
  /** `go-delivery:catalog:register-local`. */
  registerLocal: TemplateAction<any, any, any>;
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
}) {
  const { registerLocal, catalog, integrations } = options;
  return createTemplateAction({
    id: 'go-delivery:catalog:register',
    description:
      "Registers the service's catalog-info.yaml in the catalog for the chosen host: a file location for local repositories, the file's URL for GitHub and GitLab.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        target: z =>
          z.enum(PUBLISH_TARGETS).describe('Where the repositories live'),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'file:// URL of the local repository (go-delivery:service:publish output remoteUrl); required for local',
            ),
        repoContentsUrl: z =>
          z
            .string()
            .optional()
            .describe(
              "URL of the hosted repository's files (go-delivery:service:publish output repoContentsUrl); required for github and gitlab",
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
            .min(0)
            .optional()
            .describe(
              'How long to wait for the catalog to show a local entity; 0 does not wait. Default: 30',
            ),
      },
      output: {
        entityRef: z =>
          z.string().optional().describe('Ref of the registered entity'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('The registered location, as the catalog names it'),
      },
    },
    async handler(ctx) {
      const { target } = ctx.input;
      const catalogInfoPath = ctx.input.catalogInfoPath || CATALOG_INFO_FILE;
      if (target === 'local') {
        if (!ctx.input.repoUrl) {
          throw new InputError('repoUrl is required to register for local');
        }
        const outputs: Record<string, JsonValue> = {};
        await registerLocal.handler({
          ...ctx,
          input: {
            repoUrl: ctx.input.repoUrl,
            catalogInfoPath,
            ...(ctx.input.waitSeconds !== undefined
              ? { waitSeconds: ctx.input.waitSeconds }
              : {}),
          },
          output: (name: string, value: JsonValue) => {
            outputs[name] = value;
          },
        } as ActionContext<any, any, any>);
        ctx.output('catalogInfoUrl', String(outputs.catalogInfoUrl));
        if (outputs.entityRef) {
          ctx.output('entityRef', String(outputs.entityRef));
        }
        return;
      }

      const repoContentsUrl = ctx.input.repoContentsUrl;
      if (!repoContentsUrl && ctx.isDryRun) {
        // A dry run publishes nothing to the host, so there is no repository to name yet.
        ctx.logger.info(
          `Dry run: would register ${catalogInfoPath} of the ${target} repository in the catalog`,
        );
        ctx.output('catalogInfoUrl', '');
        return;
      }
      if (!repoContentsUrl) {
        throw new InputError(
          `repoContentsUrl is required to register for ${target}`,
        );
      }
      const integration = integrations.byUrl(repoContentsUrl);
      if (!integration || integration.type !== target) {
        throw new InputError(
          `No ${target} integration found for ${repoContentsUrl}`,
        );
      }
      const catalogInfoUrl = integration.resolveUrl({
        base: repoContentsUrl,
        url: catalogInfoPath.startsWith('/')
          ? catalogInfoPath
          : `/${catalogInfoPath}`,
      });
      ctx.output('catalogInfoUrl', catalogInfoUrl);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register ${catalogInfoUrl} in the catalog`,
        );
        return;
      }
      const location = { type: 'url', target: catalogInfoUrl };
      const credentials = await ctx.getInitiatorCredentials();
      const created = await ctx.checkpoint({
        key: `catalog-register.${catalogInfoUrl}`,
        fn: async () => {
          const existing = await catalog.getLocationByRef(
            `url:${catalogInfoUrl}`,
            { credentials },
          );
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
            return false;
          }
          await catalog.addLocation(location, { credentials });
          return true;
        },
      });
      ctx.logger.info(
        created
          ? `Registered ${catalogInfoUrl} in the catalog`
          : `${catalogInfoUrl} was already registered; refreshed it`,
      );
      // The entity the location declares, as catalog:register finds it: read, not stored.
      const entities = await catalog
        .addLocation({ ...location, dryRun: true }, { credentials })
        .then(result => result.entities)
        .catch(error => {
          ctx.logger.warn(
            `Could not read the entities of ${catalogInfoUrl}: ${error.message}`,
          );
          return [];
        });
      const entity =
        entities.find(
          e =>
            !e.metadata.name.startsWith('generated-') && e.kind === 'Component',
        ) ?? entities.find(e => !e.metadata.name.startsWith('generated-'));
      if (entity) ctx.output('entityRef', stringifyEntityRef(entity));
    },
  });
}
