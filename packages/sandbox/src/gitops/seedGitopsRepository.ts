import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { git } from './git';

/** One deploy: the overlay pins this tag (and digest) of the image. */
export interface SeedDeploy {
  tag: string;
  digest?: string;
  /** When CI made the commit (ISO 8601); without it, now. A fixed date gives a fixed SHA. */
  at?: string;
}

/** An overlay kustomization as the Go service template generates it (yaml.stringify style). */
export function overlayKustomization(options: {
  image: string;
  namespace: string;
  /** The overlay's `environment` label; prod when absent. */
  environment?: string;
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
    `      environment: ${options.environment ?? 'prod'}`,
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

/** One environment's overlay folder of a GitOps repository. */
export interface SeedOverlay {
  /** The folder, e.g. `overlays/prod`. */
  path: string;
  environment: string;
  namespace: string;
}

/** A deploy to one overlay. */
export interface SeedOverlayDeploy extends SeedDeploy {
  overlay: SeedOverlay;
}

function initRepository(path: string): void {
  mkdirSync(path, { recursive: true });
  git(path, ['init', '--quiet', '--initial-branch=main']);
  git(path, ['config', 'receive.denyCurrentBranch', 'updateInstead']);
  writeFileSync(join(path, 'README.md'), 'GitOps repository\n');
}

/**
 * A GitOps repository of several environments as CI leaves it: one commit per deploy, in the
 * order given, each bumping only its own overlay's image (a non-bare repository on `main` that
 * accepts pushes, like the local publisher's). Returns the commit of each deploy, in that order.
 */
export function seedGitopsOverlays(options: {
  path: string;
  image: string;
  deploys: SeedOverlayDeploy[];
}): string[] {
  initRepository(options.path);
  return options.deploys.map(deploy => {
    const { overlay } = deploy;
    const file = join(options.path, overlay.path, 'kustomization.yaml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      overlayKustomization({
        image: options.image,
        namespace: overlay.namespace,
        environment: overlay.environment,
        deploy,
      }),
    );
    return commitAll(
      options.path,
      `deploy: ${deploy.tag} to ${overlay.environment}`,
      deploy.at,
    );
  });
}

/**
 * A GitOps repository of one overlay (its folder's name is the environment): one commit per
 * deploy. Returns the commit of each deploy, oldest first.
 */
export function seedGitopsRepository(options: {
  path: string;
  overlay: string;
  image: string;
  namespace: string;
  deploys: SeedDeploy[];
}): string[] {
  const overlay: SeedOverlay = {
    path: options.overlay,
    environment: basename(options.overlay),
    namespace: options.namespace,
  };
  return seedGitopsOverlays({
    path: options.path,
    image: options.image,
    deploys: options.deploys.map(deploy => ({ ...deploy, overlay })),
  });
}

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
