import { KUBERNETES_ID_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import { taskMarkerAnnotations } from '../../conflicts/taskMarker';
import type { Environment, GoServiceSpec } from '../types';
import {
  ENVIRONMENT_PROFILES,
  environmentNamespace,
  overlayPath,
} from './environments';
import { ENVIRONMENT_LABEL, PART_OF_LABEL } from './labels';
import type { KubernetesObject } from './manifest';
import { argoCdApplicationName } from './names';

/** Deleting an Application deletes what it deployed (Argo CD's cascading-delete finalizer). */
export const ARGOCD_RESOURCES_FINALIZER =
  'resources-finalizer.argocd.argoproj.io';

/** The branch of the GitOps repository Argo CD follows and CI pushes image bumps to. */
export const GITOPS_BRANCH = 'main';

/**
 * The Argo CD Application of one environment. Automated sync (with prune and self-heal)
 * where the environment profile allows it; none for prod, so that a person promotes and the
 * portal's rollback — Argo CD's rollback to an earlier history entry, refused while automated
 * sync is on — keeps working. Within a scaffolder task it names the entity and the task, which
 * tells the task's own Applications from others' of the same name.
 */
export function argoCdApplication(
  spec: GoServiceSpec,
  environment: Environment,
): KubernetesObject {
  const { automatedSync } = ENVIRONMENT_PROFILES[environment];
  const marker = taskMarkerAnnotations(spec);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: argoCdApplicationName(spec.name, environment),
      namespace: spec.argocd.namespace,
      labels: {
        [PART_OF_LABEL]: spec.name,
        [ENVIRONMENT_LABEL]: environment,
        [KUBERNETES_ID_ANNOTATION]: spec.name,
      },
      ...(Object.keys(marker).length > 0 ? { annotations: marker } : {}),
      finalizers: [ARGOCD_RESOURCES_FINALIZER],
    },
    spec: {
      project: spec.argocd.project,
      source: {
        repoURL: spec.gitopsRepoUrl,
        targetRevision: GITOPS_BRANCH,
        path: overlayPath(spec, environment),
      },
      destination: {
        server: spec.argocd.destinationServer,
        namespace: environmentNamespace(spec.name, environment),
      },
      syncPolicy: {
        ...(automatedSync
          ? { automated: { prune: true, selfHeal: true } }
          : {}),
        syncOptions: ['PrunePropagationPolicy=foreground', 'PruneLast=true'],
        retry: {
          limit: 5,
          backoff: { duration: '10s', factor: 2, maxDuration: '3m' },
        },
      },
      // Deployed revisions kept for the history view and for rollback.
      revisionHistoryLimit: 10,
    },
  };
}
