import type { GoServiceSpec } from '../types';
import { ANALYSIS_ARGS } from './analysisTemplate';
import type { KubernetesObject } from './manifest';
import { selectorLabels, serviceMetadata } from './labels';
import { gitopsNames } from './names';
import { podTemplate } from './podTemplate';

/** Canary traffic steps; each pause gives the background analysis time to measure. */
export const CANARY_STEPS: ReadonlyArray<
  { setWeight: number } | { pause: { duration: string } }
> = [
  { setWeight: 5 },
  { pause: { duration: '2m' } },
  { setWeight: 20 },
  { pause: { duration: '5m' } },
  { setWeight: 50 },
  { pause: { duration: '5m' } },
  { setWeight: 100 },
];

/**
 * Argo Rollouts canary. The controller points `canaryService` at the new pods and
 * `stableService` at the old ones, so the canary's metrics carry `service="<name>-canary"`,
 * which is what the analysis measures.
 */
export function rollout(spec: GoServiceSpec): KubernetesObject {
  const names = gitopsNames(spec.name);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: serviceMetadata(spec.name, names.workload),
    spec: {
      // No replicas: the HorizontalPodAutoscaler owns them, and a value here would make
      // Argo CD undo every scaling decision.
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: 600,
      progressDeadlineAbort: true,
      selector: { matchLabels: selectorLabels(spec.name) },
      template: podTemplate(spec),
      strategy: {
        canary: {
          canaryService: names.canaryService,
          stableService: names.stableService,
          maxSurge: '25%',
          maxUnavailable: 0,
          analysis: {
            templates: [{ templateName: names.analysisTemplate }],
            // From the first pause on: before step 1 there is no canary pod to measure.
            startingStep: 1,
            args: [
              { name: ANALYSIS_ARGS.service, value: names.canaryService },
              {
                name: ANALYSIS_ARGS.namespace,
                valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
              },
            ],
          },
          steps: CANARY_STEPS,
        },
      },
    },
  };
}
