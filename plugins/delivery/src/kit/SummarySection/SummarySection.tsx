import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  // A rule between two sections that follow each other, none above the first.
  root: {
    '& + &': {
      borderTop: `1px solid ${theme.palette.divider}`,
      marginTop: theme.spacing(2),
      paddingTop: theme.spacing(2),
    },
  },
}));

/**
 * One object of a card (an application, a Rollout) as a region of its own: its name as a
 * heading with chips beside it, then what the card shows of it.
 */
export function SummarySection(props: {
  /** The region's name, e.g. `Rollout orders-api`. */
  label: string;
  heading: ReactNode;
  chips: ReactNode;
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <section className={classes.root} aria-label={props.label}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6" component="h3">
          {props.heading}
        </Typography>
        {props.chips}
      </Box>
      {props.children}
    </section>
  );
}
