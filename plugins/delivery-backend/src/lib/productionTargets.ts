/**
 * Decides which targets look like production, where actions need the typed confirmation. The
 * default matches `prod`, `production`, `prd` and `live` as a whole word of a name (e.g. the
 * `prod` cluster, `payments-api-prod`, an `environment: production` label).
 */
export const DEFAULT_PRODUCTION_PATTERN =
  '(^|[^a-z0-9])(prod|production|prd|live)([^a-z0-9]|$)';

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
