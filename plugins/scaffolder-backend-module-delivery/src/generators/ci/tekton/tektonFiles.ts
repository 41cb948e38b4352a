import { kustomizationFolder } from '../../gitops/manifest';
import type { GeneratedFile, GoServiceSpec } from '../../types';
import { ciNames } from '../names';
import { ciExternalSecrets } from './ciSecrets';
import { pipeline } from './pipeline';
import { ciIdentities, ciNamespace } from './rbac';
import { tektonReadme } from './tektonReadme';
import { eventListener, triggerBinding, triggerTemplate } from './triggers';

/** Where the Tekton variant lives in the service repository. */
export const TEKTON_DIR = '.tekton';

/** The Tekton variant: pipeline, triggers, identities and secrets, as one kustomization. */
export function tektonFiles(spec: GoServiceSpec): GeneratedFile[] {
  return [
    { path: `${TEKTON_DIR}/README.md`, content: tektonReadme(spec) },
    ...kustomizationFolder({
      dir: TEKTON_DIR,
      resources: [
        { file: 'namespace.yaml', objects: [ciNamespace(spec)] },
        { file: 'rbac.yaml', objects: ciIdentities(spec) },
        { file: 'secrets.yaml', objects: ciExternalSecrets(spec) },
        { file: 'pipeline.yaml', objects: [pipeline(spec)] },
        { file: 'event-listener.yaml', objects: [eventListener(spec)] },
        { file: 'trigger-binding.yaml', objects: [triggerBinding(spec)] },
        { file: 'trigger-template.yaml', objects: [triggerTemplate(spec)] },
      ],
      kustomization: resources => ({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: ciNames(spec.name).namespace,
        resources,
      }),
    }),
  ];
}
