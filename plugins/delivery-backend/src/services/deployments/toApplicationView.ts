import {
  ArgoCdApplicationView,
  ArgoCdHistoryEntry,
  ArgoCdOperationView,
  ArgoCdSourceView,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  ArgoCdApplicationSource,
  ArgoCdOperationInitiator,
  ArgoCdOperationState,
  ArgoCdRevisionHistory,
  ArgoCdTime,
  applicationSources,
  deployedRevision,
  sourceRevision,
} from '@go-delivery/plugin-delivery-node';
import { withoutUserinfo } from '../../lib/withoutUserinfo';

/** Argo CD answers carry strings; YAML-sourced objects may carry Dates. The view model has ISO strings. */
export function toIsoTime(value: ArgoCdTime | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toSource(
  source: ArgoCdApplicationSource | undefined,
): ArgoCdSourceView | undefined {
  if (!source) return undefined;
  const view: ArgoCdSourceView = {};
  // A repoURL may carry credentials (`https://user:token@host/…`); they stay here.
  if (source.repoURL) view.repoURL = withoutUserinfo(source.repoURL);
  if (source.path) view.path = source.path;
  if (source.targetRevision) view.targetRevision = source.targetRevision;
  if (source.chart) view.chart = source.chart;
  if (source.ref) view.ref = source.ref;
  const valueFiles = (source.helm?.valueFiles ?? []).filter(
    f => typeof f === 'string' && f !== '',
  );
  if (valueFiles.length) view.valueFiles = valueFiles;
  return view;
}

/**
 * Each source with the revision it runs (a commit, or a chart's version), for a multi-source
 * application only: a single source is `source`, its revision the holder's `revision`.
 */
export function toSources(
  sources: ArgoCdApplicationSource[] | undefined,
  revisions: { revision?: string; revisions?: string[] } | undefined,
): ArgoCdSourceView[] | undefined {
  if (!sources || sources.length < 2) return undefined;
  return sources.map((source, index) => {
    const view = toSource(source) ?? {};
    const revision = sourceRevision(revisions, index);
    if (revision) view.revision = revision;
    return view;
  });
}

/** The name of the ApplicationSet that controls the application, if one generated it. */
export function owningApplicationSet(
  app: ArgoCdApplication,
): string | undefined {
  const owners = app.metadata?.ownerReferences ?? [];
  const owner =
    owners.find(o => o?.kind === 'ApplicationSet' && o.controller) ??
    owners.find(o => o?.kind === 'ApplicationSet');
  return owner?.name || undefined;
}

function initiator(
  by: ArgoCdOperationInitiator | undefined,
): string | undefined {
  if (!by) return undefined;
  if (by.automated) return 'automated';
  return by.username || undefined;
}

function toHistoryEntry(entry: ArgoCdRevisionHistory): ArgoCdHistoryEntry {
  const id = entry.id === undefined ? undefined : Number(entry.id);
  const view: ArgoCdHistoryEntry = {};
  if (id !== undefined && Number.isFinite(id)) view.id = id;
  const revision = deployedRevision(entry);
  if (revision) view.revision = revision;
  if (entry.revisions?.length) view.revisions = entry.revisions;
  const deployedAt = toIsoTime(entry.deployedAt);
  if (deployedAt) view.deployedAt = deployedAt;
  const startedAt = toIsoTime(entry.deployStartedAt);
  if (startedAt) view.deployStartedAt = startedAt;
  const source = toSource(entry.source ?? entry.sources?.[0]);
  if (source) view.source = source;
  const sources = toSources(entry.sources, entry);
  if (sources) view.sources = sources;
  const by = initiator(entry.initiatedBy);
  if (by) view.initiatedBy = by;
  return view;
}

/** Newest first: by deployedAt when both have one, else by id, else keep Argo CD's order reversed. */
function newestFirst(history: ArgoCdRevisionHistory[]): ArgoCdHistoryEntry[] {
  return history
    .map((entry, index) => ({ view: toHistoryEntry(entry), index }))
    .sort((a, b) => {
      const at = a.view.deployedAt ? Date.parse(a.view.deployedAt) : NaN;
      const bt = b.view.deployedAt ? Date.parse(b.view.deployedAt) : NaN;
      if (!Number.isNaN(at) && !Number.isNaN(bt) && at !== bt) return bt - at;
      if (
        a.view.id !== undefined &&
        b.view.id !== undefined &&
        a.view.id !== b.view.id
      ) {
        return b.view.id - a.view.id;
      }
      return b.index - a.index;
    })
    .map(({ view }) => view);
}

function toOperation(
  state: ArgoCdOperationState | undefined,
): ArgoCdOperationView | undefined {
  if (!state?.phase) return undefined;
  const view: ArgoCdOperationView = { phase: state.phase };
  if (state.message) view.message = state.message;
  const startedAt = toIsoTime(state.startedAt);
  if (startedAt) view.startedAt = startedAt;
  const finishedAt = toIsoTime(state.finishedAt);
  if (finishedAt) view.finishedAt = finishedAt;
  const by = initiator(state.operation?.initiatedBy);
  if (by) view.initiatedBy = by;
  const revision =
    deployedRevision(state.syncResult) ??
    deployedRevision(state.operation?.sync);
  if (revision) view.revision = revision;
  return view;
}

/** A link to the application in the Argo CD UI (namespaced form when the app has a namespace). */
function webLink(
  webUrl: string,
  name: string,
  namespace: string | undefined,
): string {
  const path = namespace
    ? `${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`
    : encodeURIComponent(name);
  return `${webUrl}/applications/${path}`;
}

/** Maps one Argo CD Application (as the REST API returns it) to the view model. */
export function toApplicationView(options: {
  instance: string;
  webUrl: string;
  app: ArgoCdApplication;
}): ArgoCdApplicationView {
  const { instance, webUrl, app } = options;
  const name = app.metadata?.name ?? '(unnamed)';
  const namespace = app.metadata?.namespace;
  const status = app.status ?? {};
  const history = newestFirst(status.history ?? []);
  const automated = app.spec?.syncPolicy?.automated;
  const operation = toOperation(status.operationState);

  const view: ArgoCdApplicationView = {
    instance,
    name,
    webUrl: app.metadata?.name ? webLink(webUrl, name, namespace) : undefined,
    sync: {
      status: status.sync?.status ?? 'Unknown',
      ...(deployedRevision(status.sync)
        ? { revision: deployedRevision(status.sync) }
        : {}),
      ...(status.sync?.revisions?.length
        ? { revisions: status.sync.revisions }
        : {}),
    },
    health: {
      status: status.health?.status ?? 'Unknown',
      ...(status.health?.message ? { message: status.health.message } : {}),
    },
    // `automated: {}` means on; `enabled: false` (Argo CD 3.x) turns it off explicitly.
    autoSync:
      automated !== undefined &&
      automated !== null &&
      automated.enabled !== false,
    history,
    conditions: (status.conditions ?? []).map(c => ({
      type: c.type ?? 'Unknown',
      ...(c.message ? { message: c.message } : {}),
    })),
    images: status.summary?.images ?? [],
  };
  if (namespace) view.namespace = namespace;
  if (app.spec?.project) view.project = app.spec.project;
  const source = toSource(applicationSources(app)[0]);
  if (source) view.source = source;
  const sources = toSources(app.spec?.sources, status.sync);
  if (sources) view.sources = sources;
  const applicationSet = owningApplicationSet(app);
  if (applicationSet) view.applicationSet = applicationSet;
  if (app.spec?.destination) view.destination = { ...app.spec.destination };
  if (operation) view.operation = operation;
  const lastDeployedAt = history.find(h => h.deployedAt)?.deployedAt;
  if (lastDeployedAt) view.lastDeployedAt = lastDeployedAt;
  return view;
}
