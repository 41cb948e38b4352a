import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  hasArgoCdAnnotations,
} from '@go-delivery/plugin-delivery-common';
import { AnnotationGate, DeliveryCard, SearchedEmptyState } from '../../kit';
import { ApplicationSetSummary } from './ApplicationSetSummary';
import { ApplicationSummary } from './ApplicationSummary';
import { groupByApplicationSet } from './groupByApplicationSet';
import { useDeployments } from './useDeployments';

/** @public */
export interface ArgoCdDeploymentCardProps {
  /** How many history rows to show per application. */
  historyLimit?: number;
}

function DeploymentsInfoCard(props: { historyLimit: number }) {
  const deployments = useDeployments();
  return (
    <DeliveryCard
      title="Deployments"
      subheader="Argo CD"
      refreshes="deployments"
      data={deployments}
      failures={value => value.failures}
      empty={value =>
        value.applications.length === 0 && (
          <SearchedEmptyState
            title="No Argo CD application found"
            searched={value.instances}
            kind="instance"
            hint="; check the argocd/* annotations of this entity."
          />
        )
      }
    >
      {value =>
        groupByApplicationSet(value).map(entry => {
          const summaries = entry.applications.map(app => (
            <ApplicationSummary
              key={`${app.instance}/${app.namespace ?? ''}/${app.name}`}
              app={app}
              historyLimit={props.historyLimit}
            />
          ));
          return entry.appSet ? (
            <ApplicationSetSummary
              key={`set:${entry.appSet.instance}/${
                entry.appSet.namespace ?? ''
              }/${entry.appSet.name}`}
              appSet={entry.appSet}
            >
              {summaries}
            </ApplicationSetSummary>
          ) : (
            summaries
          );
        })
      }
    </DeliveryCard>
  );
}

/**
 * Argo CD sync and health, current revision, last deploy and recent history for each of the
 * entity's applications, on every instance that holds one.
 *
 * @public
 */
export function ArgoCdDeploymentCard(props: ArgoCdDeploymentCardProps) {
  return (
    <AnnotationGate
      when={hasArgoCdAnnotations}
      annotation={[ARGOCD_APP_NAME_ANNOTATION, ARGOCD_APP_SELECTOR_ANNOTATION]}
    >
      <DeploymentsInfoCard historyLimit={props.historyLimit ?? 5} />
    </AnnotationGate>
  );
}
