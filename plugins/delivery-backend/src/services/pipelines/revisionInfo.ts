import { isCommitSha } from '@go-delivery/plugin-delivery-common';
import { PipelineRunResource } from './tektonTypes';

/** What a run built: commit, branch and repository, as far as its metadata or params say. */
export interface RevisionInfo {
  commit?: string;
  branch?: string;
  repositoryUrl?: string;
  eventType?: string;
}

const PAC = 'pipelinesascode.tekton.dev';
const LIGHTHOUSE = 'lighthouse.jenkins-x.io';

/**
 * Where each fact may be written, most specific first: Pipelines-as-Code annotations (full
 * values) before its labels (sanitised), then Jenkins X Lighthouse labels, then the run's params
 * as Tekton Triggers templates and catalog tasks name them.
 */
const COMMIT_SOURCES = [
  { annotation: `${PAC}/sha` },
  { label: `${PAC}/sha` },
  { label: `${LIGHTHOUSE}/lastCommitSHA` },
  { param: 'revision' },
  { param: 'git-revision' },
  { param: 'commit' },
];
const BRANCH_SOURCES = [
  { annotation: `${PAC}/source-branch` },
  { annotation: `${PAC}/branch` },
  { label: `${PAC}/branch` },
  { label: `${LIGHTHOUSE}/branch` },
  { param: 'branch' },
  { param: 'git-branch' },
  // A revision that is not a SHA is a branch (or tag) name.
  { param: 'revision' },
  { param: 'git-revision' },
];
const REPOSITORY_SOURCES = [
  { annotation: `${PAC}/repo-url` },
  { annotation: `${LIGHTHOUSE}/cloneURI` },
  { param: 'repo-url' },
  { param: 'git-url' },
  { param: 'url' },
];
const EVENT_SOURCES = [
  { annotation: `${PAC}/event-type` },
  { label: `${PAC}/event-type` },
];

type Source = { annotation?: string; label?: string; param?: string };

const MAX_LENGTH = 255;

function read(run: PipelineRunResource, source: Source): string | undefined {
  let value: unknown;
  if (source.annotation) value = run.metadata?.annotations?.[source.annotation];
  else if (source.label) value = run.metadata?.labels?.[source.label];
  else value = run.spec?.params?.find(p => p?.name === source.param)?.value;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  const printable = [...trimmed].every(c => c.charCodeAt(0) >= 0x20);
  return trimmed && trimmed.length <= MAX_LENGTH && printable
    ? trimmed
    : undefined;
}

function first(
  run: PipelineRunResource,
  sources: Source[],
  accept: (value: string) => boolean,
): string | undefined {
  for (const source of sources) {
    const value = read(run, source);
    if (value !== undefined && accept(value)) return value;
  }
  return undefined;
}

function isRepositoryUrl(value: string): boolean {
  if (/^git@[\w.-]+:[\w./-]+$/.test(value)) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Reads commit, branch, repository and trigger of a run; values that do not look right are left out. */
export function readRevisionInfo(run: PipelineRunResource): RevisionInfo {
  const commit = first(run, COMMIT_SOURCES, isCommitSha)?.toLowerCase();
  const branch = first(run, BRANCH_SOURCES, v => !isCommitSha(v))?.replace(
    /^refs\/heads\//,
    '',
  );
  const repositoryUrl = first(run, REPOSITORY_SOURCES, isRepositoryUrl);
  const eventType = first(run, EVENT_SOURCES, v => /^[\w-]{1,40}$/.test(v));
  return {
    ...(commit ? { commit } : {}),
    ...(branch ? { branch } : {}),
    ...(repositoryUrl ? { repositoryUrl } : {}),
    ...(eventType ? { eventType } : {}),
  };
}
