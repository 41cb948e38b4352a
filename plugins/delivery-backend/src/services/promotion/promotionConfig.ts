import { Config } from '@backstage/config';
import {
  isCronSchedule,
  parseWindowDuration,
  RecurringWindow,
} from './timeWindows';

/** A configured change freeze: a recurring window during which promotions into its environments are blocked. */
export interface FreezeWindow extends RecurringWindow {
  name: string;
  /** Environments it freezes; every environment when absent. */
  environments?: string[];
  description?: string;
}

/** `delivery.promotion` settings. */
export interface PromotionConfig {
  /** How long the source environment must have run its image (minutes). */
  soakMinutes: number;
  /** Per target environment: a longer or shorter soak before promoting into it. */
  soakMinutesByEnvironment: Record<string, number>;
  freezeWindows: FreezeWindow[];
}

export const DEFAULT_SOAK_MINUTES = 60;

function soak(value: number | undefined, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isFinite(value) && value >= 0 && value <= 30 * 24 * 60)) {
    throw new Error(`${key} must be a number of minutes from 0 to 43200`);
  }
  return value;
}

function readFreezeWindow(window: Config, index: number): FreezeWindow {
  const key = `delivery.promotion.freezeWindows[${index}]`;
  const schedule = window.getString('schedule');
  const timeZone = window.getOptionalString('timeZone');
  if (!isCronSchedule(schedule, timeZone)) {
    throw new Error(
      `${key}.schedule must be a cron expression (five fields) and timeZone an IANA zone, got '${schedule}'`,
    );
  }
  const duration = window.getString('duration');
  const durationMs = parseWindowDuration(duration);
  if (durationMs === undefined) {
    throw new Error(
      `${key}.duration must be a duration like '1h', '30m' or '2h30m', got '${duration}'`,
    );
  }
  const environments = window.getOptionalStringArray('environments');
  const description = window.getOptionalString('description');
  return {
    name: window.getString('name'),
    schedule,
    durationMs,
    ...(timeZone ? { timeZone } : {}),
    ...(environments ? { environments } : {}),
    ...(description ? { description } : {}),
  };
}

/** Reads and validates `delivery.promotion`; throws at startup on a bad setting. */
export function readPromotionConfig(config: Config): PromotionConfig {
  const promotion = config.getOptionalConfig('delivery.promotion');
  const environments = promotion?.getOptionalConfig('environments');
  const soakMinutesByEnvironment: Record<string, number> = {};
  for (const environment of environments?.keys() ?? []) {
    const minutes = soak(
      environments!.getConfig(environment).getOptionalNumber('soakMinutes'),
      `delivery.promotion.environments.${environment}.soakMinutes`,
    );
    if (minutes !== undefined) soakMinutesByEnvironment[environment] = minutes;
  }
  return {
    soakMinutes:
      soak(
        promotion?.getOptionalNumber('soakMinutes'),
        'delivery.promotion.soakMinutes',
      ) ?? DEFAULT_SOAK_MINUTES,
    soakMinutesByEnvironment,
    freezeWindows: (
      promotion?.getOptionalConfigArray('freezeWindows') ?? []
    ).map(readFreezeWindow),
  };
}
