import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  COVERAGE_FORMATS,
  CoverageFormat,
} from '@go-delivery/plugin-delivery-common';

/** The validated query of `POST /coverage`. */
export interface CoverageUploadParams {
  entity: CompoundEntityRef;
  /** Full lowercase hex SHA (SHA-1 or SHA-256). */
  commit: string;
  /** Short branch name, `refs/heads/` removed. */
  branch: string;
  format: CoverageFormat;
}

const MAX_BRANCH_LENGTH = 255;
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
// Control characters, space and the characters git forbids anywhere in a ref name.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_REF_CHARACTERS = /[\x00-\x20\x7f~^:?*[\\]/;

/**
 * Whether `name` is a valid branch name by the rules of `git check-ref-format --branch`: no
 * control characters, space, `~ ^ : ? * [ \`, no `..` or `@{`, no empty or dot-leading component,
 * no component ending in `.lock`, not ending in `.`, not starting with `-`, not `HEAD`.
 */
export function isGitBranchName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_BRANCH_LENGTH) return false;
  if (FORBIDDEN_REF_CHARACTERS.test(name)) return false;
  if (name.includes('..') || name.includes('@{') || name === 'HEAD')
    return false;
  if (name.startsWith('-') || name.endsWith('.')) return false;
  return name
    .split('/')
    .every(
      part =>
        part.length > 0 && !part.startsWith('.') && !part.endsWith('.lock'),
    );
}

/** A query parameter given exactly once and not empty; a 400 naming it otherwise. */
export function readSingle(
  query: Record<string, unknown>,
  key: string,
): string {
  const value = query[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new InputError(`Query parameter '${key}' is required, once`);
  }
  return value;
}

/** The `commit` parameter as a full lowercase hex SHA (SHA-1 or SHA-256). */
export function readCommitSha(query: Record<string, unknown>): string {
  const commit = readSingle(query, 'commit').toLowerCase();
  if (!FULL_SHA.test(commit)) {
    throw new InputError(
      "Query parameter 'commit' must be a full hex commit SHA (40 or 64 characters)",
    );
  }
  return commit;
}

/** Validates the upload query; every problem is a 400 that names the parameter. */
export function readUploadParams(
  query: Record<string, unknown>,
): CoverageUploadParams {
  const entityText = readSingle(query, 'entity');
  let entity: CompoundEntityRef;
  try {
    entity = parseEntityRef(entityText, { defaultNamespace: 'default' });
  } catch (error) {
    throw new InputError(
      `Query parameter 'entity' must be an entity reference such as component:default/my-service: ${
        (error as Error).message
      }`,
    );
  }

  const commit = readCommitSha(query);

  const rawBranch = readSingle(query, 'branch');
  const branch = rawBranch.startsWith('refs/heads/')
    ? rawBranch.slice('refs/heads/'.length)
    : rawBranch;
  if (!isGitBranchName(branch)) {
    throw new InputError(
      `Query parameter 'branch' is not a valid git branch name (at most ${MAX_BRANCH_LENGTH} characters)`,
    );
  }

  const format = readSingle(query, 'format');
  if (!(COVERAGE_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(
      `Query parameter 'format' must be one of ${COVERAGE_FORMATS.join(', ')}`,
    );
  }
  return { entity, commit, branch, format: format as CoverageFormat };
}
