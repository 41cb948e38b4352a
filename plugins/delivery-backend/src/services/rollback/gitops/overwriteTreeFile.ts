import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { GitopsRepositoryError } from './GitopsRepository';

/**
 * Overwrites an existing regular file of a working tree. A file that is a symbolic link, lies
 * under one, or resolves outside the tree is refused: a repository can carry links, and writing
 * through one would change whatever it points at. The last step opens without following links,
 * so nothing swapped in meanwhile is followed either.
 */
export async function overwriteTreeFile(options: {
  root: string;
  /** Relative to the root, `/`-separated, already checked with `isRepositoryPath`. */
  path: string;
  content: string;
}): Promise<void> {
  const { path } = options;
  const refuse = (why: string) =>
    new GitopsRepositoryError(`'${path}' ${why}; it is not changed`, 'refused');
  const root = await realpath(options.root);
  let current = root;
  for (const part of path.split('/')) {
    current = join(current, part);
    if ((await lstat(current)).isSymbolicLink()) {
      throw refuse('is a symbolic link or lies under one');
    }
  }
  if (!(await realpath(current)).startsWith(`${root}${sep}`)) {
    throw refuse('resolves outside the repository');
  }
  if (!(await lstat(current)).isFile()) throw refuse('is not a regular file');
  const file = await open(
    current,
    constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW,
  );
  try {
    await file.writeFile(options.content);
  } finally {
    await file.close();
  }
}
