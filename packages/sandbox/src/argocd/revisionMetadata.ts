import { ArgoCdApiError } from './createApplication';

/*
 * `GET /api/v1/applications/{name}/revisions/{revision}/metadata`: the commit behind a deployed
 * revision (author, date, message), which Argo CD's repo server reads from Git. The fake has no
 * Git repository, so it derives a stable commit from the application's own history: the person
 * who started the deploy authored it, shortly before the deploy started.
 */

const NOT_FOUND = 5;
/** How long before a deploy the fake's commits were made. */
const COMMIT_LEAD_MS = 2 * 60_000;

/** The path of the revision metadata endpoint; groups are the application and the revision. */
export const REVISION_METADATA_PATH =
  /^\/api\/v1\/applications\/([^/]+)\/revisions\/([^/]+)\/metadata$/;

/** A `v1alpha1RevisionMetadata` for a revision the application deployed or syncs to. */
export function revisionMetadata(options: {
  app: any;
  revision: string;
}): Record<string, string> {
  const { app, revision } = options;
  const history: any[] = app.status?.history ?? [];
  const entry = history.find(
    h => h.revision === revision || h.revisions?.includes(revision),
  );
  const synced =
    app.status?.sync?.revision === revision ||
    app.status?.sync?.revisions?.includes(revision);
  if (!entry && !synced) {
    throw new ArgoCdApiError(
      404,
      NOT_FOUND,
      `revision ${revision} not found in the history of application ${app.metadata?.name}`,
    );
  }
  const author = entry?.initiatedBy?.username ?? 'gitops-bot';
  const deployed = entry?.deployStartedAt ?? entry?.deployedAt;
  const date = deployed
    ? new Date(new Date(deployed).getTime() - COMMIT_LEAD_MS)
    : new Date(0);
  const source = entry?.source ?? app.spec?.source ?? {};
  return {
    author: `${author} <${author}@example.com>`,
    date: `${date.toISOString().slice(0, 19)}Z`,
    message: `Update ${
      source.path ?? source.chart ?? app.metadata?.name
    } to ${revision.slice(0, 7)}`,
  };
}
