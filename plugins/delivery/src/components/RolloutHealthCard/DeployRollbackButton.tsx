import Button from '@material-ui/core/Button';
import {
  DeployMarkerView,
  DeploymentsResponse,
} from '@go-delivery/plugin-delivery-common';
import { RollbackPreselection } from '../RollbackDialog';

/**
 * Whether a deploy is what the application runs now (the newest entry of its history, or an
 * earlier one of the same revision), which there is no rolling back to.
 */
function isCurrentDeploy(
  deploy: DeployMarkerView,
  deployments: DeploymentsResponse | undefined,
): boolean {
  const app = deployments?.applications.find(
    a => a.instance === deploy.instance && a.name === deploy.application,
  );
  if (!app) return false;
  const newest = app.history[0]?.id;
  return (
    (newest !== undefined && newest === deploy.id) ||
    (deploy.revision !== undefined && deploy.revision === app.sync.revision)
  );
}

/** "Roll back to this" on a deploy of the verdict list, unless it is what runs now. */
export function DeployRollbackButton(props: {
  deploy: DeployMarkerView;
  deployments?: DeploymentsResponse;
  onRollback: (preselect: RollbackPreselection) => void;
}) {
  const { deploy, onRollback } = props;
  if (deploy.id === undefined || isCurrentDeploy(deploy, props.deployments)) {
    return null;
  }
  const historyId = deploy.id;
  return (
    <Button
      size="small"
      variant="outlined"
      style={{ whiteSpace: 'nowrap' }}
      aria-label={`Roll back to this: ${deploy.application} #${historyId}`}
      onClick={() =>
        onRollback({
          instance: deploy.instance,
          application: deploy.application,
          historyId,
        })
      }
    >
      Roll back to this
    </Button>
  );
}
