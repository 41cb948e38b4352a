import { Entity } from '@backstage/catalog-model';
import {
  COVERAGE_THRESHOLD_ANNOTATION,
  CoverageThresholdView,
  InvalidAnnotationError,
} from '@go-delivery/plugin-delivery-common';

/** `80`, `72.5`, optionally with a trailing `%`. */
const PERCENT = /^(\d{1,3}(?:\.\d+)?)\s*%?$/;

/**
 * The entity's coverage threshold: its `go-delivery.dev/coverage-threshold` annotation when set,
 * else the configured default. A value that is not a percentage between 0 and 100 is refused
 * rather than silently replaced by the default.
 */
export function readCoverageThreshold(
  entity: Entity,
  defaultThreshold: number,
): CoverageThresholdView {
  const raw = entity.metadata.annotations?.[COVERAGE_THRESHOLD_ANNOTATION];
  if (raw === undefined) return { percent: defaultThreshold, source: 'config' };
  const match = PERCENT.exec(raw.trim());
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent <= 100)) {
    throw new InvalidAnnotationError(
      COVERAGE_THRESHOLD_ANNOTATION,
      `expected a percentage between 0 and 100, got ${JSON.stringify(
        raw.slice(0, 40),
      )}`,
    );
  }
  return { percent, source: 'annotation' };
}
