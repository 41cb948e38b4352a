import { ComponentEntity, Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  canaryServiceNames,
  CODE_COVERAGE_ANNOTATION,
  COVERAGE_THRESHOLD_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  METRICS_SERVICE_ANNOTATION,
  SLO_AVAILABILITY_ANNOTATION,
  TEKTON_CICD_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';
import { taskIdAnnotation } from '../conflicts/taskMarker';
import { PART_OF_LABEL } from '../generators/gitops';
import type { GoServiceSpec } from '../generators/types';

/** The namespace Argo CD reads Applications from when the annotation does not name one. */
const ARGOCD_CONTROL_PLANE_NAMESPACE = 'argocd';

/**
 * The annotations the Delivery tab reads, pointing at what the other generators create: the
 * Argo CD Applications (by their shared part-of label), the workloads' Kubernetes id, Tekton,
 * the coverage gate's threshold, the `service` label of the stable track's metrics and the
 * availability objective its GitOps folder's SLO rules alert on (the error-budget card and gate).
 */
export function deliveryAnnotations(
  spec: GoServiceSpec,
): Record<string, string> {
  return {
    [ARGOCD_APP_SELECTOR_ANNOTATION]: `${PART_OF_LABEL}=${spec.name}`,
    [ARGOCD_INSTANCE_NAME_ANNOTATION]: spec.argocd.instance,
    ...(spec.argocd.namespace !== ARGOCD_CONTROL_PLANE_NAMESPACE
      ? { [ARGOCD_APP_NAMESPACE_ANNOTATION]: spec.argocd.namespace }
      : {}),
    [KUBERNETES_ID_ANNOTATION]: spec.name,
    ...(spec.ci === 'tekton' ? { [TEKTON_CICD_ANNOTATION]: 'true' } : {}),
    [CODE_COVERAGE_ANNOTATION]: 'enabled',
    [COVERAGE_THRESHOLD_ANNOTATION]: String(spec.coverageThreshold),
    [METRICS_SERVICE_ANNOTATION]: canaryServiceNames(spec.name).stable,
    ...(spec.availabilityObjective !== undefined
      ? { [SLO_AVAILABILITY_ANNOTATION]: String(spec.availabilityObjective) }
      : {}),
  };
}

/**
 * The service's catalog entity, as its repository's `catalog-info.yaml` declares it. Within a
 * scaffolder task it carries the task's id, so a re-run of that task recognises the entity.
 */
export function catalogInfoEntity(spec: GoServiceSpec): ComponentEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: spec.name,
      description: spec.description,
      annotations: { ...deliveryAnnotations(spec), ...taskIdAnnotation(spec) },
      tags: ['go'],
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: spec.owner,
      ...(spec.system ? { system: spec.system } : {}),
    },
  };
}

/**
 * Every entity the service's `catalog-info.yaml` declares, in the order of its documents: what a
 * run would add to the catalog.
 */
export function catalogInfoEntities(spec: GoServiceSpec): Entity[] {
  return [catalogInfoEntity(spec)];
}
