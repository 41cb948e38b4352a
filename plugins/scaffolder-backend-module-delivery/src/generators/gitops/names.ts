import { canaryServiceNames } from '@go-delivery/plugin-delivery-common';
import type { Environment, GoServiceSpec } from '../types';
import { environmentNamespace } from './environments';

/** Names of the objects in the GitOps repository, derived from the service name alone. */
export function gitopsNames(service: string) {
  const { stable, canary } = canaryServiceNames(service);
  return {
    workload: service,
    serviceAccount: service,
    stableService: stable,
    canaryService: canary,
    analysisTemplate: `${service}-canary-health`,
    /** The Secret the ExternalSecret writes and the container reads as environment. */
    appSecret: `${service}-env`,
    autoscaler: service,
    disruptionBudget: service,
  };
}

/** Argo CD Application of one environment. */
export function argoCdApplicationName(
  service: string,
  environment: Environment,
): string {
  return `${service}-${environment}`;
}

/**
 * Derived names that must be RFC 1123 labels (≤ 63 characters): namespaces and Services.
 * They bound how long a service name may be.
 */
export function gitopsDnsLabels(spec: GoServiceSpec): string[] {
  const names = gitopsNames(spec.name);
  return [
    names.stableService,
    ...(spec.canary ? [names.canaryService] : []),
    ...spec.environments.map(env => environmentNamespace(spec.name, env)),
  ];
}
