import {
  ArgoCdApplicationSetView,
  ArgoCdApplicationView,
  DeploymentsResponse,
} from '@go-delivery/plugin-delivery-common';

/** An application on its own, or the applications one ApplicationSet generated. */
export interface DeploymentGroup {
  appSet?: ArgoCdApplicationSetView;
  applications: ArgoCdApplicationView[];
}

/**
 * The applications in the order answered, those of one ApplicationSet gathered where the first
 * of them stands.
 */
export function groupByApplicationSet(
  response: Pick<DeploymentsResponse, 'applications' | 'applicationSets'>,
): DeploymentGroup[] {
  const setKey = (
    instance: string,
    namespace: string | undefined,
    name: string,
  ) => `${instance}/${namespace ?? ''}/${name}`;
  const sets = new Map(
    (response.applicationSets ?? []).map(appSet => [
      setKey(appSet.instance, appSet.namespace, appSet.name),
      appSet,
    ]),
  );
  const groups: DeploymentGroup[] = [];
  const bySet = new Map<string, DeploymentGroup>();
  for (const app of response.applications) {
    const key = app.applicationSet
      ? setKey(app.instance, app.namespace, app.applicationSet)
      : undefined;
    const appSet = key ? sets.get(key) : undefined;
    if (!key || !appSet) {
      groups.push({ applications: [app] });
      continue;
    }
    const group = bySet.get(key);
    if (group) {
      group.applications.push(app);
    } else {
      const created = { appSet, applications: [app] };
      bySet.set(key, created);
      groups.push(created);
    }
  }
  return groups;
}
