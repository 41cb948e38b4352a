import { Entity } from '@backstage/catalog-model';

/**
 * The trimmed value of one annotation, undefined when absent or blank. The only reader of
 * `metadata.annotations` in the bundle: the entity profile and the card predicates use it.
 *
 * @public
 */
export function annotationValue(
  entity: Entity,
  key: string,
): string | undefined {
  const trimmed = rawAnnotationValue(entity, key)?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The value as written, blank or not: for annotations where a present but empty value is a
 * mistake to report rather than the same as none.
 *
 * @public
 */
export function rawAnnotationValue(
  entity: Entity,
  key: string,
): string | undefined {
  const value = entity.metadata.annotations?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** A value as error messages quote it: at most 80 characters. @public */
export function quotedValue(value: string, max = 80): string {
  return `'${value.length > max ? `${value.slice(0, max - 3)}...` : value}'`;
}
