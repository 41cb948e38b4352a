import { Entity } from '@backstage/catalog-model';
import {
  SLO_AVAILABILITY_ANNOTATION,
  SLO_LATENCY_ANNOTATION,
  SLO_WINDOW_ANNOTATION,
} from './annotations';
import { rawAnnotationValue } from './annotationValue';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import { SloTarget } from './sloTypes';

const PERCENT = /^(\d{1,3}(?:\.\d{1,4})?)\s*%?$/;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s)$/;
const DAYS = /^(\d{1,2})d$/;

function shown(raw: string): string {
  return JSON.stringify(raw.slice(0, 40));
}

/** An objective in percent as a fraction, strictly between 50 % and 100 %. */
function objective(key: string, raw: string): number {
  const match = PERCENT.exec(raw.trim());
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 50 && percent < 100)) {
    throw new InvalidAnnotationError(
      key,
      `expected an objective in percent, at least 50 and below 100 (e.g. 99.9), got ${shown(
        raw,
      )}`,
    );
  }
  return Number((percent / 100).toFixed(6));
}

/**
 * The SLO annotations, undefined when no availability objective is set. The latency objective is
 * `<threshold>@<percent>` (`300ms@99`); the window `<days>d`, 1 to 90 days (default 30). Throws
 * {@link InvalidAnnotationError} naming the annotation to fix.
 *
 * @public
 */
export function readSloTarget(entity: Entity): SloTarget | undefined {
  const availability = rawAnnotationValue(entity, SLO_AVAILABILITY_ANNOTATION);
  if (availability === undefined) return undefined;
  const target: SloTarget = {
    availability: objective(SLO_AVAILABILITY_ANNOTATION, availability),
    windowDays: 30,
  };
  const window = rawAnnotationValue(entity, SLO_WINDOW_ANNOTATION)?.trim();
  if (window !== undefined) {
    const days = Number(DAYS.exec(window)?.[1] ?? NaN);
    if (!(days >= 1 && days <= 90)) {
      throw new InvalidAnnotationError(
        SLO_WINDOW_ANNOTATION,
        `expected a number of days from 1 to 90 like "30d", got ${shown(
          window,
        )}`,
      );
    }
    target.windowDays = days;
  }
  const latency = rawAnnotationValue(entity, SLO_LATENCY_ANNOTATION)?.trim();
  if (latency !== undefined) {
    const [threshold, percent, ...rest] = latency.split('@');
    const duration = DURATION.exec(threshold?.trim() ?? '');
    if (!duration || percent === undefined || rest.length > 0) {
      throw new InvalidAnnotationError(
        SLO_LATENCY_ANNOTATION,
        `expected "<threshold>@<percent>" like "300ms@99", got ${shown(
          latency,
        )}`,
      );
    }
    const seconds = Number(duration[1]) / (duration[2] === 'ms' ? 1000 : 1);
    if (!(seconds > 0 && seconds <= 60)) {
      throw new InvalidAnnotationError(
        SLO_LATENCY_ANNOTATION,
        `the threshold must be above 0 and at most 60s, got ${shown(
          threshold,
        )}`,
      );
    }
    target.latency = {
      thresholdSeconds: seconds,
      objective: objective(SLO_LATENCY_ANNOTATION, percent),
    };
  }
  return target;
}
