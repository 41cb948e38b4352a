import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { GoServiceSpec } from '../types';
import { serviceMetadata } from './labels';
import { gitopsNames } from './names';

/** The pods' identity; the service calls no Kubernetes API, so no token is mounted. */
export function serviceAccount(spec: GoServiceSpec): IServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: serviceMetadata(spec.name, gitopsNames(spec.name).serviceAccount),
    automountServiceAccountToken: false,
  };
}
