import {
  RollbackHistoryEntry,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  ArgoCdRevisionHistory,
  deployedRevision,
  sameRevision,
} from '@go-delivery/plugin-delivery-node';

/** Argo CD's own test: `automated` set and not explicitly `enabled: false`. */
export function isAutoSyncEnabled(app: ArgoCdApplication): boolean {
  const automated = app.spec?.syncPolicy?.automated;
  return Boolean(automated) && automated?.enabled !== false;
}

export function isOperationRunning(app: ArgoCdApplication): boolean {
  return (
    Boolean((app as { operation?: unknown }).operation) ||
    app.status?.operationState?.phase === 'Running'
  );
}

function timeOf(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : undefined;
}

function initiatorOf(entry: ArgoCdRevisionHistory): string | undefined {
  if (entry.initiatedBy?.automated) return 'automated';
  return entry.initiatedBy?.username;
}

/** The entry with this id, if the application's history has it. */
export function historyEntry(
  app: ArgoCdApplication,
  id: number,
): ArgoCdRevisionHistory | undefined {
  return (app.status?.history ?? []).find(h => Number(h?.id ?? 0) === id);
}

/** The history newest first; the newest entry of the revision that runs now is `current`. */
export function historyView(app: ArgoCdApplication): RollbackHistoryEntry[] {
  const running = app.status?.sync;
  let currentFound = false;
  return [...(app.status?.history ?? [])]
    .filter(h => h && Number.isInteger(Number(h.id ?? 0)))
    .reverse()
    .map(h => {
      const current = !currentFound && sameRevision(h, running);
      currentFound ||= current;
      const revision = deployedRevision(h);
      return {
        id: Number(h.id ?? 0),
        ...(revision ? { revision } : {}),
        ...(timeOf(h.deployedAt) ? { deployedAt: timeOf(h.deployedAt) } : {}),
        ...(initiatorOf(h) ? { initiatedBy: initiatorOf(h) } : {}),
        current,
      };
    });
}

/** `deploy #3 (46b3173, 2026-01-12T00:00:00Z)`, for messages. */
export function describeEntry(entry: ArgoCdRevisionHistory): string {
  const deployedAt = timeOf(entry.deployedAt);
  return `deploy #${entry.id ?? 0} (${shortRevision(deployedRevision(entry))}${
    deployedAt ? `, ${deployedAt}` : ''
  })`;
}

/**
 * The names that tell whether an application is production-like. The instance's name counts only
 * for an application without an `environment` label: one Argo CD instance (often named `prod`)
 * commonly serves every environment, and its staging is not production.
 */
export function productionNames(
  app: ArgoCdApplication,
  instance: string,
): Array<string | undefined> {
  const environment = app.metadata?.labels?.environment;
  return [
    environment ? undefined : instance,
    app.metadata?.name,
    environment,
    app.spec?.destination?.namespace,
  ];
}
