import { ArgoCdApplication } from '@go-delivery/plugin-delivery-node';
import { EntityApplication } from '../../binding/argoCdApplications';
import { GitopsRepositories } from './gitops/GitopsRepositories';
import { gitopsDestination, gitopsSource } from './planGitopsRollback';

/**
 * The entity's other applications whose GitOps change lands in the same file of the same
 * repository and branch (the clusters of one ApplicationSet rendering one values file): a change
 * made for one deploys them all. Named as the preview shows them (`name`, or `name on instance`
 * for another instance).
 */
export function applicationsSharingChange(options: {
  repositories: GitopsRepositories;
  application: EntityApplication;
  entityApplications: EntityApplication[];
}): string[] {
  const { repositories, application } = options;
  const destinationOf = (app: ArgoCdApplication) => {
    const source = gitopsSource(repositories, app);
    if (!source.ok) return undefined;
    const { repository, branch, file } = gitopsDestination(source);
    return JSON.stringify([repository, branch ?? '', file]);
  };
  const destination = destinationOf(application.app);
  if (!destination) return [];
  const isItself = (other: EntityApplication) =>
    other.client.name === application.client.name &&
    other.app.metadata?.name === application.app.metadata?.name &&
    other.app.metadata?.namespace === application.app.metadata?.namespace;
  return options.entityApplications
    .filter(
      other => !isItself(other) && destinationOf(other.app) === destination,
    )
    .map(({ client, app }) => {
      const name = app.metadata?.name ?? '(unnamed)';
      return client.name === application.client.name
        ? name
        : `${name} on ${client.name}`;
    });
}
