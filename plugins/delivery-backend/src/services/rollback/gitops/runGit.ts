import { execFile } from 'node:child_process';

export interface GitIdentity {
  name: string;
  email: string;
}

const TIMEOUT_MS = 30_000;

/** A git command that failed; `stderr` says why. */
export class GitCommandError extends Error {
  constructor(message: string, readonly code: number, readonly stderr: string) {
    super(message);
    this.name = 'GitCommandError';
  }
}

/**
 * Runs the `git` CLI without a shell, with a fixed identity, no prompts and no system or global
 * config, so the result does not depend on who runs the backend. Arguments are passed as they
 * are; callers validate revisions and paths, and put `--` before paths.
 */
export function runGit(
  args: string[],
  options: { cwd: string; identity: GitIdentity; allowedExitCodes?: number[] },
): Promise<{ code: number; stdout: string }> {
  const { name, email } = options.identity;
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args],
      {
        cwd: options.cwd,
        timeout: TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: options.cwd,
          GIT_AUTHOR_NAME: name,
          GIT_AUTHOR_EMAIL: email,
          GIT_COMMITTER_NAME: name,
          GIT_COMMITTER_EMAIL: email,
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
      },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
          reject(
            new Error(
              "GitOps rollbacks to local repositories need the git CLI, which is not installed on the backend's machine",
            ),
          );
          return;
        }
        let code = 0;
        if (error !== null) {
          code = typeof error.code === 'number' ? error.code : -1;
        }
        if (code === 0 || options.allowedExitCodes?.includes(code)) {
          resolve({ code, stdout });
          return;
        }
        reject(
          new GitCommandError(
            `git ${args[0]} failed: ${
              stderr.trim() || error?.message || `exit code ${code}`
            }`,
            code,
            stderr,
          ),
        );
      },
    );
  });
}
