import type { Environment, GoServiceSpec } from '../types';
import { analysisTemplate } from './analysisTemplate';
import { horizontalPodAutoscaler, podDisruptionBudget } from './capacity';
import { deployment } from './deployment';
import { externalSecret } from './externalSecret';
import type { ResourceFile } from './manifest';
import { namespace } from './namespace';
import { rollout } from './rollout';
import { serviceAccount } from './serviceAccount';
import { services } from './services';

/** The objects every environment shares (the Kustomize base), one file each. */
export function baseResources(spec: GoServiceSpec): ResourceFile[] {
  const [stable, canary] = services(spec);
  return [
    { file: 'service-account.yaml', objects: [serviceAccount(spec)] },
    spec.canary
      ? { file: 'rollout.yaml', objects: [rollout(spec)] }
      : { file: 'deployment.yaml', objects: [deployment(spec)] },
    { file: 'service.yaml', objects: [stable] },
    ...(spec.canary
      ? [
          { file: 'service-canary.yaml', objects: [canary] },
          { file: 'analysis-template.yaml', objects: [analysisTemplate(spec)] },
        ]
      : []),
    { file: 'hpa.yaml', objects: [horizontalPodAutoscaler(spec)] },
    { file: 'pdb.yaml', objects: [podDisruptionBudget(spec)] },
  ];
}

/** The objects of one environment alone (in a Kustomize overlay): namespace and secrets. */
export function environmentResources(
  spec: GoServiceSpec,
  environment: Environment,
): ResourceFile[] {
  return [
    { file: 'namespace.yaml', objects: [namespace(spec, environment)] },
    {
      file: 'external-secret.yaml',
      objects: [externalSecret(spec, environment)],
    },
  ];
}
