import { execFileSync } from 'node:child_process';

/** A fixed identity and no user or system config, so commits are the same on every machine. */
const IDENTITY = [
  '-c',
  'user.name=Delivery pipeline',
  '-c',
  'user.email=delivery-pipeline@noreply.invalid',
  '-c',
  'commit.gpgsign=false',
];

/** Runs git in `cwd` and returns its output; `date` dates the commits it makes. */
export function git(cwd: string, args: string[], date?: string): string {
  return execFileSync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  });
}
