import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AbortCanaryRollbackTarget,
  ArgoCdRollbackTarget,
  deliveryRollbackPermission,
  GitOpsRollbackInfo,
  GitOpsRollbackTarget,
  KUBERNETES_ID_ANNOTATION,
  PinnedImage,
  RollbackApplicationOption,
  RollbackCanaryOption,
  RollbackOptionsResponse,
  RollbackPreview,
  RollbackRequest,
  RollbackResult,
  RollbackTarget,
  rolloutAbortPermission,
  RolloutView,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { ActionOnce } from '../../lib/ActionOnce';
import {
  authorizeEntityAction,
  entityPermissionDecisions,
  principalOf,
} from '../../lib/authorizeEntityAction';
import { CachedLoader } from '../../lib/CachedLoader';
import { ProductionTargets } from '../../lib/productionTargets';
import { toActionError } from '../../upstreams/kubernetes/toActionError';
import {
  checkConfirmation,
  RolloutsService,
} from '../rollouts/RolloutsService';
import {
  describeEntry,
  historyEntry,
  historyView,
  isAutoSyncEnabled,
  isOperationRunning,
  productionNames,
} from './applicationHistory';
import {
  argoCdApplicationsCacheKey,
  ArgoCdInstances,
} from '../deployments/ArgoCdInstances';
import { EntityApplication, EntityApplications } from './entityApplications';
import { GitopsRepositories } from './gitops/GitopsRepositories';
import { imageReference, KustomizeImage } from './gitops/kustomizationImages';
import {
  gitopsSource,
  GitopsPlan,
  kustomizationPath,
  planGitopsRollback,
  toGitopsError,
} from './planGitopsRollback';
import {
  ArgoCdApplication,
  ArgoCdClient,
} from '@go-delivery/plugin-delivery-node';

export interface RollbackServiceOptions {
  argocd: ArgoCdInstances;
  rollouts: RolloutsService;
  gitopsRepositories: GitopsRepositories;
  permissions: PermissionsService;
  actionOnce: ActionOnce;
  productionTargets: ProductionTargets;
  /** The loader the deployments card reads through; its entry is dropped after a rollback. */
  loader: CachedLoader;
}

const AUTO_SYNC_REFUSAL =
  'Argo CD refuses a rollback while automated sync is on ("rollback cannot be initiated when auto-sync is enabled")';

function pinned(image: KustomizeImage): PinnedImage {
  return {
    name: image.name,
    reference: imageReference(image),
    ...(image.newTag ? { tag: image.newTag } : {}),
    ...(image.digest ? { digest: image.digest } : {}),
  };
}

/**
 * Rollback from the UI, one API behind one dialog: what applies to the entity (abort a running
 * canary; Argo CD's rollback to a history entry, with auto-sync turned off first where needed; a
 * GitOps change pinning an earlier deploy's image), a preview that changes nothing, and the
 * rollback itself — permission-checked before any upstream call, confirmed by name for
 * production-like targets, and acted on once per idempotency key.
 */
export class RollbackService {
  private readonly applications: EntityApplications;

  constructor(private readonly options: RollbackServiceOptions) {
    this.applications = new EntityApplications(options.argocd);
  }

