import { Config } from '@backstage/config';

/** `delivery.coverage` settings. */
export interface CoverageConfig {
  /** Threshold in percent for entities without the threshold annotation. */
  defaultThreshold: number;
  /** Largest accepted upload body, in bytes. */
  maxUploadBytes: number;
  /** How many reports per entity the scheduled prune keeps. */
  keepReports: number;
  /** Largest number of source files a report may list. */
  maxFiles: number;
}

export const DEFAULT_COVERAGE_CONFIG: CoverageConfig = {
  defaultThreshold: 80,
  maxUploadBytes: 10 * 1024 * 1024,
  keepReports: 100,
  maxFiles: 50_000,
};

function readNumber(
  config: Config | undefined,
  key: keyof CoverageConfig,
  valid: (value: number) => boolean,
  expectation: string,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return DEFAULT_COVERAGE_CONFIG[key];
  if (!valid(value)) {
    throw new Error(
      `delivery.coverage.${key} must be ${expectation}, got ${value}`,
    );
  }
  return value;
}

/** Reads and validates `delivery.coverage`; throws at startup on a bad setting. */
export function readCoverageConfig(config: Config): CoverageConfig {
  const coverage = config.getOptionalConfig('delivery.coverage');
  return {
    defaultThreshold: readNumber(
      coverage,
      'defaultThreshold',
      v => v >= 0 && v <= 100,
      'a percentage between 0 and 100',
    ),
    maxUploadBytes: readNumber(
      coverage,
      'maxUploadBytes',
      v => Number.isSafeInteger(v) && v > 0,
      'a positive whole number of bytes',
    ),
    keepReports: readNumber(
      coverage,
      'keepReports',
      v => Number.isSafeInteger(v) && v > 0,
      'a positive whole number',
    ),
    maxFiles: readNumber(
      coverage,
      'maxFiles',
      v => Number.isSafeInteger(v) && v > 0,
      'a positive whole number',
    ),
  };
}
