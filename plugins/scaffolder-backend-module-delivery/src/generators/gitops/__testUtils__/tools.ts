import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { GeneratedFile } from '../../types';

/**
 * External tools the tests run for real, with the command that installs each on a fresh
 * Debian machine (Debian has no kustomize or helm package; the Go module proxy has them; scripts/setup-go-tools.sh
 * installs them).
 */
export const TOOLS = {
  kustomize: {
    envVar: 'KUSTOMIZE',
    install: 'go install sigs.k8s.io/kustomize/kustomize/v5@v5.8.1',
  },
  helm: {
    envVar: 'HELM',
    install: 'go install helm.sh/helm/v4/cmd/helm@v4.3.2',
  },
  promtool: {
    envVar: 'PROMTOOL',
    install: 'apt-get install -y prometheus',
  },
  actionlint: {
    envVar: 'ACTIONLINT',
    install: 'go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12',
  },
  shellcheck: {
    envVar: 'SHELLCHECK',
    install: 'apt-get install -y shellcheck',
  },
  'tekton-check': {
    envVar: 'TEKTON_CHECK',
    install:
      'scripts/setup-tekton-check.sh (builds tools/tekton-check into .tools/bin)',
  },
} as const;

// Tools built from this repository (tools/) land in .tools/bin; tests run from source, so the
// repository root is a fixed number of folders up.
// eslint-disable-next-line no-restricted-syntax
const REPO_TOOLS_BIN = resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  '..',
  '.tools',
  'bin',
);

function goBin(): string | undefined {
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], {
      encoding: 'utf8',
    }).trim();
    return gopath ? join(gopath, 'bin') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The path of a tool: from its environment variable, else PATH, else Go's bin folder. Throws
 * with the install command when it is missing, so a machine without it fails loudly instead
 * of skipping the check.
 */
export function toolPath(tool: keyof typeof TOOLS): string {
  const { envVar, install } = TOOLS[tool];
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  const dirs = [
    ...(process.env.PATH ?? '').split(':'),
    goBin(),
    REPO_TOOLS_BIN,
  ];
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, tool))) return join(dir, tool);
  }
  throw new Error(
    `${tool} not found (set ${envVar} or put it on PATH); install it with: ${install}`,
  );
}

/** Runs a tool to completion; its exit status and everything it printed. */
export function runTool(
  tool: keyof typeof TOOLS,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): { status: number | null; output: string } {
  const result = spawnSync(toolPath(tool), args, {
    encoding: 'utf8',
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Writes generated files under a new temporary directory and returns it. */
export function writeToTempDir(files: GeneratedFile[], prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const file of files) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content, { mode: file.mode ?? 0o644 });
  }
  return root;
}
