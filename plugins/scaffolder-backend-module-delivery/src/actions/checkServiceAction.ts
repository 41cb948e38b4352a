import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ArgoCdClient } from '@go-delivery/plugin-delivery-node';
import { catalogInfoEntities } from '../catalogInfo/catalogInfoEntity';
import {
  applicationSetConflicts,
  argoCdConflicts,
} from '../conflicts/argoCdConflicts';
import { catalogConflicts } from '../conflicts/catalogConflicts';
import {
  HostedRepositories,
  HostedRepositoryFinding,
} from '../conflicts/hostedRepositories';
import { overwriteRefusal } from '../conflicts/taskMarker';
import {
  argoCdApplicationName,
  prodApplicationSetName,
  prodClusterApplicationName,
  usesProdApplicationSet,
} from '../generators/gitops';
import type { GoServiceSpec } from '../generators/types';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import type { DeliveryScaffolderSettings } from '../settings';
import { parseRepoPickerValue } from '../spec/repositoryLocations';
import {
  publishTargetOf,
  resolveGoServiceSpec,
} from '../spec/resolveGoServiceSpec';
import { serviceInputSchema, ServiceInput } from '../spec/serviceInput';
import { examples } from './checkServiceAction.examples';

/**
 * The Applications a run makes: one per environment, or for a prod over several clusters the
 * ApplicationSet's, one per cluster (`<name>-prod-<cluster>`).
 */
function plannedApplications(spec: GoServiceSpec): string[] {
  return spec.environments.flatMap(environment =>
    environment === 'prod' && usesProdApplicationSet(spec)
      ? spec.argocd.prodClusters!.map(cluster =>
          prodClusterApplicationName(spec.name, cluster.name),
        )
      : [argoCdApplicationName(spec.name, environment)],
  );
}

/**
 * `go-delivery:service:check`: the preflight of the Go service template. Looks for everything the
 * run would create — the catalog entities of `catalog-info.yaml`, the Argo CD Applications, the
 * repositories or GitOps folder it publishes to — and refuses the run, naming each, when any
 * exists and was not created by this task. Objects marked with this task's id are an earlier
 * attempt's, so a recovered or retried task passes. It only reads, so a dry run checks too and
 * lists what it found instead of failing.
 */
export function createCheckServiceAction(options: {
  settings: DeliveryScaffolderSettings;
  clients: ArgoCdClient[];
  catalog: CatalogService;
  auth: AuthService;
  repositories: LocalGitRepositories;
  hostedRepositories: HostedRepositories;
}) {
  const clients = new Map(options.clients.map(client => [client.name, client]));

  async function repositoryFindings(
    input: ServiceInput,
    spec: GoServiceSpec,
    taskId: string,
  ): Promise<HostedRepositoryFinding[]> {
    const target = publishTargetOf(input);
    if (target === 'local') {
      const { repositories } = options;
      const service = repositories.fromUrl(spec.serviceRepoUrl);
      const gitops = repositories.fromUrl(spec.gitopsRepoUrl);
      return [
        { conflict: await repositories.conflict(service, '', taskId) },
        {
          conflict: await repositories.conflict(
            gitops,
            spec.gitopsPath,
            taskId,
          ),
        },
      ];
    }
    // The GitOps change is a pull or merge request that people review; the new repository is not.
    const repository = parseRepoPickerValue(input.publish?.repoUrl ?? '')!;
    return [
      await options.hostedRepositories.conflict(target, repository, taskId),
    ];
  }

  return createTemplateAction({
    id: 'go-delivery:service:check',
    description:
      "Refuses to go on when the service's catalog entity, Argo CD Applications or repositories already exist and were not created by this task (the template's first step).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z => serviceInputSchema(z),
      },
      output: {
        conflicts: z =>
          z
            .array(z.string())
            .describe(
              'What exists already and was not created by this task (empty when the run may go on; a real run fails when not)',
            ),
        unchecked: z =>
          z
            .array(z.string())
            .describe(
              'What could not be checked, and why (e.g. a Git host without credentials)',
            ),
      },
    },
    async handler(ctx) {
      const taskId = ctx.task.id;
      const spec = resolveGoServiceSpec(
        ctx.input.service,
        options.settings,
        ctx.task,
      );
      const instance = spec.argocd.instance;
      const client = clients.get(instance);
      if (!client) {
        throw new Error(`Argo CD instance '${instance}' has no client`);
      }
      const [inCatalog, inArgoCd, inArgoCdSets, repositories] =
        await Promise.all([
          catalogConflicts({
            catalog: options.catalog,
            credentials: await options.auth.getOwnServiceCredentials(),
            entityRefs: catalogInfoEntities(spec).map(entity =>
              stringifyEntityRef(entity),
            ),
            taskId,
          }),
          argoCdConflicts({
            client,
            planned: plannedApplications(spec).map(name => ({
              name,
              namespace: spec.argocd.namespace,
            })),
            taskId,
          }),
          usesProdApplicationSet(spec)
            ? applicationSetConflicts({
                client,
                name: prodApplicationSetName(spec.name),
                namespace: spec.argocd.namespace,
                taskId,
              })
            : [],
          repositoryFindings(ctx.input.service, spec, taskId),
        ]);
      const conflicts = [
        ...inCatalog,
        ...inArgoCd,
        ...inArgoCdSets,
        ...repositories.flatMap(finding => finding.conflict ?? []),
      ];
      const unchecked = repositories.flatMap(
        finding => finding.unchecked ?? [],
      );
      for (const reason of unchecked) ctx.logger.warn(reason);
      ctx.output('conflicts', conflicts);
      ctx.output('unchecked', unchecked);

      if (conflicts.length === 0) {
        ctx.logger.info(
          `Nothing of ${
            spec.name
          } exists yet in the catalog, in Argo CD '${instance}' or in its repositories${
            unchecked.length > 0 ? ' (as far as they could be checked)' : ''
          }`,
        );
        return;
      }
      const refusal = overwriteRefusal(conflicts);
      if (!ctx.isDryRun) throw refusal;
      ctx.logger.warn(
        `Dry run: a real run would stop here. ${refusal.message}`,
      );
    },
  });
}
