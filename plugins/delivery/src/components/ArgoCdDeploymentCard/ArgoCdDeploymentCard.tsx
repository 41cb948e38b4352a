import {
  EmptyState,
  InfoCard,
  MissingAnnotationEmptyState,
  Progress,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import IconButton from '@material-ui/core/IconButton';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  hasArgoCdAnnotations,
} from '@go-delivery/plugin-delivery-common';
import { CARD_TITLE_PROPS } from '../../utils/cardTitle';
import { RequestErrorPanel } from '../RequestErrorPanel';
import { UpstreamFailures } from '../UpstreamFailures';
import { ApplicationSummary } from './ApplicationSummary';
import { useDeployments } from './useDeployments';

/** @public */
export interface ArgoCdDeploymentCardProps {
  /** How many history rows to show per application. */
  historyLimit?: number;
}

function DeploymentsInfoCard(props: { historyLimit: number }) {
  const { value, loading, error, retry } = useDeployments();
  let body: React.ReactNode;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <RequestErrorPanel error={error} />;
  } else if (value) {
    body = (
      <>
        <UpstreamFailures failures={value.failures} />
        {value.applications.length === 0 && value.failures.length === 0 && (
          <EmptyState
            missing="data"
            title="No Argo CD application found"
            description={`Searched ${
              value.instances.join(', ') || 'no configured instance'
            }; check the argocd/* annotations of this entity.`}
          />
        )}
        {value.applications.map(app => (
          <ApplicationSummary
            key={`${app.instance}/${app.namespace ?? ''}/${app.name}`}
            app={app}
            historyLimit={props.historyLimit}
          />
        ))}
      </>
    );
  }
  return (
    <InfoCard
      title="Deployments"
      titleTypographyProps={CARD_TITLE_PROPS}
      subheader="Argo CD"
      action={
        <IconButton aria-label="Refresh deployments" onClick={retry}>
          <RefreshIcon />
        </IconButton>
      }
    >
      {body}
    </InfoCard>
  );
}

/**
 * Argo CD sync and health, current revision, last deploy and recent history for each of the
 * entity's applications, on every instance that holds one.
 *
 * @public
 */
export function ArgoCdDeploymentCard(props: ArgoCdDeploymentCardProps) {
  const { entity } = useEntity();
  if (!hasArgoCdAnnotations(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          ARGOCD_APP_NAME_ANNOTATION,
          ARGOCD_APP_SELECTOR_ANNOTATION,
        ]}
      />
    );
  }
  return <DeploymentsInfoCard historyLimit={props.historyLimit ?? 5} />;
}
