import { Entity } from '@backstage/catalog-model';
import { COVERAGE_THRESHOLD_ANNOTATION } from './annotations';
import { rawAnnotationValue } from './annotationValue';
import { CoverageThresholdView } from './coverageTypes';
import { InvalidAnnotationError } from './InvalidAnnotationError';

/** `80`, `72.5`, optionally with a trailing `%`. */
const PERCENT = /^(\d{1,3}(?:\.\d+)?)\s*%?$/;

/**
 * The `go-delivery.dev/coverage-threshold` annotation as a percentage, undefined when absent. A
 * value that is not a percentage between 0 and 100 (blank included) is refused rather than
 * silently replaced by the default.
 *
 * @public
 */
export function readCoverageThresholdAnnotation(
  entity: Entity,
): number | undefined {
  const raw = rawAnnotationValue(entity, COVERAGE_THRESHOLD_ANNOTATION);
  if (raw === undefined) return undefined;
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
  return percent;
}

/** The threshold that applies: the entity's own, else the configured default. @public */
export function coverageThresholdOf(
  annotated: number | undefined,
  defaultThreshold: number,
): CoverageThresholdView {
  return annotated === undefined
    ? { percent: defaultThreshold, source: 'config' }
    : { percent: annotated, source: 'annotation' };
}

/**
 * The entity's coverage threshold: its annotation when set, else the configured default.
 *
 * @public
 */
export function readCoverageThreshold(
  entity: Entity,
  defaultThreshold: number,
): CoverageThresholdView {
  return coverageThresholdOf(
    readCoverageThresholdAnnotation(entity),
    defaultThreshold,
  );
}
