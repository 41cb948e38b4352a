/**
 * What one client of the harness may do, granted through RBAC: unset lists allow everything;
 * `resources` names plurals and subresources as RBAC does (`pipelineruns`, `pods/log`);
 * `namespaces` limits the grant to those namespaces (RoleBindings instead of a ClusterRoleBinding).
 */
export interface KubernetesGrant {
  /** An RBAC ClusterRole object to bind as it is; `verbs` and `resources` are then ignored. */
  clusterRole?: any;
  verbs?: string[];
  resources?: string[];
  namespaces?: string[];
}

/** A ClusterRole with the grant and the bindings that give it to `subject`. */
export function grantObjects(
  id: string,
  subject: {
    kind: 'User' | 'ServiceAccount';
    name: string;
    namespace?: string;
  },
  grant: KubernetesGrant,
): any[] {
  const role = grant.clusterRole?.metadata?.name ?? `harness:${id}`;
  const roleRef = {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: role,
  };
  const subjects = [
    subject.kind === 'User'
      ? {
          kind: 'User',
          apiGroup: 'rbac.authorization.k8s.io',
          name: subject.name,
        }
      : {
          kind: 'ServiceAccount',
          name: subject.name,
          namespace: subject.namespace,
        },
  ];
  const clusterRole = grant.clusterRole ?? {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: role },
    rules: [
      {
        apiGroups: ['*'],
        resources: grant.resources ?? ['*'],
        verbs: grant.verbs ?? ['*'],
      },
    ],
  };
  const bindings = grant.namespaces
    ? grant.namespaces.map(namespace => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: role, namespace },
        roleRef,
        subjects,
      }))
    : [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: role },
          roleRef,
          subjects,
        },
      ];
  return [clusterRole, ...bindings];
}
