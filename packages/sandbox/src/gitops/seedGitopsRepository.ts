import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One deploy: the overlay pins this tag (and digest) of the image. */
export interface SeedDeploy {
  tag: string;
  digest?: string;
  /** When CI made the commit (ISO 8601); without it, now. A fixed date gives a fixed SHA. */
  at?: string;
}

const IDENTITY = [
  '-c',
  'user.name=Delivery pipeline',
  '-c',
  'user.email=delivery-pipeline@noreply.invalid',
  '-c',
  'commit.gpgsign=false',
];

function git(cwd: string, args: string[], date?: string): string {
  return execFileSync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  });
}

/** An overlay kustomization as the Go service template generates it (yaml.stringify style). */
export function overlayKustomization(options: {
  image: string;
  namespace: string;
  deploy: SeedDeploy;
}): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `namespace: ${options.namespace}`,
    '# CI rewrites the images entry with `kustomize edit set image` (tag and digest).',
    'resources:',
    '  - ../../base',
    'labels:',
    '  - pairs:',
    '      environment: prod',
    'images:',
    `  - name: ${options.image}`,
    `    newTag: "${options.deploy.tag}"`,
    ...(options.deploy.digest ? [`    digest: ${options.deploy.digest}`] : []),
    'patches:',
    '  - target:',
    '      group: argoproj.io',
    '      version: v1alpha1',
    '      kind: Rollout',
    `      name: ${options.image.split('/').pop()}`,
    '    patch: |',
    '      - op: replace',
    '        path: /spec/template/spec/containers/0/resources',
    '        value: {requests: {cpu: 250m, memory: 256Mi}, limits: {memory: 512Mi}}',
    '',
  ].join('\n');
}

/**
 * A GitOps repository as CI leaves it: one commit per deploy, each bumping the overlay's image
 * (a non-bare repository on `main` that accepts pushes, like the local publisher's). Returns the
 * commit of each deploy, oldest first.
 */
export function seedGitopsRepository(options: {
  path: string;
  overlay: string;
  image: string;
  namespace: string;
  deploys: SeedDeploy[];
}): string[] {
  mkdirSync(options.path, { recursive: true });
  git(options.path, ['init', '--quiet', '--initial-branch=main']);
  git(options.path, ['config', 'receive.denyCurrentBranch', 'updateInstead']);
  const file = join(options.path, options.overlay, 'kustomization.yaml');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(join(options.path, 'README.md'), 'GitOps repository\n');
  return options.deploys.map(deploy => {
    writeFileSync(
      file,
      overlayKustomization({
        image: options.image,
        namespace: options.namespace,
        deploy,
      }),
    );
    return commitAll(options.path, `deploy: ${deploy.tag} to prod`, deploy.at);
  });
}

/** Commits everything in the working tree (a test's own change to a seeded repository). */
/** Commits everything in the working tree; `date` makes the commit (and its SHA) repeatable. */
export function commitAll(
  path: string,
  message: string,
  date?: string,
): string {
  git(path, ['add', '--all']);
  git(path, ['commit', '--quiet', '-m', message], date);
  return git(path, ['rev-parse', 'HEAD']).trim();
}

export function gitLog(path: string, args: string[] = []): string {
  return git(path, ['log', ...args]);
}

export function gitShow(path: string, spec: string): string {
  return git(path, ['show', spec]);
}
