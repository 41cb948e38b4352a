import blue from '@material-ui/core/colors/blue';
import green from '@material-ui/core/colors/green';
import grey from '@material-ui/core/colors/grey';
import orange from '@material-ui/core/colors/orange';
import red from '@material-ui/core/colors/red';
import { PipelineStatus } from '@go-delivery/plugin-delivery-common';

/** Colours of the task bar's segments, readable on light and dark themes. */
export const PIPELINE_STATUS_COLORS: Record<PipelineStatus, string> = {
  succeeded: green[600],
  failed: red[600],
  running: blue[500],
  pending: grey[400],
  cancelled: grey[600],
  'timed-out': orange[700],
  skipped: grey[300],
  unknown: grey[500],
};
