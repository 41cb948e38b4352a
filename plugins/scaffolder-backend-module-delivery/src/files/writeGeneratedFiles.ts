import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { GeneratedFile } from '../generators/types';

/**
 * Writes generated files below `directory` (which must itself be inside the workspace); a path
 * that would leave it is refused. Modes are set exactly (scripts stay executable under any umask).
 */
export async function writeGeneratedFiles(
  directory: string,
  files: GeneratedFile[],
): Promise<void> {
  for (const file of files) {
    const target = resolveSafeChildPath(directory, file.path);
    const mode = file.mode ?? 0o644;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, { mode });
    await chmod(target, mode);
  }
}

/** The workspace folder an action writes to, refusing paths outside the workspace. */
export function workspaceFolder(workspacePath: string, folder: string): string {
  return resolveSafeChildPath(workspacePath, folder);
}
