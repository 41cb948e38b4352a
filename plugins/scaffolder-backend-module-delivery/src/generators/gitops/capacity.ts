import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { GoServiceSpec } from '../types';
import { ENVIRONMENT_PROFILES } from './environments';
import { selectorLabels, serviceMetadata } from './labels';
import { gitopsNames } from './names';

/** Scales the Rollout (or Deployment) on CPU; each overlay sets its replica range. */
export function horizontalPodAutoscaler(
  spec: GoServiceSpec,
): IHorizontalPodAutoscaler {
  const names = gitopsNames(spec.name);
  const { minReplicas, maxReplicas } = ENVIRONMENT_PROFILES.dev;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: serviceMetadata(spec.name, names.autoscaler),
    spec: {
      scaleTargetRef: spec.canary
        ? {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: names.workload,
          }
        : { apiVersion: 'apps/v1', kind: 'Deployment', name: names.workload },
      minReplicas,
      maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
  };
}

/**
 * At most one pod voluntarily evicted at a time. `maxUnavailable` rather than
 * `minAvailable`, so a single-replica environment can still have its node drained.
 */
export function podDisruptionBudget(spec: GoServiceSpec): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: serviceMetadata(
      spec.name,
      gitopsNames(spec.name).disruptionBudget,
    ),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: selectorLabels(spec.name) },
    },
  };
}