  async listOptions(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<RollbackOptionsResponse> {
    const [rollouts, applications, allowed] = await Promise.all([
      this.options.rollouts.listRollouts(entity),
      this.applications.list(entity),
      entityPermissionDecisions({
        permissions: this.options.permissions,
        entity,
        credentials,
        checks: [rolloutAbortPermission, deliveryRollbackPermission],
      }),
    ]);
    return {
      canaries: rollouts.rollouts
        .filter(r => r.strategy === 'canary' && r.actions.abort)
        .map(canaryOption),
      applications: applications.applications.map(a =>
        this.applicationOption(a),
      ),
      allowed: { abortCanary: allowed[0], rollback: allowed[1] },
      failures: [...rollouts.failures, ...applications.failures],
    };
  }

  /** What the rollback would change; reads upstreams, writes nothing. */
  async preview(
    entity: Entity,
    target: RollbackTarget,
    credentials: BackstageCredentials,
  ): Promise<RollbackPreview> {
    this.resolve(entity, target);
    await this.authorize(entity, target, credentials);
    switch (target.kind) {
      case 'abort-canary':
        return this.previewAbort(entity, target);
      case 'argocd':
        return this.previewArgoCd(entity, target);
      default:
        return this.previewGitops(entity, target);
    }
  }

  async rollback(
    entity: Entity,
    request: RollbackRequest,
    credentials: BackstageCredentials,
  ): Promise<RollbackResult> {
    const { confirmation, idempotencyKey, ...target } = request;
    this.resolve(entity, target);
    await this.authorize(entity, target, credentials);
    const actor = principalOf(credentials) ?? 'unknown';
    const lock =
      target.kind === 'abort-canary'
        ? `rollout:${target.rollout.cluster}/${target.rollout.namespace}/${target.rollout.name}`
        : `application:${target.instance}/${target.appNamespace ?? ''}/${
            target.application
          }`;
    const { value, replayed } = await this.options.actionOnce.run({
      scope: {
        actor,
        entityRef: stringifyEntityRef(entity),
        idempotencyKey,
      },
      target: lock,
      description:
        target.kind === 'abort-canary'
          ? `An action on Rollout '${target.rollout.name}'`
          : `A rollback of '${target.application}'`,
      act: (): Promise<RollbackResult> => {
        switch (target.kind) {
          case 'abort-canary':
            return this.abort(entity, target, confirmation);
          case 'argocd':
            return this.rollbackArgoCd(entity, target, confirmation, actor);
          default:
            return this.rollbackGitops(entity, target, confirmation, actor);
        }
      },
    });
    return { ...value, replayed };
  }

  /** Validates the target against the entity's annotations and the config; no upstream call. */
  private resolve(entity: Entity, target: RollbackTarget): void {
    if (target.kind === 'abort-canary') {
      this.options.rollouts.resolve(entity, target.rollout);
    } else {
      this.applications.resolve(entity, target);
    }
  }

  private authorize(
    entity: Entity,
    target: RollbackTarget,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return authorizeEntityAction({
      permissions: this.options.permissions,
      entity,
      credentials,
      permission:
        target.kind === 'abort-canary'
          ? rolloutAbortPermission
          : deliveryRollbackPermission,
    });
  }

  private isProductionLike(a: EntityApplication): boolean {
    return this.options.productionTargets.isProductionLike(
      productionNames(a.app, a.client.name),
    );
  }

  private applicationOption(a: EntityApplication): RollbackApplicationOption {
    const { app, client } = a;
    const name = app.metadata?.name ?? '';
    const autoSync = isAutoSyncEnabled(app);
    const history = historyView(app);
    const earlier = history.filter(h => !h.current && h.revision);
    let argocd: RollbackApplicationOption['argocd'] = {
      available: earlier.length > 0,
      requiresDisablingAutoSync: autoSync,
      ...(earlier.length === 0
        ? { reason: 'There is no earlier deploy in the history' }
        : {}),
    };
    if (earlier.length > 0 && isOperationRunning(app)) {
      argocd = {
        available: false,
        requiresDisablingAutoSync: autoSync,
        reason: 'Another operation (a sync) is running; wait for it to finish',
      };
    } else if (earlier.length > 0 && autoSync) {
      argocd.reason = `${AUTO_SYNC_REFUSAL}: the rollback turns it off first, as Argo CD's UI does, and it stays off until someone turns it on again`;
    }
    return {
      instance: client.name,
      application: name,
      ...(app.metadata?.namespace
        ? { appNamespace: app.metadata.namespace }
        : {}),
      ...(app.spec?.project ? { project: app.spec.project } : {}),
      ...(app.status?.sync?.revision
        ? { currentRevision: app.status.sync.revision }
        : {}),
      autoSync,
      confirmationRequired: this.isProductionLike(a),
      confirmationText: name,
      argocd,
      gitops: this.gitopsInfo(app, earlier.length > 0),
      history,
    };
  }

  private gitopsInfo(
    app: ArgoCdApplication,
    hasEarlier: boolean,
  ): GitOpsRollbackInfo {
    const source = gitopsSource(this.options.gitopsRepositories, app);
    if (!source.ok) return { available: false, reason: source.reason };
    const { repository } = source;
    return {
      available: hasEarlier,
      ...(hasEarlier
        ? {}
        : { reason: 'There is no earlier deploy in the history' }),
      provider: repository.provider,
      mode: repository.mode,
      repository: repository.url,
      ...(source.targetRevision ? { branch: source.targetRevision } : {}),
      file: kustomizationPath(source.directory, 'kustomization.yaml'),
    };
  }

  private async previewAbort(
    entity: Entity,
    target: AbortCanaryRollbackTarget,
  ): Promise<RollbackPreview> {
    const rollout = await this.options.rollouts.getRollout(
      entity,
      target.rollout,
    );
    requireRunningCanary(rollout);
    const option = canaryOption(rollout);
    return {
      target,
      summary: `Abort the canary of '${
        rollout.name
      }': all traffic returns to the stable ReplicaSet ${
        rollout.stableHash ?? ''
      } (${option.stableImages.join(', ') || 'unknown image'})`.replace(
        ' ()',
        '',
      ),
      confirmationRequired: rollout.confirmationRequired,
      confirmationText: rollout.name,
      canary: {
        ...(rollout.weights ? { weights: rollout.weights } : {}),
        ...(rollout.stableHash ? { stableHash: rollout.stableHash } : {}),
        canaryImages: option.canaryImages,
        stableImages: option.stableImages,
      },
      notes: [
        "The Rollout's spec still names the new version: it stays aborted (Degraded) until it is retried, or its template is returned to the stable one (undo, or a GitOps rollback).",
      ],
    };
  }

  private async abort(
    entity: Entity,
    target: AbortCanaryRollbackTarget,
    confirmation: string | undefined,
  ): Promise<RollbackResult> {
    const rollout = await this.options.rollouts.getRollout(
      entity,
      target.rollout,
    );
    requireRunningCanary(rollout);
    const result = await this.options.rollouts.perform({
      entity,
      action: 'abort',
      ref: target.rollout,
      confirmation,
    });
    return { target, message: result.message, replayed: false };
  }

  /** The entity's application and the history entry, read now. */
  private async applicationAndEntry(
    entity: Entity,
    target: ArgoCdRollbackTarget | GitOpsRollbackTarget,
  ) {
    let found: EntityApplication;
    try {
      found = await this.applications.find(entity, target);
    } catch (error) {
      throw toActionError(error);
    }
    const entry = historyEntry(found.app, target.historyId);
    if (!entry) {
      throw new NotFoundError(
        `Application '${target.application}' has no deploy with id ${target.historyId} in its history`,
      );
    }
    return { ...found, entry };
  }

  private async previewArgoCd(
    entity: Entity,
    target: ArgoCdRollbackTarget,
  ): Promise<RollbackPreview> {
    const { app, client, entry } = await this.applicationAndEntry(
      entity,
      target,
    );
    const autoSync = isAutoSyncEnabled(app);
    const notes: string[] = [];
    if (autoSync) {
      notes.push(
        target.disableAutoSync
          ? "Automated sync is turned off first, as Argo CD's UI does; it stays off until someone turns it on again, or the next commit would undo the rollback."
          : `${AUTO_SYNC_REFUSAL}. Ask for 'disable auto-sync, then roll back' (disableAutoSync) to proceed.`,
      );
    }
    if (isOperationRunning(app)) {
      notes.push(
        'Another operation is running; Argo CD refuses a rollback until it ends.',
      );
    }
    notes.push(
      'Argo CD will show the application OutOfSync afterwards: the branch still names the newer revision. A GitOps rollback changes the branch instead.',
    );
    let image: RollbackPreview['image'];
    try {
      const plan = await planGitopsRollback({
        repositories: this.options.gitopsRepositories,
        app,
        entry,
        service: serviceName(entity),
      });
      image = { from: pinned(plan.from), to: pinned(plan.to) };
    } catch (error) {
      notes.push(
        `The image of that deploy is not known: ${(error as Error).message}`,
      );
    }
    return {
      target,
      summary: `Argo CD syncs '${app.metadata?.name}' on '${
        client.name
      }' back to ${describeEntry(entry)}`,
      confirmationRequired: this.isProductionLike({ app, client }),
      confirmationText: app.metadata?.name ?? '',
      ...(app.status?.sync?.revision
        ? { fromRevision: app.status.sync.revision }
        : {}),
      ...(entry.revision ? { toRevision: entry.revision } : {}),
      ...(entry.deployedAt ? { toDeployedAt: String(entry.deployedAt) } : {}),
      ...(image ? { image } : {}),
      autoSyncEnabled: autoSync,
      willDisableAutoSync: autoSync && target.disableAutoSync === true,
      notes,
    };
  }

  private async rollbackArgoCd(
    entity: Entity,
    target: ArgoCdRollbackTarget,
    confirmation: string | undefined,
    actor: string,
  ): Promise<RollbackResult> {
    const { app, client, entry } = await this.applicationAndEntry(
      entity,
      target,
    );
    const name = app.metadata?.name ?? target.application;
    if (this.isProductionLike({ app, client })) {
      checkConfirmation(name, confirmation);
    }
    if (entry.revision && entry.revision === app.status?.sync?.revision) {
      throw new ConflictError(
        `'${name}' already runs ${shortRevision(entry.revision)}`,
      );
    }
    if (isOperationRunning(app)) {
      throw new ConflictError(
        `Another operation is running on '${name}'; Argo CD refuses a rollback until it ends`,
      );
    }
    const ref = {
      name,
      appNamespace: app.metadata?.namespace,
      project: app.spec?.project,
    };
    const autoSync = isAutoSyncEnabled(app);
    if (autoSync && !target.disableAutoSync) {
      throw new ConflictError(
        `${AUTO_SYNC_REFUSAL}. Choose 'disable auto-sync, then roll back' (disableAutoSync: true) to turn it off first.`,
      );
    }
    try {
      if (autoSync) await this.disableAutoSync(client, ref, app);
      const started = await client.rollbackApplication(ref, {
        id: target.historyId,
        prune: target.prune ?? false,
      });
      const target0 = this.applications.target(entity);
      if (target0) {
        await this.options.loader.invalidate(
          argoCdApplicationsCacheKey(client.name, target0),
        );
      }
      const state = started.status?.operationState;
      return {
        target,
        message: `Argo CD is syncing '${name}' back to ${describeEntry(entry)}${
          autoSync ? ' (automated sync turned off)' : ''
        }; requested by ${actor}`,
        operation: {
          ...(state?.phase ? { phase: state.phase } : {}),
          ...(entry.revision ? { revision: entry.revision } : {}),
          ...(state?.startedAt ? { startedAt: String(state.startedAt) } : {}),
        },
        autoSyncDisabled: autoSync,
        replayed: false,
      };
    } catch (error) {
      throw toActionError(error);
    }
  }

  /**
   * Turns automated sync off the way Argo CD's UI does: the spec with `automated.enabled: false`,
   * without validation. Argo CD releases that do not know `enabled` keep it on; then `automated`
   * is removed, as their UI did.
   */
  private async disableAutoSync(
    client: ArgoCdClient,
    ref: { name: string; appNamespace?: string; project?: string },
    app: ArgoCdApplication,
  ): Promise<void> {
    const spec = structuredClone(app.spec ?? {});
    spec.syncPolicy = {
      ...spec.syncPolicy,
      automated: { ...spec.syncPolicy?.automated, enabled: false },
    };
    const stored = await client.updateApplicationSpec(ref, spec, {
      validate: false,
    });
    if (!isAutoSyncEnabled({ spec: stored })) return;
    const { automated: _off, ...syncPolicy } = spec.syncPolicy;
    await client.updateApplicationSpec(
      ref,
      { ...spec, syncPolicy },
      { validate: false },
    );
  }

  private async previewGitops(
    entity: Entity,
    target: GitOpsRollbackTarget,
  ): Promise<RollbackPreview> {
    const { app, client, entry } = await this.applicationAndEntry(
      entity,
      target,
    );
    const plan = await this.planGitops(entity, app, entry);
    const name = app.metadata?.name ?? '';
    return {
      target,
      summary: `${
        plan.repository.mode === 'pull-request'
          ? `Open a pull request against ${plan.branch} that pins`
          : `Commit to ${plan.branch}: pin`
      } ${plan.to.name} to ${imageReference(
        plan.to,
      )} (the image of ${describeEntry(entry)}) in ${plan.file}`,
      confirmationRequired: this.isProductionLike({ app, client }),
      confirmationText: name,
      ...(app.status?.sync?.revision
        ? { fromRevision: app.status.sync.revision }
        : {}),
      ...(entry.revision ? { toRevision: entry.revision } : {}),
      ...(entry.deployedAt ? { toDeployedAt: String(entry.deployedAt) } : {}),
      image: { from: pinned(plan.from), to: pinned(plan.to) },
      gitops: {
        provider: plan.repository.provider,
        mode: plan.repository.mode,
        repository: plan.repository.url,
        branch: plan.branch,
        file: plan.file,
        diff: plan.diff,
      },
      notes: [
        isAutoSyncEnabled(app)
          ? 'Automated sync deploys the change once it is on the branch.'
          : `Automated sync is off: sync '${name}' after the change is on the branch.`,
      ],
    };
  }

  private async rollbackGitops(
    entity: Entity,
    target: GitOpsRollbackTarget,
    confirmation: string | undefined,
    actor: string,
  ): Promise<RollbackResult> {
    const { app, client, entry } = await this.applicationAndEntry(
      entity,
      target,
    );
    const name = app.metadata?.name ?? target.application;
    if (this.isProductionLike({ app, client })) {
      checkConfirmation(name, confirmation);
    }
    // Computed again from the branch as it is now, not from the preview.
    const plan = await this.planGitops(entity, app, entry);
    const tag = plan.to.newTag ?? plan.to.digest ?? imageReference(plan.to);
    const subject = `rollback(${name}): pin ${plan.to.name} to ${tag}`;
    const body = [
      `Returns ${plan.file} to the image of ${describeEntry(entry)}:`,
      `${imageReference(plan.from)} -> ${imageReference(plan.to)}`,
      '',
      `Requested-by: ${actor} via Backstage`,
    ].join('\n');
    try {
      const result = await plan.repository.change({
        branch: plan.branch,
        path: plan.file,
        previousContent: plan.before,
        content: plan.after,
        message: `${subject}\n\n${body}\n`,
        changeBranch: `rollback/${name}-${entry.id ?? 0}-${Date.now().toString(
          36,
        )}`,
        title: subject,
        description: `${body}\n\n\`\`\`diff\n${plan.diff}\`\`\`\n`,
      });
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
        replayed: false,
      };
    } catch (error) {
      throw toGitopsError(error);
    }
  }

