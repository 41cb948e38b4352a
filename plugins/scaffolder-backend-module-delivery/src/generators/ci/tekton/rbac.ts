import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { serviceMetadata } from '../../gitops/labels';
import type { GoServiceSpec } from '../../types';
import { ciNames } from '../names';

/** The CI namespace of the service. */
export function ciNamespace(spec: GoServiceSpec): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: serviceMetadata(spec.name, ciNames(spec.name).namespace),
  };
}

/**
 * The listener's identity, bound to the roles Tekton Triggers ships: the namespaced one (read
 * its triggers, create PipelineRuns) and the cluster one (read ClusterInterceptors such as
 * `github` and `cel`). The PipelineRuns' own account needs no role: secrets reach them as
 * volumes and environment.
 */
export function ciIdentities(
  spec: GoServiceSpec,
): Array<IServiceAccount | IRoleBinding | IClusterRoleBinding> {
  const names = ciNames(spec.name);
  const subjects = [
    {
      kind: 'ServiceAccount',
      name: names.triggersServiceAccount,
      namespace: names.namespace,
    },
  ];
  const roleRef = (name: string) => ({
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name,
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: serviceMetadata(spec.name, names.triggersServiceAccount),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: serviceMetadata(spec.name, names.triggersServiceAccount),
      roleRef: roleRef('tekton-triggers-eventlistener-roles'),
      subjects,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: serviceMetadata(spec.name, names.triggersServiceAccount),
      roleRef: roleRef('tekton-triggers-eventlistener-clusterroles'),
      subjects,
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: serviceMetadata(spec.name, names.pipelineServiceAccount),
    },
  ];
}
