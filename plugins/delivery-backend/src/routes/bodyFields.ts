import { InputError } from '@backstage/errors';

/** Action bodies are small: a reference and a few flags. */
export const ACTION_BODY_LIMIT = '10kb';

/**
 * Strict readers of action bodies: a JSON object with only the listed fields, each of the
 * expected type and size. Anything else is a 400 before a service is called.
 */
export function readObjectBody(
  body: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(
      `Expected a JSON object with the fields ${allowed.join(', ')}`,
    );
  }
  const unexpected = Object.keys(body).filter(k => !allowed.includes(k));
  if (unexpected.length > 0) {
    throw new InputError(
      `Unexpected field '${unexpected[0].slice(
        0,
        40,
      )}'; expected ${allowed.join(', ')}`,
    );
  }
  return body as Record<string, unknown>;
}

export function requiredString(
  values: Record<string, unknown>,
  field: string,
  maxLength = 253,
): string {
  const value = values[field];
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > maxLength
  ) {
    throw new InputError(
      `'${field}' must be a non-empty string of at most ${maxLength} characters`,
    );
  }
  return value;
}

export function optionalString(
  values: Record<string, unknown>,
  field: string,
  maxLength = 253,
): string | undefined {
  return values[field] === undefined
    ? undefined
    : requiredString(values, field, maxLength);
}

export function optionalBoolean(
  values: Record<string, unknown>,
  field: string,
): boolean | undefined {
  const value = values[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new InputError(`'${field}' must be true or false`);
  }
  return value;
}

export function requiredInteger(
  values: Record<string, unknown>,
  field: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = values[field];
  if (
    !Number.isInteger(value) ||
    (value as number) < 0 ||
    (value as number) > max
  ) {
    throw new InputError(`'${field}' must be an integer from 0 to ${max}`);
  }
  return value as number;
}

export function optionalInteger(
  values: Record<string, unknown>,
  field: string,
  max?: number,
): number | undefined {
  return values[field] === undefined
    ? undefined
    : requiredInteger(values, field, max);
}

/** `kind:namespace/name` of the request path, for audit events (never sent upstream). */
export function entityRefOfPath(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return `${params.kind}:${params.namespace}/${params.name}`;
}

/** An Argo CD application a body names: its instance, name and (optional) namespace. */
export function applicationFields(values: Record<string, unknown>): {
  instance: string;
  application: string;
  appNamespace?: string;
} {
  const appNamespace = optionalString(values, 'appNamespace', 63);
  return {
    instance: requiredString(values, 'instance', 63),
    application: requiredString(values, 'application'),
    ...(appNamespace !== undefined ? { appNamespace } : {}),
  };
}
