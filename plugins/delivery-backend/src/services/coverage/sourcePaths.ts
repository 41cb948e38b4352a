import { posix } from 'node:path';

/** The directory of a source file, used as its package where the report names none. */
export function sourcePackage(path: string): string {
  return posix.dirname(path);
}

const ABSOLUTE = /^(\/|[A-Za-z]:\/)/;

/**
 * Makes absolute paths (LCOV from a CI workspace: `/home/runner/work/app/src/x.ts`) relative to
 * the directory they all share, so packages read `src` rather than the runner's checkout path.
 * Relative paths, or a mix, are returned unchanged.
 */
export function relativeToCommonRoot(paths: string[]): Map<string, string> {
  const unchanged = new Map(paths.map(p => [p, p]));
  if (paths.length === 0 || !paths.every(p => ABSOLUTE.test(p)))
    return unchanged;
  let common = posix.dirname(paths[0]).split('/');
  for (const path of paths.slice(1)) {
    const dirs = posix.dirname(path).split('/');
    let shared = 0;
    while (
      shared < common.length &&
      shared < dirs.length &&
      common[shared] === dirs[shared]
    ) {
      shared += 1;
    }
    common = common.slice(0, shared);
  }
  const prefix = `${common.join('/')}/`;
  if (common.length === 0 || prefix === '/') return unchanged;
  return new Map(paths.map(p => [p, p.slice(prefix.length)]));
}
