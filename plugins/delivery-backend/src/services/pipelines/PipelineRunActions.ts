import { ConflictError } from '@backstage/errors';
import { PipelineRunActionResponse } from '@go-delivery/plugin-delivery-common';
import {
  TEKTON_PIPELINE_RUNS,
  TEKTON_TASK_RUNS,
} from '@go-delivery/plugin-delivery-node';
import { toActionError } from '../../actions/toActionError';
import { KubernetesReads } from '../../upstreams/kubernetes/KubernetesReads';
import { readEntityObject } from '../../binding/kubernetesObjects';
import { BoundPipelineRun, PIPELINE_RUNS } from './pipelineRunBinding';
import { rerunManifest } from './rerunManifest';
import { isOngoing, statusOf, succeededCondition } from './tektonStatus';
import { PipelineRunResource } from './tektonTypes';

/**
 * Rerun and cancel of a run bound to the entity. Each re-reads the run and checks on the server
 * that the entity's selector matches it, then drops the cached lists so views show the change.
 */
export class PipelineRunActions {
  constructor(private readonly options: { kubernetes: KubernetesReads }) {}

  /** Starts a new PipelineRun from the run's spec. */
  async rerun(
    bound: BoundPipelineRun,
    requestedBy: string | undefined,
  ): Promise<PipelineRunActionResponse> {
    const { client, ref } = bound;
    try {
      const run = await readEntityObject<PipelineRunResource>(
        bound,
        PIPELINE_RUNS,
      );
      const created = await client.create<PipelineRunResource>(
        TEKTON_PIPELINE_RUNS,
        {
          namespace: ref.namespace,
          body: rerunManifest(run, { requestedBy }),
        },
      );
      await this.invalidate(bound);
      return {
        action: 'rerun',
        target: ref,
        run: {
          cluster: client.name,
          namespace: created.metadata?.namespace ?? ref.namespace,
          name: created.metadata?.name ?? '',
        },
      };
    } catch (error) {
      throw toActionError(error);
    }
  }

  /** Asks Tekton to cancel a run that is still going (`spec.status: Cancelled`). */
  async cancel(bound: BoundPipelineRun): Promise<PipelineRunActionResponse> {
    const { client, ref } = bound;
    try {
      const run = await readEntityObject<PipelineRunResource>(
        bound,
        PIPELINE_RUNS,
      );
      const state = statusOf({
        condition: succeededCondition(run.status?.conditions),
        specStatus: run.spec?.status,
        startTime: run.status?.startTime,
      });
      if (!isOngoing(state)) {
        throw new ConflictError(
          `PipelineRun '${ref.name}' has already finished (${state})`,
        );
      }
      await client.patch(TEKTON_PIPELINE_RUNS, {
        namespace: ref.namespace,
        name: ref.name,
        patchType: 'merge',
        patch: { spec: { status: 'Cancelled' } },
      });
      await this.invalidate(bound);
      return { action: 'cancel', target: ref, run: ref };
    } catch (error) {
      throw toActionError(error);
    }
  }

  private async invalidate(bound: BoundPipelineRun): Promise<void> {
    const query = {
      namespace: bound.target.namespace,
      labelSelector: bound.target.labelSelector,
    };
    await Promise.all(
      [TEKTON_PIPELINE_RUNS, TEKTON_TASK_RUNS].map(type =>
        this.options.kubernetes.invalidate(bound.client, type, query),
      ),
    );
  }
}
