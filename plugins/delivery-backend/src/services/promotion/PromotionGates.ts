import {
  DeliveryTargets,
  PinnedImageView,
  PipelineRunsResponse,
  PromotionGate,
  PromotionGateId,
} from '@go-delivery/plugin-delivery-common';
import { CoverageStore } from '../../database/CoverageStore';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { MetricsService } from '../metrics/MetricsService';
import { PipelineRunsReader } from '../pipelines/PipelineRunsReader';
import { EnvironmentApplication } from './environments';
import { coverageGate } from './gates/coverageGate';
import { ErrorBudgetSource, errorBudgetGate } from './gates/errorBudgetGate';
import { freezeGate } from './gates/freezeGate';
import { gate } from './gates/gate';
import { findImageBuild } from './gates/imageBuild';
import { pipelineGate } from './gates/pipelineGate';
import { soakGate, sourceHealthyGate } from './gates/sourceGates';
import { verdictGate } from './gates/verdictGate';
import { PromotionConfig } from './promotionConfig';

export interface PromotionGatesOptions {
  config: PromotionConfig;
  metrics: MetricsService;
  pipelineRuns: PipelineRunsReader;
  coverage: { store: CoverageStore; defaultThreshold: number };
  budgets: ErrorBudgetSource;
  /** Argo CD reads through the cache (the target's AppProject). */
  argocd: ArgoCdReads;
  /** Milliseconds since the epoch; replaced in tests. */
  now?: () => number;
}

/** One promotion step to check: the source's image goes into the target. */
export interface GateSubject {
  from: EnvironmentApplication;
  to: EnvironmentApplication;
  /** The image the source runs (what would be promoted). */
  image?: PinnedImageView;
}

/**
 * Computes the gates of promotion steps on the server, each with its reason, in parallel. A gate
 * that throws says so (unknown) instead of failing the others; the pipeline runs are listed once
 * for all steps of one view.
 */
export class PromotionGates {
  private readonly now: () => number;

  constructor(private readonly options: PromotionGatesOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The entity's runs, listed once however many callers ask (one view's environments and gates). */
  runsOnce(targets: DeliveryTargets): () => Promise<PipelineRunsResponse> {
    let listed: Promise<PipelineRunsResponse> | undefined;
    return () =>
      (listed ??= this.options.pipelineRuns.listRuns(targets.tekton));
  }

  async evaluate(
    targets: DeliveryTargets,
    steps: GateSubject[],
    runs: () => Promise<PipelineRunsResponse> = this.runsOnce(targets),
  ): Promise<PromotionGate[][]> {
    const { config, metrics, coverage, budgets, argocd } = this.options;
    const now = this.now();
    return Promise.all(
      steps.map(({ from, to, image }) => {
        // One search for the run behind the image, for the pipeline and the coverage gates.
        const build = findImageBuild({ targets, image, runs });
        build.catch(() => undefined);
        return Promise.all([
          sourceHealthyGate(from),
          soakGate({ from, to, config, now }),
          guarded('verdict', () => verdictGate({ targets, from, metrics })),
          guarded('pipeline', async () =>
            pipelineGate({ targets, image, build: await build }),
          ),
          guarded('coverage', async () =>
            coverageGate({
              targets,
              image,
              build: await build,
              store: coverage.store,
              defaultThreshold: coverage.defaultThreshold,
            }),
          ),
          guarded('error-budget', () =>
            errorBudgetGate({ targets, to, budgets }),
          ),
          guarded('freeze', () => freezeGate({ to, config, argocd, now })),
        ]);
      }),
    );
  }
}

async function guarded(
  id: PromotionGateId,
  check: () => Promise<PromotionGate>,
): Promise<PromotionGate> {
  try {
    return await check();
  } catch (error) {
    return gate(
      id,
      'unknown',
      `Could not be checked: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}
