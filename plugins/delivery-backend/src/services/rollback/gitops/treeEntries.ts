/** One entry of `git ls-tree -z`: mode, type, object and the path from the repository root. */
export interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  path: string;
}

/** Git's mode of a symbolic link; checking it out makes a link that points anywhere. */
export const SYMLINK_MODE = '120000';
const REGULAR_FILE_MODES = ['100644', '100755'];

/** Parses `git ls-tree -z` output (`<mode> <type> <object>\t<path>\0` per entry). */
export function parseTreeEntries(stdout: string): TreeEntry[] {
  return stdout
    .split('\0')
    .filter(Boolean)
    .map(line => {
      const tab = line.indexOf('\t');
      const [mode, type, object] = line.slice(0, tab).split(' ');
      return { mode, type, object, path: line.slice(tab + 1) };
    });
}

/** `a`, `a/b`, `a/b/c.yaml`: every directory on the way to a path, and the path itself. */
export function pathPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** What a path is at a revision, judged from the tree entries on the way to it. */
export type TreeFile =
  | { kind: 'file'; object: string }
  | { kind: 'missing' }
  /** A symbolic link is the file or one of its directories: reading on could leave the repository. */
  | { kind: 'link'; at: string }
  | { kind: 'not-a-file' };

/**
 * The first directory on the way to `path` that `git ls-tree -t <rev> -- <path>` did not list
 * (it lists the trees on the way and the entry itself): the walk stopped there because nothing is
 * there, or something that is not a directory (a link, say).
 */
export function unlistedDirectory(
  path: string,
  entries: TreeEntry[],
): string | undefined {
  return pathPrefixes(path)
    .slice(0, -1)
    .find(prefix => !entries.some(e => e.path === prefix));
}

/**
 * What `path` is, from the entries on the way to it (those of `ls-tree -t`, plus the entry where
 * that walk stopped, if any).
 */
export function classifyTreePath(path: string, entries: TreeEntry[]): TreeFile {
  const prefixes = pathPrefixes(path);
  for (const [i, prefix] of prefixes.entries()) {
    const entry = entries.find(e => e.path === prefix);
    if (!entry) return { kind: 'missing' };
    if (entry.mode === SYMLINK_MODE) return { kind: 'link', at: prefix };
    if (i < prefixes.length - 1 && entry.type !== 'tree') {
      return { kind: 'missing' };
    }
  }
  const file = entries.find(e => e.path === path)!;
  return REGULAR_FILE_MODES.includes(file.mode)
    ? { kind: 'file', object: file.object }
    : { kind: 'not-a-file' };
}
