import { InputError, NotFoundError } from '@backstage/errors';
import {
  isDnsLabel,
  isDnsSubdomain,
  KubernetesTarget,
  PipelineRunsResponse,
  PipelineRunView,
  PipelineStepLogResponse,
  PipelineStepRef,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import {
  KubernetesApiError,
  KubernetesClient,
  TEKTON_PIPELINE_RUNS,
  TEKTON_TASK_RUNS,
} from '@go-delivery/plugin-delivery-node';
import { toActionError } from '../../actions/toActionError';
import { attempt, fanOut } from '../../upstreams/fanOut';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { KubernetesReads } from '../../upstreams/kubernetes/KubernetesReads';
import { readEntityObject } from '../../binding/kubernetesObjects';
import { BoundPipelineRun, PIPELINE_RUNS } from './pipelineRunBinding';
import { slimTaskRun } from './slimResources';
import { PipelineRunResource, TaskRunResource } from './tektonTypes';
import {
  childTaskRuns,
  isChildOf,
  newestFirst,
  toPipelineRunView,
} from './toPipelineRunView';

interface ClusterRuns {
  client: KubernetesClient;
  runs: PipelineRunResource[];
  taskRuns: TaskRunResource[];
}

export interface PipelineRunsReaderOptions {
  clusters: InstanceRegistry<KubernetesClient>;
  kubernetes: KubernetesReads;
  maxRuns: number;
  logLimitBytes: number;
  /** Injectable clock for durations of running runs. */
  now?: () => number;
}

/**
 * An entity's Tekton PipelineRuns: target → one selector → every cluster in parallel (runs and
 * task runs) → view models. A failing cluster becomes a failure entry; a cluster without Tekton
 * simply has no runs.
 */
export class PipelineRunsReader {
  private readonly now: () => number;

  constructor(private readonly options: PipelineRunsReaderOptions) {
    this.now = options.now ?? Date.now;
  }

  async listRuns(
    target: KubernetesTarget | undefined,
  ): Promise<PipelineRunsResponse> {
    if (!target) return { runs: [], failures: [], clusters: [] };
    const read = await fanOut({
      kind: 'kubernetes',
      clients: this.options.clusters.all(),
      read: client => this.readCluster(client, target),
    });
    const candidates = read.results
      .flatMap(({ value }) => value.runs.map(run => ({ cluster: value, run })))
      .sort((a, b) => newestFirst(a.run, b.run));
    const now = this.now();
    // A run whose data the view cannot be made of fails its cluster, not the request.
    const views = await Promise.all(
      candidates
        .slice(0, this.options.maxRuns)
        .map(({ cluster, run }) =>
          attempt({ kind: 'kubernetes', instance: cluster.client.name }, () =>
            this.withTaskRuns(cluster, run, now),
          ),
        ),
    );
    const failures = [...read.failures];
    for (const view of views) {
      if (!view.ok && !failures.some(f => f.instance === view.failure.instance))
        failures.push(view.failure);
    }
    return {
      runs: views.flatMap(view => (view.ok ? [view.value] : [])),
      failures,
      clusters: read.instances,
    };
  }

  /** One step's log, of a run bound to the entity; the TaskRun must be that run's. */
  async getStepLog(
    bound: BoundPipelineRun,
    step: Pick<PipelineStepRef, 'taskRun' | 'step'>,
  ): Promise<PipelineStepLogResponse> {
    const { client, ref } = bound;
    if (!isDnsSubdomain(step.taskRun)) {
      throw new InputError(`'${step.taskRun}' is not a TaskRun name`);
    }
    if (!isDnsLabel(step.step)) {
      throw new InputError(`'${step.step}' is not a step name`);
    }
    try {
      const run = await readEntityObject<PipelineRunResource>(
        bound,
        PIPELINE_RUNS,
      );
      const taskRun = await client.get<TaskRunResource>(TEKTON_TASK_RUNS, {
        namespace: ref.namespace,
        name: step.taskRun,
      });
      if (!isChildOf(taskRun, run)) {
        throw new NotFoundError(
          `TaskRun '${step.taskRun}' does not belong to PipelineRun '${ref.name}'`,
        );
      }
      const status = taskRun.status?.steps?.find(s => s?.name === step.step);
      if (!status) {
        throw new NotFoundError(
          `TaskRun '${step.taskRun}' has no step '${step.step}'`,
        );
      }
      const container = status.container ?? `step-${step.step}`;
      const pod = taskRun.status?.podName;
      if (!isDnsLabel(container) || !pod || !isDnsSubdomain(pod)) {
        throw new NotFoundError(
          `TaskRun '${step.taskRun}' has no pod to read logs from (yet)`,
        );
      }
      const limitBytes = this.options.logLimitBytes;
      const log = await client
        .podLog({ namespace: ref.namespace, pod, container, limitBytes })
        .catch(error => {
          throw logError(error, step);
        });
      return {
        ...ref,
        ...step,
        pod,
        container,
        text: log.text,
        truncated: log.truncated,
        limitBytes,
      };
    } catch (error) {
      throw toActionError(error);
    }
  }

  private async readCluster(
    client: KubernetesClient,
    target: KubernetesTarget,
  ): Promise<ClusterRuns> {
    const query = {
      namespace: target.namespace,
      labelSelector: target.labelSelector,
    };
    // Tekton copies a run's labels to its TaskRuns, so the same selector finds both.
    const [runs, taskRuns] = await Promise.all([
      this.options.kubernetes.list<PipelineRunResource>(
        client,
        TEKTON_PIPELINE_RUNS,
        query,
      ),
      this.options.kubernetes.list<TaskRunResource>(
        client,
        TEKTON_TASK_RUNS,
        query,
      ),
    ]);
    return { client, runs, taskRuns };
  }

  /**
   * Adds the run's TaskRuns. Most were listed with the entity selector; children that were not
   * (labels not propagated) are read one by one.
   */
  private async withTaskRuns(
    cluster: ClusterRuns,
    run: PipelineRunResource,
    now: number,
  ): Promise<PipelineRunView> {
    const namespace = run.metadata?.namespace;
    const own = cluster.taskRuns.filter(
      t => t.metadata?.namespace === namespace && isChildOf(t, run),
    );
    const found = new Set(own.map(t => t.metadata?.name));
    const embedded = run.status?.taskRuns ?? {};
    const missing = [...childTaskRuns(run).keys()].filter(
      name =>
        !found.has(name) && !embedded[name]?.status && isDnsSubdomain(name),
    );
    let taskRunsFailure: UpstreamFailure | undefined;
    if (missing.length > 0 && namespace) {
      const fetched = await Promise.all(
        missing.map(name =>
          attempt({ kind: 'kubernetes', instance: cluster.client.name }, () =>
            cluster.client
              .get<TaskRunResource>(TEKTON_TASK_RUNS, { namespace, name })
              .then(slimTaskRun)
              .catch(error => {
                // A child that is gone is no failure: there is nothing to show.
                if (error instanceof KubernetesApiError && error.status === 404)
                  return undefined;
                throw error;
              }),
          ),
        ),
      );
      for (const outcome of fetched) {
        if (!outcome.ok) taskRunsFailure ??= outcome.failure;
        else if (outcome.value) own.push(outcome.value);
      }
    }
    return toPipelineRunView({
      cluster: cluster.client.name,
      run,
      taskRuns: own,
      now,
      taskRunsFailure,
    });
  }
}

function logError(
  error: unknown,
  step: Pick<PipelineStepRef, 'taskRun' | 'step'>,
): unknown {
  if (error instanceof KubernetesApiError && error.status === 404) {
    return new NotFoundError(
      `The pod of TaskRun '${step.taskRun}' is gone (Tekton removes the pods of cancelled and pruned runs)`,
    );
  }
  if (error instanceof KubernetesApiError && error.status === 400) {
    // e.g. "container … is waiting to start": the log does not exist yet.
    return new NotFoundError(
      `The log of step '${step.step}' is not available: ${error.failure.message}`,
    );
  }
  return error;
}
