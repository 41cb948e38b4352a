import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { GoServiceSpec } from '../types';
import { selectorLabels, serviceMetadata } from './labels';
import { gitopsNames } from './names';
import { podTemplate } from './podTemplate';

/** A plain rolling Deployment, for services created without a canary. */
export function deployment(spec: GoServiceSpec): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: serviceMetadata(spec.name, gitopsNames(spec.name).workload),
    spec: {
      // No replicas: the HorizontalPodAutoscaler owns them (see the Rollout).
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: selectorLabels(spec.name) },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
      },
      template: podTemplate(spec),
    },
  };
}
