import { isCommitSha } from './names';

/**
 * A web link to a commit, for the git hosts whose URL layout is known. Returns undefined for
 * anything else (including Helm repositories), so the UI shows the SHA without a link.
 *
 * @public
 */
export function commitUrl(
  repoURL: string | undefined,
  revision: string | undefined,
): string | undefined {
  if (!repoURL || !revision || !isCommitSha(revision)) return undefined;
  let url: URL;
  try {
    // git@host:org/repo.git → https://host/org/repo
    const normalized = repoURL.replace(/^git@([^:]+):/, 'https://$1/');
    url = new URL(normalized);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const path = url.pathname.replace(/\.git$/, '').replace(/\/+$/, '');
  if (!path || path === '/') return undefined;
  const base = `${url.protocol}//${url.host}${path}`;
  if (url.host === 'bitbucket.org') return `${base}/commits/${revision}`;
  if (url.host.includes('gitlab')) return `${base}/-/commit/${revision}`;
  if (
    url.host === 'github.com' ||
    url.host.includes('github') ||
    url.host.includes('gitea') ||
    url.host.includes('codeberg')
  ) {
    return `${base}/commit/${revision}`;
  }
  return undefined;
}

/** The first seven characters of a SHA, or the revision itself when it is not one. @public */
export function shortRevision(revision: string | undefined): string {
  if (!revision) return '';
  // A multi-source application's revisions, one per source (`<commit>,<chart version>`).
  if (revision.includes(',')) {
    return revision
      .split(',')
      .map(r => shortRevision(r))
      .join(',');
  }
  return isCommitSha(revision) ? revision.slice(0, 7) : revision;
}
