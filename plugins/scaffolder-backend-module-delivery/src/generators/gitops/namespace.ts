import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { Environment, GoServiceSpec } from '../types';
import { environmentNamespace } from './environments';
import { ENVIRONMENT_LABEL, serviceLabels } from './labels';

/** An environment's namespace, which admits only pods meeting the restricted standard. */
export function namespace(
  spec: GoServiceSpec,
  environment: Environment,
): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: environmentNamespace(spec.name, environment),
      labels: {
        ...serviceLabels(spec.name),
        [ENVIRONMENT_LABEL]: environment,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}
