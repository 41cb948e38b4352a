import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import { readableStatusColors } from '../../utils/readableColors';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1),
    margin: theme.spacing(1, 0),
    overflowX: 'auto',
    maxHeight: 320,
  },
  added: { color: readableStatusColors(theme).goodText, display: 'block' },
  removed: { color: readableStatusColors(theme).badText, display: 'block' },
  meta: { color: theme.palette.text.secondary, display: 'block' },
  line: { display: 'block' },
}));

/** `a`, `a and b`, `a, b and c`. */
function listed(names: string[]): string {
  return names.length < 2
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A GitOps change as a preview shows it: a warning when the file deploys other applications of
 * the entity too, then the diff.
 */
export function GitopsChangeView(props: {
  gitops: { diff: string; file: string; alsoDeploys?: string[] };
}) {
  const { diff, file, alsoDeploys } = props.gitops;
  return (
    <>
      {alsoDeploys && alsoDeploys.length > 0 && (
        <Alert severity="warning" style={{ marginTop: 8 }}>
          {file} also deploys {listed(alsoDeploys)}: this change reaches{' '}
          {alsoDeploys.length === 1 ? 'it' : 'them'} too.
        </Alert>
      )}
      <DiffView diff={diff} file={file} />
    </>
  );
}

/** A unified diff, added and removed lines coloured; the text stays the diff as is. */
export function DiffView(props: { diff: string; file: string }) {
  const classes = useStyles();
  const lines = props.diff.replace(/\n$/, '').split('\n');
  const classOf = (line: string) => {
    if (line.startsWith('+++') || line.startsWith('---')) return classes.meta;
    if (line.startsWith('@@')) return classes.meta;
    if (line.startsWith('+')) return classes.added;
    if (line.startsWith('-')) return classes.removed;
    return classes.line;
  };
  return (
    <pre className={classes.diff} aria-label={`Diff of ${props.file}`}>
      {lines.map((line, i) => (
        <span key={i} className={classOf(line)}>
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
