import {
  pipelineRunCancelPermission,
  pipelineRunRerunPermission,
  PipelineRunRef,
} from '@go-delivery/plugin-delivery-common';
import { KubernetesClient } from '@go-delivery/plugin-delivery-node';
import Router from 'express-promise-router';
import { randomUUID } from 'node:crypto';
import { readIdempotencyKey } from '../actions/ActionLedger';
import { ActionFrameServices, entityAction } from '../actions/entityAction';
import {
  bindKubernetesObject,
  claimedKubernetesObject,
} from '../binding/kubernetesObjects';
import { PIPELINE_RUNS } from '../services/pipelines/pipelineRunBinding';
import { PipelineRunActions } from '../services/pipelines/PipelineRunActions';
import { PipelineRunsReader } from '../services/pipelines/PipelineRunsReader';
import { InstanceRegistry } from '../upstreams/InstanceRegistry';
import { readObjectBody, requiredString } from './bodyFields';
import { entityRead } from './entityRead';
import { listedObject, withConflicts } from './withConflicts';

/**
 * The body of rerun and cancel: a cluster, a namespace and a run name, and the idempotency key
 * of the click (optional for older clients: without one, the action is still one at a time per
 * run, but a retry acts again).
 */
export function readRunRequest(
  body: unknown,
): PipelineRunRef & { idempotencyKey?: string } {
  const values = readObjectBody(body, [
    'cluster',
    'namespace',
    'name',
    'idempotencyKey',
  ]);
  return {
    cluster: requiredString(values, 'cluster'),
    namespace: requiredString(values, 'namespace'),
    name: requiredString(values, 'name'),
    ...(values.idempotencyKey !== undefined
      ? { idempotencyKey: readIdempotencyKey(values.idempotencyKey) }
      : {}),
  };
}

type PipelinesOptions = ActionFrameServices & {
  clusters: InstanceRegistry<KubernetesClient>;
  pipelineRuns: PipelineRunsReader;
  pipelineRunActions: PipelineRunActions;
};

const RUN_PERMISSIONS = {
  rerun: pipelineRunRerunPermission,
  cancel: pipelineRunCancelPermission,
};

/** Rerun or cancel one of the entity's PipelineRuns, for the routes and the actions registry. */
export function pipelineRunActionFrame(
  options: PipelinesOptions,
  action: 'rerun' | 'cancel',
) {
  const { clusters, pipelineRunActions } = options;
  const permissions = RUN_PERMISSIONS;
  return entityAction(options, {
    eventId: `pipelinerun-${action}`,
    severity: 'medium',
    action,
    parse: req => readRunRequest(req.body),
    auditTarget: ({ cluster, namespace, name }) => ({
      cluster,
      namespace,
      name,
    }),
    permission: () => permissions[action],
    bind: ({ targets, body, claims }) =>
      bindKubernetesObject({
        targets,
        clusters,
        ref: body,
        of: PIPELINE_RUNS,
        claims,
      }),
    exclusive: (_body, bound) => claimedKubernetesObject(bound, PIPELINE_RUNS),
    once: ({ idempotencyKey, cluster, namespace, name }) => ({
      idempotencyKey: idempotencyKey ?? randomUUID(),
      lock: `pipelinerun:${cluster}/${namespace}/${name}`,
      description: `An action on PipelineRun '${name}'`,
    }),
    act: ({ bound, actor }) =>
      action === 'rerun'
        ? pipelineRunActions.rerun(bound, actor)
        : pipelineRunActions.cancel(bound),
    summarize: result => ({ run: { ...result.run } }),
    status: action === 'rerun' ? 201 : 200,
  });
}

/**
 * The pipeline card's routes under `/entities/:kind/:namespace/:name/pipelines`: the entity's
 * runs, one step's log, rerun and cancel. Upstreams come from the entity's annotations and the
 * server config only; a body can only name one of the entity's own runs.
 */
export function pipelinesRoutes(options: PipelinesOptions) {
  const { clusters, pipelineRuns } = options;
  const router = Router();
  const base = '/entities/:kind/:namespace/:name/pipelines';

  router.get(
    base,
    entityRead({
      ...options,
      eventId: 'pipelineruns-read',
      read: async ({ targets, conflicts }) => {
        const response = await pipelineRuns.listRuns(targets.tekton);
        return withConflicts(
          response,
          response.runs.map(run => listedObject('PipelineRun', run)),
          conflicts,
        );
      },
      summarize: response => ({
        runs: response.runs.length,
        failedClusters: response.failures.map(f => f.instance),
      }),
    }),
  );

  router.get(
    `${base}/:cluster/:runNamespace/:run/taskruns/:taskRun/steps/:step/log`,
    entityRead({
      ...options,
      eventId: 'pipelinerun-log-read',
      auditMeta: req => ({
        target: {
          cluster: req.params.cluster,
          namespace: req.params.runNamespace,
          name: req.params.run,
          taskRun: req.params.taskRun,
          step: req.params.step,
        },
      }),
      parse: req => ({
        ref: {
          cluster: req.params.cluster,
          namespace: req.params.runNamespace,
          name: req.params.run,
        },
        step: { taskRun: req.params.taskRun, step: req.params.step },
      }),
      read: ({ targets, input }) =>
        pipelineRuns.getStepLog(
          bindKubernetesObject({
            targets,
            clusters,
            ref: input.ref,
            of: PIPELINE_RUNS,
          }),
          input.step,
        ),
      summarize: log => ({
        bytes: Buffer.byteLength(log.text),
        truncated: log.truncated,
      }),
    }),
  );

  for (const action of ['rerun', 'cancel'] as const) {
    router.post(`${base}/${action}`, pipelineRunActionFrame(options, action));
  }

  return router;
}
