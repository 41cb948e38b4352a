import {
  ArgoCdApplication,
  ArgoCdApplicationSource,
  ArgoCdRevisionHistory,
} from './types';

/*
 * One revision or one per source. A single-source application has `revision`; a multi-source one
 * has `revisions` (one per entry of `spec.sources`, in that order: a commit for a Git source, the
 * chart version for a Helm repository source) and no `revision` (or an empty one). Every reader that
 * compares or shows "the revision" goes through these, so a multi-source application is never
 * "no revision" nor compared by its first source alone.
 */

/** Something with Argo CD's revision fields: sync status, a history entry, a sync result. */
export interface ArgoCdRevisions {
  revision?: string;
  revisions?: string[];
}

/** The application's sources in order: `spec.sources`, else the one `spec.source`. @public */
export function applicationSources(
  app: ArgoCdApplication | undefined,
): ArgoCdApplicationSource[] {
  const sources = app?.spec?.sources;
  if (sources && sources.length > 0) return sources;
  return app?.spec?.source ? [app.spec.source] : [];
}

/**
 * The revision as one string: `revision`, else the per-source revisions joined by `,` (the form
 * Argo CD's own CLI prints), else undefined.
 *
 * @public
 */
export function deployedRevision(
  value: ArgoCdRevisions | undefined | null,
): string | undefined {
  if (!value) return undefined;
  if (value.revision) return value.revision;
  const revisions = (value.revisions ?? []).filter(r => typeof r === 'string');
  return revisions.some(Boolean) ? revisions.join(',') : undefined;
}

/** Whether two revision holders name the same deploy (all sources equal); false when either has none. @public */
export function sameRevision(
  a: ArgoCdRevisions | undefined | null,
  b: ArgoCdRevisions | undefined | null,
): boolean {
  const left = deployedRevision(a);
  return left !== undefined && left === deployedRevision(b);
}

/**
 * The revision of the source at `index` in a history entry or sync status: its `revisions[index]`
 * for a multi-source holder, else its `revision` when the application has that one source.
 *
 * @public
 */
export function sourceRevision(
  value: ArgoCdRevisions | ArgoCdRevisionHistory | undefined | null,
  index: number,
): string | undefined {
  if (!value) return undefined;
  if (value.revisions && value.revisions.length > 0) {
    return value.revisions[index] || undefined;
  }
  return index === 0 ? value.revision || undefined : undefined;
}

/**
 * The index of the application's GitOps source (a Git source, not a Helm repository chart): the
 * `ref` source that value files read from, else the first source without a chart; -1 when every
 * source is a chart.
 *
 * @public
 */
export function gitopsSourceIndex(app: ArgoCdApplication | undefined): number {
  const sources = applicationSources(app);
  const withRef = sources.findIndex(s => !s.chart && Boolean(s.ref));
  if (withRef >= 0) return withRef;
  return sources.findIndex(s => !s.chart);
}

/** The commit the GitOps source ran at in a history entry or sync status, if the app has one. @public */
export function gitopsRevision(
  app: ArgoCdApplication | undefined,
  value: ArgoCdRevisions | undefined | null,
): string | undefined {
  const index = gitopsSourceIndex(app);
  return index < 0 ? undefined : sourceRevision(value, index);
}
