import type { GeneratedFile, GoServiceSpec } from '../types';
import { argoCdApplication } from './argoCdApplication';
import {
  argoCdApplicationSet,
  usesProdApplicationSet,
} from './argoCdApplicationSet';
import { checkDeliverySpec } from './deliverySpec';
import { gitopsRoot, manifestFormat } from './environments';
import { helmChart } from './helmChart';
import { baseKustomization, overlayKustomization } from './kustomizations';
import { kustomizationFolder, yamlFile } from './manifest';
import { gitopsDnsLabels } from './names';
import { gitopsReadme } from './readme';
import { baseResources, environmentResources } from './resources';
import { sloRules } from './sloRules';

/** A Kustomize base and one overlay per environment. */
function kustomizeFiles(spec: GoServiceSpec): GeneratedFile[] {
  const root = gitopsRoot(spec);
  return [
    ...kustomizationFolder({
      dir: `${root}/base`,
      resources: baseResources(spec),
      kustomization: baseKustomization,
    }),
    ...spec.environments.flatMap(environment =>
      kustomizationFolder({
        dir: `${root}/overlays/${environment}`,
        resources: environmentResources(spec, environment),
        kustomization: resources =>
          overlayKustomization({ spec, environment, resources }),
      }),
    ),
  ];
}

/**
 * What registers the environments with Argo CD: an Application each, except a production on
 * several clusters, which gets an ApplicationSet (one Application per cluster).
 */
function argoCdFiles(spec: GoServiceSpec): GeneratedFile[] {
  const root = gitopsRoot(spec);
  return spec.environments.map(environment =>
    yamlFile(
      `${root}/argocd/${environment}.yaml`,
      environment === 'prod' && usesProdApplicationSet(spec)
        ? argoCdApplicationSet(spec)
        : argoCdApplication(spec, environment),
    ),
  );
}

/**
 * The service's folder in the GitOps repository (under `spec.gitopsPath`): Kustomize base and
 * overlays or a Helm chart with values per environment, the Argo CD Application (or prod
 * ApplicationSet) of each environment, the error-budget rules for Prometheus, and a README.
 */
export function generateGitOps(spec: GoServiceSpec): GeneratedFile[] {
  checkDeliverySpec(spec, gitopsDnsLabels(spec));
  const root = gitopsRoot(spec);
  return [
    { path: `${root}/README.md`, content: gitopsReadme(spec) },
    yamlFile(`${root}/monitoring/slo-rules.yaml`, sloRules(spec)),
    ...(manifestFormat(spec) === 'helm'
      ? helmChart(spec)
      : kustomizeFiles(spec)),
    ...argoCdFiles(spec),
  ];
}
