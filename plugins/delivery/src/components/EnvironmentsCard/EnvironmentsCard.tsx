import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  deliveryPromoteOverridePermission,
  deliveryPromotePermission,
  EnvironmentsResponse,
  hasArgoCdAnnotations,
  PromotionStepView,
} from '@go-delivery/plugin-delivery-common';
import { Fragment, useState } from 'react';
import { AnnotationGate, DeliveryCard, useEntityPermissions } from '../../kit';
import { PromoteDialog } from '../PromoteDialog';
import { EnvironmentSummary } from './EnvironmentSummary';
import { PromotePermissions } from './promoteBlocker';
import { PromotionStep } from './PromotionStep';
import { useEnvironments } from './useEnvironments';

/** @public */
export interface EnvironmentsCardProps {
  /** How often to read the environments again while Argo CD runs an operation; 0 turns it off. */
  pollIntervalMs?: number;
}

const PROMOTE_PERMISSIONS = {
  canPromote: deliveryPromotePermission,
  canOverride: deliveryPromoteOverridePermission,
};

/** The step that promotes `from` into `to`, if the backend lists one. */
function stepBetween(
  value: EnvironmentsResponse,
  from: string,
  to: string,
): PromotionStepView | undefined {
  return value.promotions.find(
    p => p.from.environment === from && p.to.environment === to,
  );
}

/** The environments in promotion order, each step between two of them. */
function EnvironmentSequence(props: {
  value: EnvironmentsResponse;
  serviceName: string;
  permissions: PromotePermissions;
  onPromote: (step: PromotionStepView) => void;
}) {
  const { value, ...stepProps } = props;
  return (
    <section aria-label="Environments">
      {value.environments.map((env, i) => {
        const previous = value.environments[i - 1]?.environment;
        const step = previous && stepBetween(value, previous, env.environment);
        return (
          <Fragment key={env.environment}>
            {step && <PromotionStep step={step} {...stepProps} />}
            <EnvironmentSummary env={env} previous={previous} />
          </Fragment>
        );
      })}
    </section>
  );
}

function EnvironmentsInfoCard(props: { pollIntervalMs: number }) {
  const { entity } = useEntity();
  const environments = useEnvironments(props.pollIntervalMs);
  const permissions = useEntityPermissions(PROMOTE_PERMISSIONS);
  const [promoting, setPromoting] = useState<PromotionStepView>();
  return (
    <>
      <DeliveryCard
        title="Environments"
        subheader="Argo CD and the GitOps repository"
        refreshes="environments"
        data={environments}
        failures={value => value.failures}
        empty={value =>
          value.environments.length === 0 && (
            <Typography variant="body2" color="textSecondary" component="p">
              No environment found: no Argo CD application of this entity names
              one.
            </Typography>
          )
        }
      >
        {value => (
          <EnvironmentSequence
            value={value}
            serviceName={entity.metadata.title ?? entity.metadata.name}
            permissions={permissions}
            onPromote={setPromoting}
          />
        )}
      </DeliveryCard>
      <PromoteDialog
        step={promoting}
        canOverride={permissions.canOverride}
        onClose={() => setPromoting(undefined)}
      />
    </>
  );
}

/**
 * The service's environments in promotion order (dev → staging → prod): the image each runs,
 * its GitOps revision, sync, health, running operation, last deploy and how far it is behind
 * the one before; between two, the promotion's gates and the button that opens the
 * {@link PromoteDialog}.
 *
 * @public
 */
export function EnvironmentsCard(props: EnvironmentsCardProps) {
  return (
    <AnnotationGate
      when={hasArgoCdAnnotations}
      annotation={[ARGOCD_APP_NAME_ANNOTATION, ARGOCD_APP_SELECTOR_ANNOTATION]}
    >
      <EnvironmentsInfoCard pollIntervalMs={props.pollIntervalMs ?? 10_000} />
    </AnnotationGate>
  );
}
