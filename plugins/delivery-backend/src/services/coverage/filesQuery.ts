import { InputError } from '@backstage/errors';
import { CONTROL_CHARACTER } from './ReportFiles';
import { readCommitSha, readSingle } from './uploadParams';

/** The validated query of `GET …/coverage/files`. */
export interface CoverageFilesQuery {
  package: string;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** The report of this commit; the newest report when absent. */
  commit?: string;
}

export const DEFAULT_FILES_PAGE_SIZE = 100;
export const MAX_FILES_PAGE_SIZE = 500;
/** Far more than any package name a report carries; bounds what reaches the database. */
const MAX_PACKAGE_LENGTH = 4096;
/** Far more pages than a report of the largest accepted size has. */
const MAX_PAGE = 1_000_000;
const PARAMETERS = ['package', 'page', 'pageSize', 'commit'];

function readWholeNumber(
  query: Record<string, unknown>,
  key: string,
  range: { min: number; max: number; default: number },
): number {
  if (query[key] === undefined) return range.default;
  const text = readSingle(query, key);
  const value = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new InputError(
      `Query parameter '${key}' must be a whole number from ${range.min} to ${range.max}`,
    );
  }
  return value;
}

/** Validates the query; every problem is a 400 that names the parameter. */
export function readFilesQuery(
  query: Record<string, unknown>,
): CoverageFilesQuery {
  const unknown = Object.keys(query).find(key => !PARAMETERS.includes(key));
  if (unknown !== undefined) {
    throw new InputError(
      `Unknown query parameter '${unknown.slice(
        0,
        40,
      )}'; only ${PARAMETERS.join(', ')} are accepted`,
    );
  }
  const name = readSingle(query, 'package');
  if (name.length > MAX_PACKAGE_LENGTH || CONTROL_CHARACTER.test(name)) {
    throw new InputError(
      `Query parameter 'package' must be a package name of at most ${MAX_PACKAGE_LENGTH} characters without control characters`,
    );
  }
  return {
    package: name,
    page: readWholeNumber(query, 'page', { min: 1, max: MAX_PAGE, default: 1 }),
    pageSize: readWholeNumber(query, 'pageSize', {
      min: 1,
      max: MAX_FILES_PAGE_SIZE,
      default: DEFAULT_FILES_PAGE_SIZE,
    }),
    ...(query.commit !== undefined ? { commit: readCommitSha(query) } : {}),
  };
}