  private planGitops(
    entity: Entity,
    app: ArgoCdApplication,
    entry: NonNullable<ReturnType<typeof historyEntry>>,
  ): Promise<GitopsPlan> {
    return planGitopsRollback({
      repositories: this.options.gitopsRepositories,
      app,
      entry,
      service: serviceName(entity),
    });
  }
}

function serviceName(entity: Entity): string {
  return (
    entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
    entity.metadata.name
  );
}

function requireRunningCanary(rollout: RolloutView): void {
  if (rollout.strategy !== 'canary' || !rollout.actions.abort) {
    throw new ConflictError(
      `Rollout '${rollout.name}' has no canary running to abort`,
    );
  }
}

function canaryOption(rollout: RolloutView): RollbackCanaryOption {
  const images = (role: string) => [
    ...new Set(
      rollout.replicaSets.filter(r => r.role === role).flatMap(r => r.images),
    ),
  ];
  return {
    rollout: {
      cluster: rollout.cluster,
      namespace: rollout.namespace,
      name: rollout.name,
    },
    phase: rollout.phase,
    ...(rollout.message ? { message: rollout.message } : {}),
    ...(rollout.currentStepIndex !== undefined
      ? { currentStepIndex: rollout.currentStepIndex }
      : {}),
    totalSteps: rollout.totalSteps,
    ...(rollout.weights ? { weights: rollout.weights } : {}),
    canaryImages: images('canary'),
    stableImages: images('stable'),
    confirmationRequired: rollout.confirmationRequired,
    confirmationText: rollout.name,
  };
}
