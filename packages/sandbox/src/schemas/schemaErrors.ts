import { ErrorObject } from 'ajv';

/** Ajv's errors as one line each: where, what, and the unexpected property when there is one. */
export function schemaErrors(
  errors: ErrorObject[] | null | undefined,
): string[] {
  return (errors ?? []).map(
    e =>
      `${e.instancePath || '/'} ${e.message}${
        e.params && 'additionalProperty' in e.params
          ? ` '${(e.params as any).additionalProperty}'`
          : ''
      }`,
  );
}
