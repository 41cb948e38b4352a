export {
  DEFAULT_DORA_PERIOD,
  DORA_FIGURES,
  DORA_PERIODS,
  formatFigure,
  formatHours,
  levelLabel,
  levelRank,
} from './doraFormat';
export type { DoraPeriodDays } from './doraFormat';
export { DoraFigureTiles } from './DoraFigureTiles';
export { DoraLevelChip } from './DoraLevelChip';
export { DoraPeriodSelect } from './DoraPeriodSelect';
