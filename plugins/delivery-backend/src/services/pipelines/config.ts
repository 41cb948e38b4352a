import { Config } from '@backstage/config';

/** Settings of the pipeline card under `delivery.tekton`. */
export interface PipelinesConfig {
  /** Most runs returned per entity (newest first, across clusters). */
  maxRuns: number;
  /** Step logs are cut after this many bytes. */
  logLimitBytes: number;
}

const DEFAULTS: PipelinesConfig = { maxRuns: 20, logLimitBytes: 256 * 1024 };
const LIMITS = {
  maxRuns: [1, 100],
  logLimitBytes: [1024, 10 * 1024 * 1024],
} as const;

function readBounded(
  config: Config | undefined,
  key: keyof PipelinesConfig,
): number {
  const value = config?.getOptionalNumber(key) ?? DEFAULTS[key];
  const [min, max] = LIMITS[key];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `delivery.tekton.${key} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

/** Reads and validates `delivery.tekton`; throws at startup on a bad setting. */
export function readPipelinesConfig(config: Config): PipelinesConfig {
  const tekton = config.getOptionalConfig('delivery.tekton');
  return {
    maxRuns: readBounded(tekton, 'maxRuns'),
    logLimitBytes: readBounded(tekton, 'logLimitBytes'),
  };
}
