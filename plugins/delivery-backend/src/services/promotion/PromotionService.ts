import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  DeliveryTargets,
  EnvironmentsResponse,
  EnvironmentView,
  PinnedImageView,
  PromotionApplicationRef,
  PromotionGate,
  PromotionPreview,
  PromotionResult,
  PromotionStepView,
  PromotionTarget,
} from '@go-delivery/plugin-delivery-common';
import {
  requireConfirmation,
  ProductionTargets,
} from '../../actions/confirmation';
import { toActionError } from '../../actions/toActionError';
import {
  bindApplication,
  BoundApplication,
  EntityApplication,
  listEntityApplications,
  readEntityApplication,
} from '../../binding/argoCdApplications';
import {
  argoCdApplicationQuery,
  ArgoCdReads,
} from '../../upstreams/argocd/ArgoCdReads';
import { EntityClaims } from '../../binding/entityClaims';
import { productionNames } from '../rollback/applicationHistory';
import { GitopsRepositories } from '../rollback/gitops/GitopsRepositories';
import { imageReference } from '../rollback/gitops/kustomizationImages';
import { describePin } from '../rollback/gitops/overlayImages';
import { applicationsSharingChange } from '../rollback/sharedGitopsChange';
import {
  gitopsDestination,
  gitopsSource,
  toGitopsError,
} from '../rollback/planGitopsRollback';
import { pinned } from '../rollback/strategies/applicationEntry';
import {
  EnvironmentApplication,
  environmentsInOrder,
  PromotionPair,
  promotionPairs,
  runningImage,
  toEnvironmentView,
  withEnvironment,
} from './environments';
import { DeployedImages } from './deployedImages';
import { isPassing } from './gates/gate';
import { findImageBuild } from './gates/imageBuild';
import { PromotionGates } from './PromotionGates';
import { planPromotion, PromotionPlan } from './planPromotion';

/** A promotion request bound to the entity: both applications are the entity's. */
export interface BoundPromotion {
  from: BoundApplication;
  to: BoundApplication;
}

/** What executing a promotion knows of the caller. */
export interface PromotionExecution {
  actor: string;
  idempotencyKey: string;
  confirmation?: string;
  /** Set when the caller asked to override and holds the override permission. */
  override?: { reason: string };
}

function sameApplication(
  a: EnvironmentApplication,
  b: { instance: string; application: string },
): boolean {
  return a.ref.instance === b.instance && a.ref.application === b.application;
}

/** The run that built an environment's image, as the card shows it; none when it cannot be told. */
async function builtBy(
  options: Parameters<typeof findImageBuild>[0],
): Promise<EnvironmentView['build']> {
  try {
    const { run } = await findImageBuild(options);
    if (!run) return undefined;
    const { cluster, namespace, name, status, commit, image, supplyChain } =
      run;
    return {
      cluster,
      namespace,
      name,
      status,
      ...(commit ? { commit } : {}),
      ...(image ? { image } : {}),
      ...(supplyChain ? { supplyChain } : {}),
    };
  } catch {
    // The pipeline gate says why the runs could not be read; the card just shows no build.
    return undefined;
  }
}

/** Why a GitOps promotion does not apply to a step, if it does not. */
function unavailableReason(step: {
  from: EnvironmentApplication;
  to: EnvironmentApplication;
  source: { ok: true } | { ok: false; reason: string };
  target: { ok: true } | { ok: false; reason: string };
  fromImage?: PinnedImageView;
  toImage?: PinnedImageView;
}): string | undefined {
  const { from, to, source, target, fromImage, toImage } = step;
  if (!source.ok) return `${from.ref.application}: ${source.reason}`;
  if (!target.ok) return `${to.ref.application}: ${target.reason}`;
  if (fromImage && toImage && fromImage.reference === toImage.reference) {
    return `${to.environment} already runs ${fromImage.reference}`;
  }
  return undefined;
}

/**
 * The environments of an entity and promotions between them: the card's view (from the cached
 * application lists), and the preview and the promotion (from the applications read now, with the
 * gates computed again, whatever the view said).
 */
export class PromotionService {
  private readonly deployedImages: DeployedImages;

  constructor(
    private readonly options: {
      argocd: ArgoCdReads;
      gates: PromotionGates;
      repositories: GitopsRepositories;
      productionTargets: ProductionTargets;
    },
  ) {
    this.deployedImages = new DeployedImages(options.repositories);
  }

