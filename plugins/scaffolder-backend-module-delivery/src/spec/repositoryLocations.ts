import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A repository on a Git host, as the RepoUrlPicker names it (`host?owner=…&repo=…`). */
export interface HostedRepository {
  host: string;
  /** User, organisation or (GitLab) group path. */
  owner: string;
  repo: string;
}

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?$/i;
const OWNER = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const REPO = /^[A-Za-z0-9_.-]+$/;

/** Parses a RepoUrlPicker value; undefined when it is not one. */
export function parseRepoPickerValue(
  value: string,
): HostedRepository | undefined {
  const separator = value.indexOf('?');
  if (separator <= 0) return undefined;
  const host = value.slice(0, separator);
  const params = new URLSearchParams(value.slice(separator + 1));
  const owner = params.get('owner') ?? '';
  const repo = params.get('repo') ?? '';
  if (!HOST.test(host) || !OWNER.test(owner) || !REPO.test(repo)) {
    return undefined;
  }
  if (repo === '.' || repo === '..' || owner.split('/').includes('..')) {
    return undefined;
  }
  return { host, owner, repo };
}

/** HTTPS clone URL of a hosted repository. */
export function hostedCloneUrl(repository: HostedRepository): string {
  return `https://${repository.host}/${repository.owner}/${repository.repo}.git`;
}

/** `file://` URL of a repository of the local publisher. */
export function localRepositoryUrl(directory: string, name: string): string {
  return pathToFileURL(join(directory, name)).href;
}
