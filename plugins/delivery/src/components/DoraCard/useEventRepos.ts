import { DeliveryEventView } from '@go-delivery/plugin-delivery-common';
import { useDeployments } from '../ArgoCdDeploymentCard';

/**
 * The GitOps repository each event's revision is in, from the Argo CD applications the tab has
 * already loaded (an event names its instance and application). Outside the tab, or for an
 * application no longer there, the revision is shown unlinked rather than read again.
 */
export function useEventRepos(): (
  event: DeliveryEventView,
) => string | undefined {
  const deployments = useDeployments({ enabled: false });
  const repos = new Map<string, string>();
  for (const app of deployments.value?.applications ?? []) {
    if (app.source?.repoURL) {
      repos.set(`${app.instance}/${app.name}`, app.source.repoURL);
    }
  }
  return event =>
    event.instance && event.application
      ? repos.get(`${event.instance}/${event.application}`)
      : undefined;
}