  /**
   * Binds both applications of a request to the entity without an upstream request; `claims`
   * (for a write) makes the target's claim exclusive.
   */
  bind(
    targets: DeliveryTargets,
    target: PromotionTarget,
    claims?: EntityClaims,
  ): BoundPromotion {
    const bind = (ref: PromotionApplicationRef, claimed?: EntityClaims) =>
      bindApplication({
        targets,
        argocd: this.options.argocd,
        ref,
        ...(claimed ? { claims: claimed } : {}),
      });
    return { from: bind(target.from), to: bind(target.to, claims) };
  }

  async getEnvironments(
    targets: DeliveryTargets,
  ): Promise<EnvironmentsResponse> {
    const { applications, failures } = await listEntityApplications(
      this.options.argocd,
      targets.argocd,
    );
    const ordered = environmentsInOrder(applications);
    const service = targets.serviceName;
    const runs = this.options.gates.runsOnce(targets);
    const images = await Promise.all(
      ordered.map(application =>
        this.deployedImages.deployedImage(application, service),
      ),
    );
    const environments = await Promise.all(
      ordered.map(async (application, i) => {
        const previous = ordered
          .slice(0, i)
          .reverse()
          .find(a => a.environment !== application.environment);
        const [behind, build] = await Promise.all([
          previous
            ? this.deployedImages.behind(previous, application, service)
            : undefined,
          builtBy({ targets, image: images[i], runs }),
        ]);
        return toEnvironmentView({
          application,
          behind,
          build,
          service,
          productionTargets: this.options.productionTargets,
        });
      }),
    );
    const pairs = promotionPairs(ordered);
    const gates = await this.options.gates.evaluate(
      targets,
      pairs.map(pair => ({
        ...pair,
        image: images[ordered.indexOf(pair.from)],
      })),
      runs,
    );
    return {
      environments,
      promotions: pairs.map((pair, i) =>
        this.stepView(pair, service, gates[i]),
      ),
      failures,
    };
  }

  private stepView(
    pair: PromotionPair,
    service: string,
    gates: PromotionGate[],
  ): PromotionStepView {
    const { from, to } = pair;
    const source = gitopsSource(this.options.repositories, from.app);
    const target = gitopsSource(this.options.repositories, to.app);
    const fromImage = runningImage(from.app, service);
    const toImage = runningImage(to.app, service);
    const unavailable = unavailableReason({
      from,
      to,
      source,
      target,
      fromImage,
      toImage,
    });
    return {
      from: { ...from.ref, environment: from.environment },
      to: { ...to.ref, environment: to.environment },
      available: !unavailable,
      ...(unavailable ? { reason: unavailable } : {}),
      image: {
        ...(fromImage ? { from: fromImage } : {}),
        ...(toImage ? { to: toImage } : {}),
      },
      gates,
      open: gates.every(isPassing),
      ...(this.isProductionLike(to)
        ? { confirmationName: to.ref.application }
        : {}),
      ...(target.ok ? { gitops: gitopsDestination(target) } : {}),
    };
  }

  async preview(
    targets: DeliveryTargets,
    bound: BoundPromotion,
    target: PromotionTarget,
  ): Promise<PromotionPreview> {
    const pair = await this.readPair(targets, bound);
    const [plan, gates] = await Promise.all([
      this.plan(targets, pair),
      this.gatesOf(targets, pair),
    ]);
    const alsoDeploys = applicationsSharingChange({
      repositories: this.options.repositories,
      application: pair.to,
      entityApplications: pair.entityApplications,
    });
    return {
      target,
      summary: describePin(plan, `what ${pair.from.environment} runs`),
      image: { from: pinned(plan.from), to: pinned(plan.to) },
      gates,
      open: gates.every(isPassing),
      ...(this.isProductionLike(pair.to)
        ? { confirmationName: pair.to.ref.application }
        : {}),
      gitops: {
        provider: plan.repository.provider,
        mode: plan.repository.mode,
        repository: plan.repository.url,
        branch: plan.branch,
        file: plan.file,
        diff: plan.diff,
        ...(alsoDeploys.length > 0 ? { alsoDeploys } : {}),
      },
    };
  }

