import { execFile } from 'node:child_process';

/** Author and committer of the commits a command makes. */
export interface GitIdentity {
  name: string;
  email: string;
}

export interface RunGitOptions {
  cwd: string;
  identity: GitIdentity;
  /** Exit codes that are answers rather than failures (e.g. 1 of `git diff --quiet`). */
  allowedExitCodes?: number[];
  /** @default 60000 */
  timeoutMs?: number;
}

/** A git command that failed; `stderr` says why. */
export class GitCommandError extends Error {
  constructor(message: string, readonly code: number, readonly stderr: string) {
    super(message);
    this.name = 'GitCommandError';
  }
}

/**
 * Runs the `git` CLI without a shell, with a fixed identity, no prompts and neither system nor
 * global config, so the result does not depend on who runs the backend. Arguments are passed as
 * they are: callers validate revisions and paths, and put `--` before paths.
 */
export function runGit(
  args: string[],
  options: RunGitOptions,
): Promise<{ code: number; stdout: string }> {
  const { name, email } = options.identity;
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
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
              "The git CLI is not installed on the backend's machine (needed for local git repositories)",
            ),
          );
          return;
        }
        let code = 0;
        if (error) code = typeof error.code === 'number' ? error.code : -1;
        if (code === 0 || options.allowedExitCodes?.includes(code)) {
          resolve({ code, stdout });
          return;
        }
        const detail = stderr.trim() || error?.message || `exit code ${code}`;
        reject(
          new GitCommandError(`git ${args[0]} failed: ${detail}`, code, stderr),
        );
      },
    );
  });
}
