import Router from 'express-promise-router';
import { DeploymentsReader } from '../services/deployments/DeploymentsReader';
import { entityRead, ReadFrameServices } from './entityRead';
import { listedApplication, withConflicts } from './withConflicts';

/** `GET /entities/:kind/:namespace/:name/deployments`: the entity's Argo CD applications. */
export function deploymentsRoutes(
  options: ReadFrameServices & {
    deployments: DeploymentsReader;
  },
) {
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/deployments',
    entityRead({
      ...options,
      eventId: 'deployments-read',
      read: async ({ targets, conflicts }) => {
        const response = await options.deployments.getDeployments(
          targets.argocd,
        );
        return withConflicts(
          response,
          response.applications.map(listedApplication),
          conflicts,
        );
      },
      summarize: response => ({
        applications: response.applications.length,
        failedInstances: response.failures.map(f => f.instance),
      }),
    }),
  );
  return router;
}
