import {
  DoraFigure,
  DoraFigures,
  DoraLevel,
} from '@go-delivery/plugin-delivery-common';

/** The four figures in the order DORA names them, with the words the views use for each. */
export const DORA_FIGURES: ReadonlyArray<{
  key: keyof DoraFigures;
  title: string;
  /** A column header, where the title is too long. */
  short: string;
}> = [
  {
    key: 'deploymentFrequency',
    title: 'Deployment frequency',
    short: 'Deploys',
  },
  {
    key: 'leadTimeForChanges',
    title: 'Lead time for changes',
    short: 'Lead time',
  },
  {
    key: 'changeFailureRate',
    title: 'Change failure rate',
    short: 'Failure rate',
  },
  { key: 'timeToRestore', title: 'Time to restore', short: 'Time to restore' },
];

/** The periods the views offer, in days; the backend's default is 90. */
export const DORA_PERIODS = [30, 90, 180] as const;
export type DoraPeriodDays = (typeof DORA_PERIODS)[number];
export const DEFAULT_DORA_PERIOD: DoraPeriodDays = 90;

/** At most one decimal, none when it adds nothing: 3.5, 18, 0.3. */
function round(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

/** "45 min", "2.1 h", "18 h", "3.5 d": a duration in the unit people read it in. */
export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 10) return `${round(hours, 1)} h`;
  if (hours < 48) return `${Math.round(hours)} h`;
  const days = hours / 24;
  return `${days < 10 ? round(days, 1) : Math.round(days)} d`;
}

/** A figure's value in human units ("3.5 / week", "18 h", "4 %"), or a dash without one. */
export function formatFigure(
  figure: Pick<DoraFigure, 'value' | 'unit'>,
): string {
  const { value, unit } = figure;
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'deploys/week':
      return `${value < 10 ? round(value, 1) : Math.round(value)} / week`;
    case 'hours':
      return formatHours(value);
    case 'ratio':
      return `${round(value * 100, 1)} %`;
    default:
      return String(value);
  }
}

const LEVEL_LABELS: Record<DoraLevel, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** "Elite", "Low", or "No data" for a figure the period has nothing to compute from. */
export function levelLabel(level: DoraLevel | null): string {
  return level ? LEVEL_LABELS[level] : 'No data';
}

/**
 * Levels from worst to best, for sorting; a figure without one sorts below the worst, so
 * "ascending" reads "needs attention first".
 */
export function levelRank(level: DoraLevel | null): number {
  return level ? ['low', 'medium', 'high', 'elite'].indexOf(level) : -1;
}
