import type { GoServiceSpec } from '../types';
import {
  argoCdApplicationMetadata,
  argoCdApplicationSpec,
} from './argoCdApplication';
import type { KubernetesObject } from './manifest';
import { argoCdApplicationName } from './names';

/** Production on several clusters: an ApplicationSet instead of the prod Application. */
export function usesProdApplicationSet(spec: GoServiceSpec): boolean {
  return (
    spec.environments.includes('prod') &&
    (spec.argocd.prodClusters?.length ?? 0) > 0
  );
}

/** The prod ApplicationSet's name: the name the prod Application would have. */
export function prodApplicationSetName(service: string): string {
  return argoCdApplicationName(service, 'prod');
}

/** The Application the ApplicationSet makes for one production cluster. */
export function prodClusterApplicationName(
  service: string,
  cluster: string,
): string {
  return `${prodApplicationSetName(service)}-${cluster}`;
}

/**
 * Production spread over `spec.argocd.prodClusters`: a list generator with one element
 * `{cluster, url}` per cluster, and a template that is the prod Application (same source,
 * project, manual sync, labels the portal selects on, finalizer) named
 * `<service>-prod-<cluster>` and deploying to the element's cluster.
 */
export function argoCdApplicationSet(spec: GoServiceSpec): KubernetesObject {
  const clusters = spec.argocd.prodClusters ?? [];
  const metadata = argoCdApplicationMetadata(spec, 'prod');
  const { finalizers, ...ownMetadata } = metadata;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name: prodApplicationSetName(spec.name),
      namespace: spec.argocd.namespace,
      ...ownMetadata,
    },
    spec: {
      generators: [
        {
          list: {
            elements: clusters.map(cluster => ({
              cluster: cluster.name,
              url: cluster.server,
            })),
          },
        },
      ],
      template: {
        metadata: {
          // Argo CD's default (fasttemplate) parameters: `{{cluster}}` and `{{url}}`.
          name: prodClusterApplicationName(spec.name, '{{cluster}}'),
          ...metadata,
        },
        spec: argoCdApplicationSpec(spec, 'prod', '{{url}}'),
      },
    },
  };
}