  async promote(
    targets: DeliveryTargets,
    bound: BoundPromotion,
    target: PromotionTarget,
    execution: PromotionExecution,
  ): Promise<PromotionResult> {
    const pair = await this.readPair(targets, bound);
    const name = pair.to.ref.application;
    requireConfirmation({
      productionLike: this.isProductionLike(pair.to),
      name,
      confirmation: execution.confirmation,
    });
    const gates = await this.gatesOf(targets, pair);
    const shut = gates.filter(g => !isPassing(g));
    if (shut.length > 0 && !execution.override) {
      throw new ConflictError(
        `Promotion into ${pair.to.environment} is blocked: ${shut
          .map(g => `${g.title} (${g.state}): ${g.reason}`)
          .join('; ')}`,
      );
    }
    // Computed again from the branch as it is now, not from the preview.
    const plan = await this.plan(targets, pair);
    const overridden =
      shut.length > 0 && execution.override
        ? { gates: shut.map(g => g.id), reason: execution.override.reason }
        : undefined;
    const result = await this.change(plan, pair, execution, overridden);
    await this.options.argocd.invalidateApplications(
      pair.to.ref.instance,
      argoCdApplicationQuery(bound.to.target),
    );
    return {
      target,
      message: result.pullRequest
        ? `Opened ${result.pullRequest.url} to pin ${imageReference(
            plan.to,
          )} in ${plan.file}`
        : `Committed ${result.commit.sha.slice(0, 7)} to ${plan.branch}: ${
            plan.file
          } pins ${imageReference(plan.to)}`,
      commit: result.commit,
      ...(result.pullRequest ? { pullRequest: result.pullRequest } : {}),
      ...(overridden ? { overridden } : {}),
      replayed: false,
    };
  }

  private async change(
    plan: PromotionPlan,
    pair: PromotionPair,
    execution: PromotionExecution,
    overridden: PromotionResult['overridden'],
  ) {
    const { from, to } = pair;
    const tag = plan.to.newTag ?? plan.to.digest ?? imageReference(plan.to);
    const subject = `promote(${to.ref.application}): ${plan.to.name} ${tag} from ${from.environment}`;
    const body = [
      `Pins in ${plan.file} the image ${from.environment} runs (${
        from.ref.application
      } at ${plan.sourceRevision.slice(0, 7)}):`,
      `${imageReference(plan.from)} -> ${imageReference(plan.to)}`,
      ...(overridden
        ? [
            '',
            `Gates overridden: ${overridden.gates.join(', ')}`,
            `Reason: ${overridden.reason.replace(/\s+/g, ' ')}`,
          ]
        : []),
      '',
      `Requested-by: ${execution.actor} via Backstage`,
    ].join('\n');
    try {
      return await plan.repository.change({
        branch: plan.branch,
        path: plan.file,
        previousContent: plan.before,
        content: plan.after,
        message: `${subject}\n\n${body}\n`,
        changeBranch: `promote/${to.ref.application}-${execution.idempotencyKey}`,
        title: subject,
        description: `${body}\n\n\`\`\`diff\n${plan.diff}\`\`\`\n`,
      });
    } catch (error) {
      throw toGitopsError(error);
    }
  }

  private async gatesOf(
    targets: DeliveryTargets,
    pair: PromotionPair,
  ): Promise<PromotionGate[]> {
    const image = await this.deployedImages.deployedImage(
      pair.from,
      targets.serviceName,
    );
    const [gates] = await this.options.gates.evaluate(targets, [
      { ...pair, image },
    ]);
    return gates;
  }

  private plan(targets: DeliveryTargets, pair: PromotionPair) {
    return planPromotion({
      repositories: this.options.repositories,
      ...pair,
      service: targets.serviceName,
    });
  }

  /**
   * Both applications read now, and checked to be one step of the entity's promotion order
   * (dev → staging, staging → prod; never past an environment, never backwards).
   */
  /** The step's two applications, read now, and the entity's applications it was found among. */
  private async readPair(
    targets: DeliveryTargets,
    bound: BoundPromotion,
  ): Promise<PromotionPair & { entityApplications: EntityApplication[] }> {
    let from: EnvironmentApplication;
    let to: EnvironmentApplication;
    try {
      [from, to] = (
        await Promise.all([
          readEntityApplication(bound.from),
          readEntityApplication(bound.to),
        ])
      ).map(withEnvironment);
    } catch (error) {
      throw toActionError(error);
    }
    const { applications } = await listEntityApplications(
      this.options.argocd,
      targets.argocd,
    );
    const step = promotionPairs(environmentsInOrder(applications)).find(
      p => sameApplication(p.from, from.ref) && sameApplication(p.to, to.ref),
    );
    if (!step) {
      throw new NotFoundError(
        `Promoting ${from.ref.application} (${from.environment}) into ${to.ref.application} (${to.environment}) is not a step of the entity's environments; each environment takes the image of the one before it`,
      );
    }
    return { from, to, entityApplications: applications };
  }

  private isProductionLike(application: EnvironmentApplication): boolean {
    return this.options.productionTargets.isProductionLike(
      productionNames(application.app, application.client.name),
    );
  }
}
