import type { Environment, GoServiceSpec } from '../types';
import { ENVIRONMENT_PROFILES, environmentNamespace } from './environments';
import { ENVIRONMENT_LABEL } from './labels';
import { toYaml } from './manifest';
import { gitopsNames } from './names';

/** The tag every overlay starts with; the first build of the main branch replaces it. */
export const INITIAL_IMAGE_TAG = 'unreleased';

const KUSTOMIZATION = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
};

export function baseKustomization(resources: string[]) {
  return { ...KUSTOMIZATION, resources };
}

function workloadTarget(spec: GoServiceSpec) {
  const name = gitopsNames(spec.name).workload;
  return spec.canary
    ? { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout', name }
    : { group: 'apps', version: 'v1', kind: 'Deployment', name };
}

/**
 * JSON patches rather than strategic merges: kustomize knows no merge keys for the Rollout
 * custom resource and would replace its whole container list.
 */
function capacityPatches(spec: GoServiceSpec, environment: Environment) {
  const profile = ENVIRONMENT_PROFILES[environment];
  return [
    {
      target: workloadTarget(spec),
      patch: toYaml([
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/resources',
          value: profile.resources,
        },
      ]),
    },
    {
      target: {
        group: 'autoscaling',
        version: 'v2',
        kind: 'HorizontalPodAutoscaler',
        name: gitopsNames(spec.name).autoscaler,
      },
      patch: toYaml([
        {
          op: 'replace',
          path: '/spec/minReplicas',
          value: profile.minReplicas,
        },
        {
          op: 'replace',
          path: '/spec/maxReplicas',
          value: profile.maxReplicas,
        },
      ]),
    },
  ];
}

/** An environment: the base in its own namespace, with its capacity and its image. */
export function overlayKustomization(options: {
  spec: GoServiceSpec;
  environment: Environment;
  resources: string[];
}) {
  const { spec, environment } = options;
  return {
    ...KUSTOMIZATION,
    namespace: environmentNamespace(spec.name, environment),
    resources: ['../../base', ...options.resources],
    labels: [{ pairs: { [ENVIRONMENT_LABEL]: environment } }],
    // CI rewrites this entry with `kustomize edit set image` (tag and digest).
    images: [{ name: spec.imageRepository, newTag: INITIAL_IMAGE_TAG }],
    patches: capacityPatches(spec, environment),
  };
}
