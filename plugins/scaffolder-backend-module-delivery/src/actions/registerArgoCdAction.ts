import { AuditorService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import {
  ArgoCdApplication,
  ArgoCdApplicationSet,
  ArgoCdClient,
} from '@go-delivery/plugin-delivery-node';
import {
  applicationSetConflicts,
  argoCdConflicts,
} from '../conflicts/argoCdConflicts';
import { overwriteRefusal } from '../conflicts/taskMarker';
import {
  argoCdApplication,
  argoCdApplicationSet,
  prodClusterApplicationName,
  usesProdApplicationSet,
} from '../generators/gitops';
import type { KubernetesObject } from '../generators/gitops/manifest';
import type { DeliveryScaffolderSettings } from '../settings';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { serviceInputSchema } from '../spec/serviceInput';
import { audited } from './audited';
import { examples } from './registerArgoCdAction.examples';

/**
 * A manifest as the REST API takes it: what the GitOps repository holds, without
 * `apiVersion`/`kind` (the API's Application and ApplicationSet have none), so Argo CD and Git
 * never disagree.
 */
function apiBody<T>(manifest: KubernetesObject): T {
  const { apiVersion: _apiVersion, kind: _kind, ...body } = manifest;
  return body as T;
}

/**
 * `go-delivery:argocd:register`: creates or updates (upsert) the service's Argo CD Applications
 * through the API of the configured instance. Each upsert is a checkpoint, so a retried task does
 * not send it again; an upsert of an unchanged Application changes nothing in Argo CD either.
 * An upsert replaces whatever has the name, so right before each one the Application is looked
 * up, and one that this task did not create (and mark) is refused: templates without the
 * `go-delivery:service:check` step are protected too.
 */
export function createRegisterArgoCdAction(options: {
  settings: DeliveryScaffolderSettings;
  clients: ArgoCdClient[];
  auditor: AuditorService;
}) {
  const clients = new Map(options.clients.map(client => [client.name, client]));
  return createTemplateAction({
    id: 'go-delivery:argocd:register',
    description:
      "Creates or updates the service's Argo CD Applications (one per environment; an ApplicationSet for a prod over several clusters) through the Argo CD API of the configured instance; refuses to replace one this task did not create.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z => serviceInputSchema(z),
        validate: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Let Argo CD check that the source repository and path render before accepting (Argo CD's default). Turn off while the GitOps change is not merged yet, or for repositories Argo CD cannot reach. Default: true",
            ),
      },
      output: {
        instance: z => z.string().describe('The Argo CD instance'),
        applications: z =>
          z
            .array(
              z.object({
                name: z.string(),
                namespace: z.string(),
                url: z.string().describe('The Application in the Argo CD UI'),
              }),
            )
            .describe('The registered Applications'),
        applicationSet: z =>
          z
            .object({ name: z.string(), namespace: z.string() })
            .optional()
            .describe(
              'The registered ApplicationSet, when prod runs on several clusters (it makes their Applications)',
            ),
      },
    },
    async handler(ctx) {
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
      const validate = ctx.input.validate ?? true;
      // Production over several clusters is an ApplicationSet, whose controller makes its
      // Applications; it goes through the ApplicationSets API instead.
      const appSet = usesProdApplicationSet(spec)
        ? apiBody<ArgoCdApplicationSet>(argoCdApplicationSet(spec))
        : undefined;
      const applications = spec.environments
        .filter(env => !(appSet && env === 'prod'))
        .map(env => apiBody<ArgoCdApplication>(argoCdApplication(spec, env)));
      const registered = applications.map(app => {
        const name = app.metadata!.name!;
        const namespace = app.metadata!.namespace!;
        return {
          name,
          namespace,
          url: `${client.webUrl}/applications/${namespace}/${name}`,
        };
      });

      /**
       * One upsert as a checkpoint (a retried task does not send it again) and an audit event,
       * refused when something of that name exists that this task did not create.
       */
      const upsertOnce = (change: {
        key: string;
        eventId: string;
        target: JsonObject;
        conflicts: () => Promise<string[]>;
        upsert: () => Promise<unknown>;
      }) =>
        ctx.checkpoint({
          key: change.key,
          fn: () =>
            audited(
              options.auditor,
              {
                eventId: change.eventId,
                meta: {
                  instance,
                  ...change.target,
                  initiator: ctx.user?.ref ?? null,
                },
              },
              async () => {
                const conflicts = await change.conflicts();
                if (conflicts.length > 0) throw overwriteRefusal(conflicts);
                await change.upsert();
                return change.target;
              },
            ),
        });

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create or update ${[
            ...registered.map(app => app.name),
            ...(appSet ? [`the ApplicationSet ${appSet.metadata!.name}`] : []),
          ].join(', ')} in Argo CD '${instance}'`,
        );
      } else {
        for (const [index, app] of applications.entries()) {
          const { name, namespace } = registered[index];
          await upsertOnce({
            key: `argocd-upsert.${instance}.${namespace}.${name}`,
            eventId: 'argocd-application-upsert',
            target: { namespace, application: name },
            conflicts: () =>
              argoCdConflicts({
                client,
                planned: [{ name, namespace }],
                taskId: ctx.task.id,
                sameNamespaceOnly: true,
              }),
            upsert: () => client.upsertApplication(app, { validate }),
          });
          ctx.logger.info(
            `Argo CD '${instance}': created or updated the Application ${namespace}/${name}`,
          );
        }
        if (appSet) {
          const { name, namespace } = appSet.metadata as {
            name: string;
            namespace: string;
          };
          await upsertOnce({
            key: `argocd-appset-upsert.${instance}.${namespace}.${name}`,
            eventId: 'argocd-applicationset-upsert',
            target: { namespace, applicationSet: name },
            conflicts: () =>
              applicationSetConflicts({
                client,
                name,
                namespace,
                taskId: ctx.task.id,
              }),
            upsert: () => client.upsertApplicationSet(appSet),
          });
          ctx.logger.info(
            `Argo CD '${instance}': created or updated the ApplicationSet ${namespace}/${name}; it makes ${spec.argocd
              .prodClusters!.map(cluster =>
                prodClusterApplicationName(spec.name, cluster.name),
              )
              .join(', ')}`,
          );
        }
      }
      if (appSet) {
        ctx.output('applicationSet', {
          name: appSet.metadata!.name!,
          namespace: appSet.metadata!.namespace!,
        });
      }
      ctx.output('instance', instance);
      ctx.output('applications', registered);
    },
  });
}
