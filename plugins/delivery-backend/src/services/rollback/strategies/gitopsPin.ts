import {
  deliveryRollbackPermission,
  GitOpsRollbackInfo,
  GitOpsRollbackTarget,
  RollbackPreview,
  RollbackResult,
} from '@go-delivery/plugin-delivery-common';
import { ArgoCdApplication } from '@go-delivery/plugin-delivery-node';
import { ProductionTargets } from '../../../actions/confirmation';
import { ArgoCdReads } from '../../../upstreams/argocd/ArgoCdReads';
import {
  BoundApplication,
  EntityApplication,
  listEntityApplications,
} from '../../../binding/argoCdApplications';
import { describeEntry, isAutoSyncEnabled } from '../applicationHistory';
import { GitopsRepositories } from '../gitops/GitopsRepositories';
import { applicationsSharingChange } from '../sharedGitopsChange';
import { imageReference } from '../gitops/kustomizationImages';
import { describePin } from '../gitops/overlayImages';
import {
  gitopsDestination,
  gitopsSource,
  planGitopsRollback,
  toGitopsError,
} from '../planGitopsRollback';
import {
  applicationAndEntry,
  confirmedApplicationAndEntry,
  historyPreviewFields,
  pinned,
} from './applicationEntry';
import { applicationTargetParts, RollbackStrategy } from './RollbackStrategy';

/**
 * A GitOps change that pins an earlier deploy's image in the application's overlay: a commit to
 * a local repository, or a pull request (merge request) on GitHub or GitLab. The plan is computed
 * from the branch as it is now, for the preview and again for the change.
 */
export function gitopsPinStrategy(deps: {
  argocd: ArgoCdReads;
  gitopsRepositories: GitopsRepositories;
  productionTargets: ProductionTargets;
}): RollbackStrategy<GitOpsRollbackTarget, BoundApplication> & {
  option(app: ArgoCdApplication, hasEarlier: boolean): GitOpsRollbackInfo;
} {
  const plan = (
    bound: { serviceName: string },
    found: Awaited<ReturnType<typeof applicationAndEntry>>,
  ) =>
    planGitopsRollback({
      repositories: deps.gitopsRepositories,
      app: found.app,
      entry: found.entry,
      service: bound.serviceName,
    });
  const sharingChange = async (
    bound: BoundApplication,
    application: EntityApplication,
  ) =>
    applicationsSharingChange({
      repositories: deps.gitopsRepositories,
      application,
      entityApplications: (
        await listEntityApplications(deps.argocd, bound.target)
      ).applications,
    });
  return {
    kind: 'gitops',
    permission: deliveryRollbackPermission,
    option(app, hasEarlier) {
      const source = gitopsSource(deps.gitopsRepositories, app);
      if (!source.ok) return { available: false, reason: source.reason };
      return {
        available: hasEarlier,
        ...(hasEarlier
          ? {}
          : { reason: 'There is no earlier deploy in the history' }),
        ...gitopsDestination(source),
      };
    },
    ...applicationTargetParts(deps),
    async preview(bound, target): Promise<RollbackPreview> {
      const found = await applicationAndEntry(bound, target);
      const { app, entry } = found;
      const [change, alsoDeploys] = await Promise.all([
        plan(bound, found),
        sharingChange(bound, found),
      ]);
      const name = app.metadata?.name ?? '';
      return {
        target,
        summary: describePin(change, `the image of ${describeEntry(entry)}`),
        ...historyPreviewFields(deps.productionTargets, found),
        image: { from: pinned(change.from), to: pinned(change.to) },
        gitops: {
          provider: change.repository.provider,
          mode: change.repository.mode,
          repository: change.repository.url,
          branch: change.branch,
          file: change.file,
          diff: change.diff,
          ...(alsoDeploys.length > 0 ? { alsoDeploys } : {}),
        },
        notes: [
          isAutoSyncEnabled(app)
            ? 'Automated sync deploys the change once it is on the branch.'
            : `Automated sync is off: sync '${name}' after the change is on the branch.`,
        ],
      };
    },
    async execute(bound, target, execution): Promise<RollbackResult> {
      const found = await confirmedApplicationAndEntry({
        bound,
        target,
        productionTargets: deps.productionTargets,
        confirmation: execution.confirmation,
      });
      const { entry, name } = found;
      // Computed again from the branch as it is now, not from the preview.
      const change = await plan(bound, found);
      const tag =
        change.to.newTag ?? change.to.digest ?? imageReference(change.to);
      const subject = `rollback(${name}): pin ${change.to.name} to ${tag}`;
      const body = [
        `Returns ${change.file} to the image of ${describeEntry(entry)}:`,
        `${imageReference(change.from)} -> ${imageReference(change.to)}`,
        '',
        `Requested-by: ${execution.actor} via Backstage`,
      ].join('\n');
      try {
        const result = await change.repository.change({
          branch: change.branch,
          path: change.file,
          previousContent: change.before,
          content: change.after,
          message: `${subject}\n\n${body}\n`,
          changeBranch: `rollback/${name}-${entry.id ?? 0}-${
            execution.idempotencyKey
          }`,
          title: subject,
          description: `${body}\n\n\`\`\`diff\n${change.diff}\`\`\`\n`,
        });
        return {
          target,
          message: result.pullRequest
            ? `Opened ${result.pullRequest.url} to pin ${imageReference(
                change.to,
              )} in ${change.file}`
            : `Committed ${result.commit.sha.slice(0, 7)} to ${
                change.branch
              }: ${change.file} pins ${imageReference(change.to)}`,
          commit: result.commit,
          ...(result.pullRequest ? { pullRequest: result.pullRequest } : {}),
          replayed: false,
        };
      } catch (error) {
        throw toGitopsError(error);
      }
    },
  };
}
