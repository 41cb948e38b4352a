import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0),
  },
  label: { color: theme.palette.text.secondary },
  detail: { display: 'block', color: theme.palette.text.secondary },
  status: { display: 'inline-flex', alignItems: 'center' },
}));

/** A list of labelled facts, labels in one column and values in the other. */
export function Facts(props: { children: ReactNode; label?: string }) {
  const classes = useStyles();
  return (
    <dl className={classes.facts} aria-label={props.label}>
      {props.children}
    </dl>
  );
}

/** One labelled fact of a {@link Facts} list. */
export function Fact(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2" className={classes.label} component="dt">
        {props.label}
      </Typography>
      <Typography variant="body2" component="dd" style={{ margin: 0 }}>
        {props.children}
      </Typography>
    </>
  );
}

/** A secondary line under a fact (a status message, an unhealthy resource). */
export function Detail(props: { children: ReactNode }) {
  const classes = useStyles();
  return (
    <Typography variant="caption" component="span" className={classes.detail}>
      {props.children}
    </Typography>
  );
}

/** A status indicator as the value of a fact, its icon lined up with its text. */
export function FactStatus(props: { children: ReactNode }) {
  const classes = useStyles();
  return <span className={classes.status}>{props.children}</span>;
}
