import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  isDnsLabel,
  isDnsSubdomain,
  KubernetesTarget,
  labelsMatchSelector,
  pipelineRunCancelPermission,
  pipelineRunRerunPermission,
  PipelineRunActionResponse,
  PipelineRunRef,
  PipelineRunsResponse,
  PipelineRunView,
  PipelineStepLogResponse,
  PipelineStepRef,
  readTektonTarget,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { CachedLoader } from '../../lib/CachedLoader';
import {
  checkObjectRef,
  KubernetesClusters,
} from '../../upstreams/kubernetes/KubernetesClusters';
import { toActionError } from '../../upstreams/kubernetes/toActionError';
import { readEntityAnnotations } from '../readEntityAnnotations';
import { rerunManifest } from './rerunManifest';
import { slimPipelineRun, slimTaskRun } from './slimResources';
import { isOngoing, statusOf, succeededCondition } from './tektonStatus';
import { PipelineRunResource, TaskRunResource } from './tektonTypes';
import {
  childTaskRuns,
  isChildOf,
  newestFirst,
  toPipelineRunView,
} from './toPipelineRunView';
import {
  KubernetesApiError,
  KubernetesClient,
  TEKTON_PIPELINE_RUNS,
  TEKTON_TASK_RUNS,
  toUpstreamFailure,
} from '@go-delivery/plugin-delivery-node';

interface ClusterRuns {
  client: KubernetesClient;
  runs: PipelineRunResource[];
  taskRuns: TaskRunResource[];
}

type ClusterResult =
  | { ok: true; value: ClusterRuns }
  | { ok: false; failure: UpstreamFailure };

export interface PipelinesServiceOptions {
  kubernetesClients: KubernetesClient[];
  loader: CachedLoader;
  permissions: PermissionsService;
  maxRuns: number;
  logLimitBytes: number;
  /** Injectable clock for durations of running runs. */
  now?: () => number;
}

/**
 * An entity's Tekton PipelineRuns: annotations → one selector → every cluster in parallel (runs
 * and task runs) → view models. A failing cluster becomes a failure entry; a cluster without
 * Tekton simply has no runs. Actions re-check on the server that the named run is the entity's,
 * and ask the permission framework before anything is sent to a cluster.
 */
export class PipelinesService {
  private readonly clusters: KubernetesClusters;
  private readonly now: () => number;

  constructor(private readonly options: PipelinesServiceOptions) {
    this.clusters = new KubernetesClusters(options.kubernetesClients);
    this.now = options.now ?? Date.now;
  }

  async listRuns(entity: Entity): Promise<PipelineRunsResponse> {
    const target = readEntityAnnotations(() => readTektonTarget(entity));
    if (!target) return { runs: [], failures: [], clusters: [] };
    const clients = this.clusters.all();
    const results = await Promise.all(
      clients.map(c => this.readCluster(c, target)),
    );

    const failures: UpstreamFailure[] = [];
    const candidates: Array<{
      cluster: ClusterRuns;
      run: PipelineRunResource;
    }> = [];
    for (const result of results) {
      if (result.ok) {
        const { value } = result;
        candidates.push(...value.runs.map(run => ({ cluster: value, run })));
      } else {
        failures.push(result.failure);
      }
    }
    candidates.sort((a, b) => newestFirst(a.run, b.run));
    const now = this.now();
    const runs = await Promise.all(
      candidates
        .slice(0, this.options.maxRuns)
        .map(({ cluster, run }) => this.withTaskRuns(cluster, run, now)),
    );
    return { runs, failures, clusters: clients.map(c => c.name) };
  }

