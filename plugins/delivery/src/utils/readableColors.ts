import green from '@material-ui/core/colors/green';
import red from '@material-ui/core/colors/red';
import { Theme } from '@material-ui/core/styles';

/**
 * Colours for good and bad news that keep the 4.5:1 contrast WCAG AA asks of text, in the light
 * theme and the dark one. The palette's main shades (green 500, red 500) have less than that
 * against white, and so does white text on them.
 */
export function readableStatusColors(theme: Theme) {
  const dark = theme.palette.type === 'dark';
  return {
    /** Text on the page's or a card's background. */
    goodText: dark ? green[300] : green[800],
    badText: dark ? red[200] : red[700],
    /** Fills under white text (a chip), on either theme. */
    goodFill: green[800],
    badFill: red[700],
  };
}
