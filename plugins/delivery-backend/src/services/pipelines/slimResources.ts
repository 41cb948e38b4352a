import { PipelineRunResource, TaskRunResource } from './tektonTypes';
import { KubernetesObjectMeta } from '@go-delivery/plugin-delivery-node';

/*
 * Listed runs are cached (and shared between backend replicas), so only the fields the card and
 * the actions read are kept: a PipelineRun's status also embeds the whole resolved pipeline, and
 * a TaskRun's the task spec, which can be many times larger than the rest.
 */

function slimMeta(
  metadata: KubernetesObjectMeta | undefined,
): KubernetesObjectMeta {
  const {
    name,
    generateName,
    namespace,
    uid,
    creationTimestamp,
    labels,
    annotations,
    ownerReferences,
  } = metadata ?? {};
  return JSON.parse(
    JSON.stringify({
      name,
      generateName,
      namespace,
      uid,
      creationTimestamp,
      labels,
      annotations,
      ownerReferences,
    }),
  );
}

export function slimPipelineRun(run: PipelineRunResource): PipelineRunResource {
  const { pipelineRef, params, status: specStatus } = run.spec ?? {};
  const {
    conditions,
    startTime,
    completionTime,
    childReferences,
    taskRuns,
    skippedTasks,
  } = run.status ?? {};
  return JSON.parse(
    JSON.stringify({
      apiVersion: run.apiVersion,
      kind: run.kind,
      metadata: slimMeta(run.metadata),
      spec: { pipelineRef, params, status: specStatus },
      status: {
        conditions,
        startTime,
        completionTime,
        childReferences,
        taskRuns,
        skippedTasks,
      },
    }),
  );
}

export function slimTaskRun(taskRun: TaskRunResource): TaskRunResource {
  const { conditions, startTime, completionTime, podName, steps } =
    taskRun.status ?? {};
  return JSON.parse(
    JSON.stringify({
      apiVersion: taskRun.apiVersion,
      kind: taskRun.kind,
      metadata: slimMeta(taskRun.metadata),
      spec: { status: taskRun.spec?.status },
      status: { conditions, startTime, completionTime, podName, steps },
    }),
  );
}
