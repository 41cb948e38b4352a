import { MissingAnnotationEmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  isDeliveryAvailable,
} from '@go-delivery/plugin-delivery-common';
import { ArgoCdDeploymentCard } from '../ArgoCdDeploymentCard';

/**
 * The entity's Delivery tab: each card reads its own part (and fails on its own), so one upstream
 * that is down degrades one card, not the tab.
 *
 * @public
 */
export function EntityDeliveryContent() {
  const { entity } = useEntity();
  if (!isDeliveryAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          ARGOCD_APP_NAME_ANNOTATION,
          ARGOCD_APP_SELECTOR_ANNOTATION,
        ]}
      />
    );
  }
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} lg={6}>
        <ArgoCdDeploymentCard />
      </Grid>
    </Grid>
  );
}
