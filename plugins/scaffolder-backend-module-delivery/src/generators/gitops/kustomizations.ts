import type { Environment, GoServiceSpec } from '../types';
import { environmentNamespace } from './environments';
import {
  environmentSettings,
  SettingTarget,
  settingValue,
} from './environmentSettings';
import { ENVIRONMENT_LABEL } from './labels';
import { toYaml } from './manifest';

/** The tag every overlay starts with; the first build of the main branch replaces it. */
export const INITIAL_IMAGE_TAG = 'unreleased';

const KUSTOMIZATION = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
};

export function baseKustomization(resources: string[]) {
  return { ...KUSTOMIZATION, resources };
}

/**
 * JSON patches rather than strategic merges: kustomize knows no merge keys for the Rollout
 * custom resource and would replace its whole container list. One patch per target object.
 */
function capacityPatches(spec: GoServiceSpec, environment: Environment) {
  const byTarget = new Map<string, { target: SettingTarget; ops: unknown[] }>();
  for (const setting of environmentSettings(spec)) {
    const key = JSON.stringify(setting.target);
    const entry = byTarget.get(key) ?? { target: setting.target, ops: [] };
    entry.ops.push({
      op: 'replace',
      path: setting.path,
      value: settingValue(setting, environment),
    });
    byTarget.set(key, entry);
  }
  return [...byTarget.values()].map(({ target, ops }) => ({
    target,
    patch: toYaml(ops),
  }));
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
