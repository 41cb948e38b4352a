import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { DoraFigures } from '@go-delivery/plugin-delivery-common';
import { DORA_FIGURES, formatFigure } from './doraFormat';
import { DoraLevelChip } from './DoraLevelChip';

/** The four figures side by side: each with its value, level and how it was computed. */
export function DoraFigureTiles(props: { figures: DoraFigures }) {
  return (
    <Grid container spacing={2}>
      {DORA_FIGURES.map(({ key, title }) => {
        const figure = props.figures[key];
        return (
          <Grid item xs={12} sm={6} lg={3} key={key}>
            <section aria-label={title}>
              <Typography variant="subtitle2" component="h3">
                {title}
              </Typography>
              <Box
                display="flex"
                alignItems="center"
                flexWrap="wrap"
                style={{ gap: 8 }}
              >
                <Typography variant="h5" component="p">
                  {formatFigure(figure)}
                </Typography>
                <DoraLevelChip level={figure.level} />
              </Box>
              <Typography variant="body2" color="textSecondary">
                {figure.explanation}
              </Typography>
            </section>
          </Grid>
        );
      })}
    </Grid>
  );
}
