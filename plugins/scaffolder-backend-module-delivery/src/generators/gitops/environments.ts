import type { Environment, GoServiceSpec, ManifestFormat } from '../types';

/** What differs between environments: capacity, and whether Argo CD deploys on its own. */
export interface EnvironmentProfile {
  minReplicas: number;
  maxReplicas: number;
  resources: {
    requests: { cpu: string; memory: string };
    /** Memory only: a CPU limit throttles a Go service long before it helps anyone. */
    limits: { memory: string };
  };
  /**
   * Argo CD syncs every commit on its own and CI bumps the image here. False for prod: a
   * person promotes, and Argo CD's rollback to an earlier revision (which the portal uses)
   * only works while automated sync is off.
   */
  automatedSync: boolean;
}

export const ENVIRONMENT_PROFILES: Readonly<
  Record<Environment, EnvironmentProfile>
> = {
  dev: {
    minReplicas: 1,
    maxReplicas: 2,
    resources: {
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '128Mi' },
    },
    automatedSync: true,
  },
  staging: {
    minReplicas: 2,
    maxReplicas: 4,
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '256Mi' },
    },
    automatedSync: true,
  },
  prod: {
    minReplicas: 3,
    maxReplicas: 10,
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { memory: '512Mi' },
    },
    automatedSync: false,
  },
};

export const ENVIRONMENTS: readonly Environment[] = ['dev', 'staging', 'prod'];

/** Each environment runs in its own namespace. */
export function environmentNamespace(
  service: string,
  environment: Environment,
): string {
  return `${service}-${environment}`;
}

/** The environments whose overlays CI bumps after a build of the main branch. */
export function autoDeployedEnvironments(spec: GoServiceSpec): Environment[] {
  return spec.environments.filter(
    environment => ENVIRONMENT_PROFILES[environment].automatedSync,
  );
}

/** The service's folder in the GitOps repository, without leading or trailing slashes. */
export function gitopsRoot(spec: GoServiceSpec): string {
  return spec.gitopsPath.replace(/^\/+|\/+$/g, '');
}

/** Path of an environment's overlay, relative to the GitOps root (a folder Argo CD syncs). */
export function overlayPath(
  spec: GoServiceSpec,
  environment: Environment,
): string {
  return `${gitopsRoot(spec)}/overlays/${environment}`;
}

/** Kustomize overlays (the default) or a Helm chart. */
export function manifestFormat(spec: GoServiceSpec): ManifestFormat {
  return spec.manifests ?? 'kustomize';
}

/** Path of the Helm chart, relative to the GitOps root of the repository (`manifests: helm`). */
export function chartPath(spec: GoServiceSpec): string {
  return `${gitopsRoot(spec)}/chart`;
}

/** An environment's values file, in the chart's folder, after the chart's `values.yaml`. */
export function helmValuesFile(environment: Environment): string {
  return `values-${environment}.yaml`;
}
