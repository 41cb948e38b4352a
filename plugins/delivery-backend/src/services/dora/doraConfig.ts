import { Config } from '@backstage/config';
import { DoraSettings } from './computeDora';

/** `delivery.dora`, read and checked at startup. */
export interface DoraConfig extends DoraSettings {
  /** Whether the collector runs (the routes answer from what is stored either way). */
  enabled: boolean;
  collectIntervalMinutes: number;
  /** Entities per pass, least recently collected first; the rest wait for the next pass. */
  maxEntitiesPerPass: number;
  /** Revision metadata reads per pass; deploys beyond it are recorded on a later pass. */
  maxRevisionReadsPerPass: number;
}

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`delivery.dora.${key} must be a positive number`);
  }
  return value;
}

/** Reads `delivery.dora`; throws at startup on a bad setting. */
export function readDoraConfig(config: Config): DoraConfig {
  const dora = config.getOptionalConfig('delivery.dora');
  return {
    enabled: dora?.getOptionalBoolean('enabled') ?? true,
    collectIntervalMinutes: positive(dora, 'collectIntervalMinutes', 10),
    failureWindowHours: positive(dora, 'failureWindowHours', 24),
    hotfixWindowHours: positive(dora, 'hotfixWindowHours', 2),
    maxEntitiesPerPass: Math.floor(positive(dora, 'maxEntitiesPerPass', 500)),
    maxRevisionReadsPerPass: Math.floor(
      positive(dora, 'maxRevisionReadsPerPass', 200),
    ),
  };
}
