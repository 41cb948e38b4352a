import type { Environment, GoServiceSpec } from '../types';
import { ENVIRONMENT_PROFILES, EnvironmentProfile } from './environments';
import { gitopsNames } from './names';

/** The object a setting changes, as a Kustomize patch target names it. */
export interface SettingTarget {
  group?: string;
  version: string;
  kind: string;
  name: string;
}

/**
 * One field of the base objects that each environment sets to its own value: the Kustomize
 * overlays patch it (a JSON patch `replace` at `path`), the Helm chart reads it from
 * `values-<env>.yaml` at `valuePath`. One table for both, so they cannot disagree on what varies.
 */
export interface EnvironmentSetting {
  target: SettingTarget;
  /** JSON pointer into the target object. */
  path: string;
  /** Where the Helm values hold it. */
  valuePath: string[];
  value: (profile: EnvironmentProfile) => unknown;
}

export function workloadTarget(spec: GoServiceSpec): SettingTarget {
  const name = gitopsNames(spec.name).workload;
  return spec.canary
    ? { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout', name }
    : { group: 'apps', version: 'v1', kind: 'Deployment', name };
}

/** The service's container in the workload (the pod template has exactly one). */
export const CONTAINER_PATH = '/spec/template/spec/containers/0';

/** Capacity: the container's resources and the autoscaler's replica range. */
export function environmentSettings(spec: GoServiceSpec): EnvironmentSetting[] {
  const autoscaler: SettingTarget = {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    name: gitopsNames(spec.name).autoscaler,
  };
  return [
    {
      target: workloadTarget(spec),
      path: `${CONTAINER_PATH}/resources`,
      valuePath: ['resources'],
      value: profile => profile.resources,
    },
    {
      target: autoscaler,
      path: '/spec/minReplicas',
      valuePath: ['autoscaling', 'minReplicas'],
      value: profile => profile.minReplicas,
    },
    {
      target: autoscaler,
      path: '/spec/maxReplicas',
      valuePath: ['autoscaling', 'maxReplicas'],
      value: profile => profile.maxReplicas,
    },
  ];
}

/** An environment's value of a setting. */
export function settingValue(
  setting: EnvironmentSetting,
  environment: Environment,
): unknown {
  return structuredClone(setting.value(ENVIRONMENT_PROFILES[environment]));
}
