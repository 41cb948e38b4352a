import { KubernetesTarget } from '@go-delivery/plugin-delivery-common';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import { entityRead, ReadFrameServices } from './entityRead';
import { MetricsService } from '../services/metrics/MetricsService';

/** The only query parameters: a time window. Queries come from the catalog, never from here. */
const PARAMETERS = ['range', 'step', 'end'];

/** `GET /entities/:kind/:namespace/:name/metrics`: golden signals, deploy markers and verdicts. */
export function metricsRoutes(
  options: ReadFrameServices & {
    metrics: MetricsService;
    /**
     * Whether the entity has a canary (e.g. an Argo Rollout) whose traffic is shown apart. Without
     * it, or when it fails, the service's traffic is shown as one.
     */
    hasCanary?: (target: KubernetesTarget | undefined) => Promise<boolean>;
  },
) {
  const { metrics, hasCanary } = options;
  const router = Router();

  router.get(
    '/entities/:kind/:namespace/:name/metrics',
    entityRead({
      ...options,
      eventId: 'metrics-read',
      parse: req => {
        const unknown = Object.keys(req.query).filter(
          key => !PARAMETERS.includes(key),
        );
        if (unknown.length > 0) {
          throw new InputError(
            `Unknown query parameter '${unknown[0].slice(
              0,
              40,
            )}'; only ${PARAMETERS.join(', ')} are accepted`,
          );
        }
        return {
          range: req.query.range,
          step: req.query.step,
          end: req.query.end,
        };
      },
      read: async ({ targets, input }) =>
        metrics.getMetrics({
          targets,
          params: input,
          // The split is a presentation choice: if the canary lookup fails (a malformed
          // Kubernetes annotation included), one line is still right.
          canarySplit: hasCanary
            ? await Promise.resolve()
                .then(() => hasCanary(targets.kubernetes))
                .catch(() => false)
            : false,
        }),
      summarize: response =>
        response.configured
          ? {
              instance: response.instance,
              failedQueries: [
                ...response.signals,
                ...response.ruleQueries,
              ].filter(q => q.failure).length,
            }
          : { configured: false },
    }),
  );

  return router;
}
