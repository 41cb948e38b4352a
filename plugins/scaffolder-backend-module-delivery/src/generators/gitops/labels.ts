import { KUBERNETES_ID_ANNOTATION } from '@go-delivery/plugin-delivery-common';

/** Argo CD Applications of one service share it; the portal's `argocd/app-selector` selects on it. */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
/** Which environment an Application or an overlay's resources belong to. */
export const ENVIRONMENT_LABEL = 'environment';
const NAME_LABEL = 'app.kubernetes.io/name';

/** The immutable selector of the workload, its Services, HPA and PDB. */
export function selectorLabels(service: string): Record<string, string> {
  return { [NAME_LABEL]: service };
}

/**
 * Labels on every resource and pod template of a service: the selector, the part-of grouping
 * and the Kubernetes plugin's id, so the portal finds the service's objects by label.
 */
export function serviceLabels(service: string): Record<string, string> {
  return {
    ...selectorLabels(service),
    [PART_OF_LABEL]: service,
    [KUBERNETES_ID_ANNOTATION]: service,
  };
}

/** `metadata` of a resource that belongs to the service. */
export function serviceMetadata(
  service: string,
  name: string = service,
): { name: string; labels: Record<string, string> } {
  return { name, labels: serviceLabels(service) };
}
