import { InvalidAnnotationError } from './InvalidAnnotationError';
import {
  formatLabelSelector,
  LabelSelectorSyntaxError,
  parseLabelSelector,
} from './labelSelector';

/**
 * Reads a selector annotation that says which objects belong to an entity. It must name at least
 * one label value (`key=value`, `key in (…)`): a selector made only of `!key`, `key`, `!=` or
 * `notin` matches the objects of every other team too, and would let one entity read and act on
 * all of them. Returns the re-serialised form, the only one sent upstream.
 *
 * @public
 */
export function readEntitySelector(annotation: string, value: string): string {
  let requirements;
  try {
    requirements = parseLabelSelector(value);
  } catch (e) {
    if (e instanceof LabelSelectorSyntaxError) {
      throw new InvalidAnnotationError(
        annotation,
        `not a label selector (${e.message})`,
      );
    }
    throw e;
  }
  if (!requirements.some(r => r.operator === 'equals' || r.operator === 'in')) {
    throw new InvalidAnnotationError(
      annotation,
      `the selector must name at least one label value ('key=value' or 'key in (…)'); ` +
        `'${formatLabelSelector(
          requirements,
        )}' would match the objects of other entities`,
    );
  }
  return formatLabelSelector(requirements);
}
