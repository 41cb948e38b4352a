import { DoraFigures, DoraLevel } from '@go-delivery/plugin-delivery-common';

export type FigureName = keyof DoraFigures;

/**
 * The four-level classification, in one table. Bands follow the "Software delivery performance"
 * table of the Accelerate State of DevOps report (DORA, 2019; time to restore as in 2021):
 * deployment frequency "on-demand (multiple deploys per day)" / "between once per day and once per
 * week" / "between once per week and once per month" / less often; lead time "less than one day" /
 * "between one day and one week" / "between one week and one month" / longer; time to restore
 * "less than one hour" / "less than one day" / "between one day and one week" / longer. The report
 * puts elite, high and medium change failure rates all at "0–15 %"; we split that band at 5 % and
 * 10 % so the levels say something.
 *
 * `higher`: the value must be at least the bound; `lower`: below it (`inclusive`: at most).
 */
export const DORA_LEVELS: Record<
  FigureName,
  {
    better: 'higher' | 'lower';
    inclusive?: boolean;
    elite: number;
    high: number;
    medium: number;
  }
> = {
  // deploys per week: daily (7/week), weekly, monthly (a 30-day month: 7/30 ≈ 0.23 per week).
  deploymentFrequency: { better: 'higher', elite: 7, high: 1, medium: 7 / 30 },
  // hours: one day, one week, one month (30 days).
  leadTimeForChanges: { better: 'lower', elite: 24, high: 168, medium: 720 },
  // ratio of deploys.
  changeFailureRate: {
    better: 'lower',
    inclusive: true,
    elite: 0.05,
    high: 0.1,
    medium: 0.15,
  },
  // hours: one hour, one day, one week.
  timeToRestore: { better: 'lower', elite: 1, high: 24, medium: 168 },
};

/** The level of one figure's value. */
export function classify(name: FigureName, value: number): DoraLevel {
  const bands = DORA_LEVELS[name];
  const meets = (bound: number) => {
    if (bands.better === 'higher') return value >= bound;
    return bands.inclusive ? value <= bound : value < bound;
  };
  if (meets(bands.elite)) return 'elite';
  if (meets(bands.high)) return 'high';
  if (meets(bands.medium)) return 'medium';
  return 'low';
}
