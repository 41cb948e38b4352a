import { ConflictError } from '@backstage/errors';
import {
  ArgoCdRollbackTarget,
  deliveryRollbackPermission,
  RollbackApplicationOption,
  RollbackPreview,
  RollbackResult,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  deployedRevision,
  sameRevision,
} from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../../actions/confirmation';
import { toActionError } from '../../../actions/toActionError';
import {
  argoCdApplicationQuery,
  ArgoCdReads,
} from '../../../upstreams/argocd/ArgoCdReads';
import { BoundApplication } from '../../../binding/argoCdApplications';
import {
  describeEntry,
  isAutoSyncEnabled,
  isOperationRunning,
} from '../applicationHistory';
import { GitopsRepositories } from '../gitops/GitopsRepositories';
import { planGitopsRollback } from '../planGitopsRollback';
import {
  applicationAndEntry,
  confirmedApplicationAndEntry,
  historyPreviewFields,
  pinned,
} from './applicationEntry';
import { disableAutoSync } from './disableAutoSync';
import { applicationTargetParts, RollbackStrategy } from './RollbackStrategy';

const AUTO_SYNC_REFUSAL =
  'Argo CD refuses a rollback while automated sync is on ("rollback cannot be initiated when auto-sync is enabled")';

/** Whether Argo CD's rollback applies to the application, and what it needs first. */
export function argoCdOption(
  app: ArgoCdApplication,
  earlierDeploys: number,
): RollbackApplicationOption['argocd'] {
  const autoSync = isAutoSyncEnabled(app);
  if (earlierDeploys === 0) {
    return {
      available: false,
      requiresDisablingAutoSync: autoSync,
      reason: 'There is no earlier deploy in the history',
    };
  }
  if (isOperationRunning(app)) {
    return {
      available: false,
      requiresDisablingAutoSync: autoSync,
      reason: 'Another operation (a sync) is running; wait for it to finish',
    };
  }
  return {
    available: true,
    requiresDisablingAutoSync: autoSync,
    ...(autoSync
      ? {
          reason: `${AUTO_SYNC_REFUSAL}: the rollback turns it off first, as Argo CD's UI does, and it stays off until someone turns it on again`,
        }
      : {}),
  };
}

/**
 * Argo CD's own rollback to an entry of the application's history
 * (`POST /api/v1/applications/{name}/rollback`), with automated sync turned off first when the
 * request asks for it (Argo CD refuses otherwise).
 */
export function argoCdHistoryStrategy(deps: {
  argocd: ArgoCdReads;
  gitopsRepositories: GitopsRepositories;
  productionTargets: ProductionTargets;
}): RollbackStrategy<ArgoCdRollbackTarget, BoundApplication> {
  return {
    kind: 'argocd',
    permission: deliveryRollbackPermission,
    ...applicationTargetParts(deps),
    async preview(bound, target): Promise<RollbackPreview> {
      const found = await applicationAndEntry(bound, target);
      const { app, client, entry } = found;
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
          repositories: deps.gitopsRepositories,
          app,
          entry,
          service: bound.serviceName,
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
        ...historyPreviewFields(deps.productionTargets, found),
        ...(image ? { image } : {}),
        autoSyncEnabled: autoSync,
        willDisableAutoSync: autoSync && target.disableAutoSync === true,
        notes,
      };
    },
    async execute(bound, target, execution): Promise<RollbackResult> {
      const { app, client, entry, name } = await confirmedApplicationAndEntry({
        bound,
        target,
        productionTargets: deps.productionTargets,
        confirmation: execution.confirmation,
      });
      if (sameRevision(entry, app.status?.sync)) {
        throw new ConflictError(
          `'${name}' already runs ${shortRevision(deployedRevision(entry))}`,
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
        if (autoSync) await disableAutoSync(client, ref, app);
        const started = await client.rollbackApplication(ref, {
          id: target.historyId,
          prune: target.prune ?? false,
        });
        await deps.argocd.invalidateApplications(
          client.name,
          argoCdApplicationQuery(bound.target),
        );
        const state = started.status?.operationState;
        return {
          target,
          message: `Argo CD is syncing '${name}' back to ${describeEntry(
            entry,
          )}${autoSync ? ' (automated sync turned off)' : ''}; requested by ${
            execution.actor
          }`,
          operation: {
            ...(state?.phase ? { phase: state.phase } : {}),
            ...(deployedRevision(entry)
              ? { revision: deployedRevision(entry) }
              : {}),
            ...(state?.startedAt ? { startedAt: String(state.startedAt) } : {}),
          },
          autoSyncDisabled: autoSync,
          replayed: false,
        };
      } catch (error) {
        throw toActionError(error);
      }
    },
  };
}