  async getStepLog(
    entity: Entity,
    ref: PipelineStepRef,
  ): Promise<PipelineStepLogResponse> {
    const { target, client } = this.resolve(entity, ref);
    if (!isDnsSubdomain(ref.taskRun)) {
      throw new InputError(`'${ref.taskRun}' is not a TaskRun name`);
    }
    if (!isDnsLabel(ref.step)) {
      throw new InputError(`'${ref.step}' is not a step name`);
    }
    try {
      const run = await this.entityRun(client, target, ref);
      const taskRun = await client.get<TaskRunResource>(TEKTON_TASK_RUNS, {
        namespace: ref.namespace,
        name: ref.taskRun,
      });
      if (!isChildOf(taskRun, run)) {
        throw new NotFoundError(
          `TaskRun '${ref.taskRun}' does not belong to PipelineRun '${ref.name}'`,
        );
      }
      const step = taskRun.status?.steps?.find(s => s?.name === ref.step);
      if (!step) {
        throw new NotFoundError(
          `TaskRun '${ref.taskRun}' has no step '${ref.step}'`,
        );
      }
      const container = step.container ?? `step-${ref.step}`;
      const pod = taskRun.status?.podName;
      if (!isDnsLabel(container) || !pod || !isDnsSubdomain(pod)) {
        throw new NotFoundError(
          `TaskRun '${ref.taskRun}' has no pod to read logs from (yet)`,
        );
      }
      const limitBytes = this.options.logLimitBytes;
      const log = await client
        .podLog({ namespace: ref.namespace, pod, container, limitBytes })
        .catch(error => {
          throw this.logError(error, ref);
        });
      return {
        ...ref,
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

  async rerun(options: {
    entity: Entity;
    ref: PipelineRunRef;
    credentials: BackstageCredentials;
  }): Promise<PipelineRunActionResponse> {
    const { target, client } = this.resolve(options.entity, options.ref);
    await this.authorize(
      pipelineRunRerunPermission,
      options.entity,
      options.credentials,
    );
    try {
      const run = await this.entityRun(client, target, options.ref);
      const created = await client.create<PipelineRunResource>(
        TEKTON_PIPELINE_RUNS,
        {
          namespace: options.ref.namespace,
          body: rerunManifest(run, {
            requestedBy: principalOf(options.credentials),
          }),
        },
      );
      await this.invalidate(client, target);
      return {
        action: 'rerun',
        target: options.ref,
        run: {
          cluster: client.name,
          namespace: created.metadata?.namespace ?? options.ref.namespace,
          name: created.metadata?.name ?? '',
        },
      };
    } catch (error) {
      throw toActionError(error);
    }
  }

  async cancel(options: {
    entity: Entity;
    ref: PipelineRunRef;
    credentials: BackstageCredentials;
  }): Promise<PipelineRunActionResponse> {
    const { target, client } = this.resolve(options.entity, options.ref);
    await this.authorize(
      pipelineRunCancelPermission,
      options.entity,
      options.credentials,
    );
    try {
      const run = await this.entityRun(client, target, options.ref);
      const state = statusOf({
        condition: succeededCondition(run.status?.conditions),
        specStatus: run.spec?.status,
        startTime: run.status?.startTime,
      });
      if (!isOngoing(state)) {
        throw new ConflictError(
          `PipelineRun '${options.ref.name}' has already finished (${state})`,
        );
      }
      await client.patch(TEKTON_PIPELINE_RUNS, {
        namespace: options.ref.namespace,
        name: options.ref.name,
        patchType: 'merge',
        patch: { spec: { status: 'Cancelled' } },
      });
      await this.invalidate(client, target);
      return { action: 'cancel', target: options.ref, run: options.ref };
    } catch (error) {
      throw toActionError(error);
    }
  }

  /** Validates a run reference against the entity's annotations and the configured clusters. */
  private resolve(
    entity: Entity,
    ref: PipelineRunRef,
  ): { target: KubernetesTarget; client: KubernetesClient } {
    const target = readEntityAnnotations(() => readTektonTarget(entity));
    if (!target) {
      throw new NotFoundError(
        `Entity '${stringifyEntityRef(entity)}' shows no Tekton pipeline runs`,
      );
    }
    const client = this.clusters.require(ref.cluster);
    checkObjectRef(ref, 'PipelineRun');
    if (target.namespace !== undefined && ref.namespace !== target.namespace) {
      throw notEntityRun(ref);
    }
    return { target, client };
  }

  /** Reads the run and checks, on the server, that the entity's selector matches it. */
  private async entityRun(
    client: KubernetesClient,
    target: KubernetesTarget,
    ref: PipelineRunRef,
  ): Promise<PipelineRunResource> {
    const run = await client.get<PipelineRunResource>(TEKTON_PIPELINE_RUNS, {
      namespace: ref.namespace,
      name: ref.name,
    });
    if (!labelsMatchSelector(target.labelSelector, run.metadata?.labels)) {
      throw notEntityRun(ref);
    }
    return run;
  }

  private async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef: stringifyEntityRef(entity) }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${permission.name} for '${stringifyEntityRef(entity)}'`,
      );
    }
  }

  private logError(error: unknown, ref: PipelineStepRef): unknown {
    if (error instanceof KubernetesApiError && error.status === 404) {
      return new NotFoundError(
        `The pod of TaskRun '${ref.taskRun}' is gone (Tekton removes the pods of cancelled and pruned runs)`,
      );
    }
    if (error instanceof KubernetesApiError && error.status === 400) {
      // e.g. "container … is waiting to start": the log does not exist yet.
      return new NotFoundError(
        `The log of step '${ref.step}' is not available: ${error.failure.message}`,
      );
    }
    return error;
  }

  private cacheKey(
    client: KubernetesClient,
    target: KubernetesTarget,
    kind: string,
  ): string {
    return `kubernetes:${client.name}:${kind}:${target.namespace ?? '*'}:${
      target.labelSelector
    }`;
  }

  private async invalidate(
    client: KubernetesClient,
    target: KubernetesTarget,
  ): Promise<void> {
    await Promise.all(
      ['pipelineruns', 'taskruns'].map(kind =>
        this.options.loader.invalidate(this.cacheKey(client, target, kind)),
      ),
    );
  }

  private async readCluster(
    client: KubernetesClient,
    target: KubernetesTarget,
  ): Promise<ClusterResult> {
    const query = {
      namespace: target.namespace,
      labelSelector: target.labelSelector,
    };
    try {
      // Tekton copies a run's labels to its TaskRuns, so the same selector finds both.
      const [runs, taskRuns] = await Promise.all([
        this.options.loader.load(
          this.cacheKey(client, target, 'pipelineruns'),
          async () =>
            (
              await client.list<PipelineRunResource>(
                TEKTON_PIPELINE_RUNS,
                query,
              )
            ).map(slimPipelineRun),
        ),
        this.options.loader.load(
          this.cacheKey(client, target, 'taskruns'),
          async () =>
            (
              await client.list<TaskRunResource>(TEKTON_TASK_RUNS, query)
            ).map(slimTaskRun),
        ),
      ]);
      return { ok: true, value: { client, runs, taskRuns } };
    } catch (error) {
      if (error instanceof KubernetesApiError && error.isResourceTypeMissing) {
        // Tekton is not installed on this cluster: it has no runs, which is not a failure.
        return { ok: true, value: { client, runs: [], taskRuns: [] } };
      }
      return {
        ok: false,
        failure: toUpstreamFailure(error, {
          kind: 'kubernetes',
          instance: client.name,
        }),
      };
    }
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
          cluster.client
            .get<TaskRunResource>(TEKTON_TASK_RUNS, { namespace, name })
            .then(slimTaskRun)
            .catch(error => {
              if (
                !(error instanceof KubernetesApiError && error.status === 404)
              ) {
                taskRunsFailure ??= toUpstreamFailure(error, {
                  kind: 'kubernetes',
                  instance: cluster.client.name,
                });
              }
              return undefined;
            }),
        ),
      );
      own.push(...fetched.filter((t): t is TaskRunResource => t !== undefined));
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

/** Not found rather than forbidden: whether another entity's run exists is not the caller's business. */
function notEntityRun(ref: PipelineRunRef): NotFoundError {
  return new NotFoundError(
    `PipelineRun '${ref.name}' in ${ref.cluster}/${ref.namespace} is not one of the entity's runs`,
  );
}

function principalOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal?.type === 'user') return principal.userEntityRef;
  if (principal?.type === 'service') return principal.subject;
  return undefined;
}
