import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  RollbackApplicationOption,
  RollbackHistoryEntry,
  RollbackKind,
  RollbackOptionsResponse,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { formatRelativeTime } from '../../utils/formatRelativeTime';
import {
  applicationKey,
  canaryKey,
  findApplication,
  findCanary,
  RollbackChoice,
  RollbackKindOption,
  withApplication,
  withKind,
} from './rollbackChoices';

function entryLabel(entry: RollbackHistoryEntry): string {
  const parts = [
    `#${entry.id}`,
    shortRevision(entry.revision) || 'no revision',
  ];
  if (entry.deployedAt) parts.push(formatRelativeTime(entry.deployedAt));
  if (entry.initiatedBy) parts.push(`by ${entry.initiatedBy}`);
  return `${parts.join(' · ')}${entry.current ? ' (running now)' : ''}`;
}

/** A native select, as the other selects of the plugin, labelled for screen readers. */
function NativeSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: React.ReactNode;
}) {
  return (
    <TextField
      select
      fullWidth
      size="small"
      variant="outlined"
      margin="dense"
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      inputProps={{ id: props.id }}
      InputLabelProps={{ htmlFor: props.id, shrink: true }}
    >
      {props.children}
    </TextField>
  );
}

function CanaryFields(props: {
  options: RollbackOptionsResponse;
  choice: RollbackChoice;
  onChange: (choice: RollbackChoice) => void;
}) {
  const { options, choice, onChange } = props;
  const canary = findCanary(options, choice.canary);
  return (
    <>
      {options.canaries.length > 1 && (
        <NativeSelect
          id="delivery-rollback-canary"
          label="Canary"
          value={choice.canary ?? ''}
          onChange={value => onChange({ ...choice, canary: value })}
        >
          {options.canaries.map(c => (
            <option key={canaryKey(c.rollout)} value={canaryKey(c.rollout)}>
              {c.rollout.name} ({c.rollout.cluster}/{c.rollout.namespace})
            </option>
          ))}
        </NativeSelect>
      )}
      {canary && (
        <Typography variant="body2" component="p">
          {canary.rollout.name} on {canary.rollout.cluster}: {canary.phase}
          {canary.currentStepIndex !== undefined && canary.totalSteps > 0
            ? `, step ${Math.min(
                canary.currentStepIndex + 1,
                canary.totalSteps,
              )} of ${canary.totalSteps}`
            : ''}
          {canary.weights ? `, canary ${canary.weights.canary} %` : ''}. Traffic
          returns to {canary.stableImages.join(', ') || 'the stable ReplicaSet'}
          .
        </Typography>
      )}
    </>
  );
}

/** The Argo CD auto-sync warning, with the explicit choice Argo CD's own UI offers. */
function AutoSyncChoice(props: {
  app: RollbackApplicationOption;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { app } = props;
  return (
    <Alert severity="warning" style={{ marginTop: 8 }}>
      <AlertTitle>Auto-sync blocks this rollback</AlertTitle>
      Argo CD refuses a rollback of {app.application} while automated sync is
      on. As in Argo CD&apos;s own UI, it can be turned off first; it then stays
      off until someone turns it on again. A GitOps rollback keeps auto-sync on
      instead.
      <FormControlLabel
        style={{ display: 'flex', marginTop: 4 }}
        control={
          <Checkbox
            checked={props.checked}
            onChange={e => props.onChange(e.target.checked)}
            color="primary"
          />
        }
        label="Disable auto-sync, then roll back"
      />
    </Alert>
  );
}

function ApplicationFields(props: {
  options: RollbackOptionsResponse;
  choice: RollbackChoice;
  onChange: (choice: RollbackChoice) => void;
}) {
  const { options, choice, onChange } = props;
  const app = findApplication(options, choice.application);
  const availability =
    app && (choice.kind === 'argocd' ? app.argocd : app.gitops);
  return (
    <>
      <NativeSelect
        id="delivery-rollback-application"
        label="Application"
        value={choice.application ?? ''}
        onChange={value => onChange(withApplication(options, choice, value))}
      >
        {options.applications.map(a => (
          <option key={applicationKey(a)} value={applicationKey(a)}>
            {a.application} ({a.instance})
          </option>
        ))}
      </NativeSelect>
      {app && (
        <NativeSelect
          id="delivery-rollback-deploy"
          label="Deploy to return to"
          value={choice.historyId === undefined ? '' : String(choice.historyId)}
          onChange={value =>
            onChange({
              ...choice,
              historyId: value === '' ? undefined : Number(value),
            })
          }
        >
          {choice.historyId === undefined && <option value="">—</option>}
          {app.history.map(entry => (
            <option
              key={entry.id}
              value={String(entry.id)}
              disabled={entry.current || !entry.revision}
            >
              {entryLabel(entry)}
            </option>
          ))}
        </NativeSelect>
      )}
      {availability && !availability.available && availability.reason && (
        <Alert severity="info" style={{ marginTop: 8 }}>
          {availability.reason}
        </Alert>
      )}
      {app && choice.kind === 'gitops' && app.gitops.available && (
        <Typography variant="caption" color="textSecondary" component="p">
          {app.gitops.mode === 'pull-request'
            ? 'Opens a pull request against'
            : 'Commits to'}{' '}
          {app.gitops.branch ?? 'the tracked branch'} of {app.gitops.repository}
          : {app.gitops.file}
        </Typography>
      )}
      {app &&
        choice.kind === 'argocd' &&
        app.argocd.available &&
        app.autoSync && (
          <AutoSyncChoice
            app={app}
            checked={choice.disableAutoSync}
            onChange={checked =>
              onChange({ ...choice, disableAutoSync: checked })
            }
          />
        )}
    </>
  );
}

/** The first step of the dialog: which way to roll back, and to what. */
export function RollbackChoiceForm(props: {
  options: RollbackOptionsResponse;
  kinds: RollbackKindOption[];
  choice: RollbackChoice;
  onChange: (choice: RollbackChoice) => void;
  disabled?: boolean;
}) {
  const { options, kinds, choice, onChange } = props;
  return (
    <Box>
      <FormControl component="fieldset" disabled={props.disabled}>
        <FormLabel component="legend">What to do</FormLabel>
        <RadioGroup
          aria-label="What to do"
          value={choice.kind ?? ''}
          onChange={e =>
            onChange(withKind(options, choice, e.target.value as RollbackKind))
          }
        >
          {kinds.map(k => (
            <Box key={k.kind} marginBottom={1}>
              <FormControlLabel
                value={k.kind}
                disabled={!k.available}
                control={<Radio color="primary" />}
                label={k.label}
              />
              <FormHelperText style={{ marginTop: -8, marginLeft: 32 }}>
                {k.available ? k.description : k.reason}
              </FormHelperText>
            </Box>
          ))}
        </RadioGroup>
      </FormControl>
      {choice.kind === 'abort-canary' && (
        <CanaryFields options={options} choice={choice} onChange={onChange} />
      )}
      {(choice.kind === 'argocd' || choice.kind === 'gitops') && (
        <ApplicationFields
          options={options}
          choice={choice}
          onChange={onChange}
        />
      )}
    </Box>
  );
}
