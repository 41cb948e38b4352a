import { InputError } from '@backstage/errors';

/*
 * The confirmation policy of every action, in one place: actions on targets that look like
 * production (by their cluster, namespace, application or environment label) need the target's
 * name typed by the caller, checked here on the server whatever the UI did.
 */

/**
 * The default pattern: `prod`, `production`, `prd` and `live` as a whole word of a name (e.g. the
 * `prod` cluster, `payments-api-prod`, an `environment: production` label).
 */
export const DEFAULT_PRODUCTION_PATTERN =
  '(^|[^a-z0-9])(prod|production|prd|live)([^a-z0-9]|$)';

/** Decides which targets look like production (`delivery.rollback.productionPattern`). */
export class ProductionTargets {
  private readonly pattern: RegExp;

  constructor(pattern: string = DEFAULT_PRODUCTION_PATTERN) {
    this.pattern = new RegExp(pattern, 'i');
  }

  /** Whether any of the names (cluster, namespace, application, environment label) matches. */
  isProductionLike(names: Array<string | undefined>): boolean {
    return names.some(name => name !== undefined && this.pattern.test(name));
  }
}

/** Throws unless the confirmation equals the name (trimmed). */
export function checkConfirmation(
  name: string,
  confirmation: string | undefined,
): void {
  if (confirmation?.trim() !== name) {
    throw new InputError(
      `This target looks like production: confirm by sending 'confirmation' equal to '${name}'`,
    );
  }
}

/** Checks the confirmation when the target is production-like; anything goes otherwise. */
export function requireConfirmation(options: {
  productionLike: boolean;
  name: string;
  confirmation: string | undefined;
}): void {
  if (options.productionLike) {
    checkConfirmation(options.name, options.confirmation);
  }
}
