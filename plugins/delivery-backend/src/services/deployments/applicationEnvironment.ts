import { ArgoCdApplication } from '@go-delivery/plugin-delivery-node';

/*
 * Which environment an application (or a Rollout) deploys to, decided in one place: the
 * `environment` label, else a known environment word at the end of its destination namespace,
 * else at the end of its name (`payments-api-prod`), else the namespace itself.
 */

/** Promotion order of the usual names; others sort between the test and staging stages. */
const ORDER: Record<string, number> = {
  dev: 0,
  development: 0,
  test: 1,
  qa: 1,
  int: 1,
  integration: 1,
  staging: 3,
  stage: 3,
  uat: 3,
  preprod: 4,
  'pre-prod': 4,
  prod: 5,
  production: 5,
  prd: 5,
  live: 5,
};
const UNKNOWN_RANK = 2;

const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The known environment word a name ends with (`payments-api-prod` → `prod`). */
function suffixOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  return Object.keys(ORDER)
    .filter(word => lower === word || lower.endsWith(`-${word}`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * The environment of a deploy target from its names; undefined when none says one. Only an
 * application's destination namespace stands for its environment by itself (`wholeNamespace`).
 */
export function environmentOfNames(
  names: { label?: string; namespace?: string; name?: string },
  wholeNamespace = true,
): string | undefined {
  const label = names.label?.trim().toLowerCase();
  if (label && LABEL.test(label)) return label;
  return (
    suffixOf(names.namespace) ??
    suffixOf(names.name) ??
    (wholeNamespace &&
    names.namespace &&
    LABEL.test(names.namespace.toLowerCase())
      ? names.namespace.toLowerCase()
      : undefined)
  );
}

/** The environment an Argo CD application deploys to (`default` when nothing says). */
export function applicationEnvironment(app: ArgoCdApplication): string {
  return (
    environmentOfNames({
      label: app.metadata?.labels?.environment,
      namespace: app.spec?.destination?.namespace,
      name: app.metadata?.name,
    }) ?? 'default'
  );
}

/** Environments in promotion order (dev → staging → prod), others by name in between. */
export function inPromotionOrder(environments: Iterable<string>): string[] {
  const rank = (env: string) => ORDER[env] ?? UNKNOWN_RANK;
  const byName = (a: string, b: string) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  };
  return [...new Set(environments)].sort(
    (a, b) => rank(a) - rank(b) || byName(a, b),
  );
}
