import { execFile } from 'node:child_process';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface RunGitOptions {
  cwd: string;
  identity: GitIdentity;
  /** Exit codes that are answers rather than failures (e.g. 1 of `git diff --quiet`). */
  allowedExitCodes?: number[];
}

const TIMEOUT_MS = 60_000;

/**
 * Runs the `git` CLI without a shell, with a fixed identity, no prompts and no system config,
 * so the result does not depend on who runs the backend. Resolves with the exit code and stdout.
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
        timeout: TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: name,
          GIT_AUTHOR_EMAIL: email,
          GIT_COMMITTER_NAME: name,
          GIT_COMMITTER_EMAIL: email,
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
        },
      },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
          reject(
            new Error(
              "The local publisher needs the git CLI, which is not installed on the backend's machine",
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
        reject(new Error(`git ${args[0]} failed: ${detail}`));
      },
    );
  });
}
