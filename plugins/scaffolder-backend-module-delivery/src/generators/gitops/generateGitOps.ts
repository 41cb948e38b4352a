import type { Environment, GeneratedFile, GoServiceSpec } from '../types';
import { analysisTemplate } from './analysisTemplate';
import { argoCdApplication } from './argoCdApplication';
import { horizontalPodAutoscaler, podDisruptionBudget } from './capacity';
import { checkDeliverySpec } from './deliverySpec';
import { deployment } from './deployment';
import { gitopsRoot } from './environments';
import { externalSecret } from './externalSecret';
import { baseKustomization, overlayKustomization } from './kustomizations';
import { kustomizationFolder, ResourceFile, yamlFile } from './manifest';
import { gitopsDnsLabels } from './names';
import { namespace } from './namespace';
import { gitopsReadme } from './readme';
import { rollout } from './rollout';
import { serviceAccount } from './serviceAccount';
import { services } from './services';
import { sloRules } from './sloRules';

function baseResources(spec: GoServiceSpec): ResourceFile[] {
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

function overlayResources(
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

/**
 * The service's folder in the GitOps repository (under `spec.gitopsPath`): a Kustomize base,
 * one overlay and one Argo CD Application per environment, the error-budget rules for Prometheus,
 * and a README.
 */
export function generateGitOps(spec: GoServiceSpec): GeneratedFile[] {
  checkDeliverySpec(spec, gitopsDnsLabels(spec));
  const root = gitopsRoot(spec);
  return [
    { path: `${root}/README.md`, content: gitopsReadme(spec) },
    yamlFile(`${root}/monitoring/slo-rules.yaml`, sloRules(spec)),
    ...kustomizationFolder({
      dir: `${root}/base`,
      resources: baseResources(spec),
      kustomization: baseKustomization,
    }),
    ...spec.environments.flatMap(environment => [
      ...kustomizationFolder({
        dir: `${root}/overlays/${environment}`,
        resources: overlayResources(spec, environment),
        kustomization: resources =>
          overlayKustomization({ spec, environment, resources }),
      }),
      yamlFile(
        `${root}/argocd/${environment}.yaml`,
        argoCdApplication(spec, environment),
      ),
    ]),
  ];
}
