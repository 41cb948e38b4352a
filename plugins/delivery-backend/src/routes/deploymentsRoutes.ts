import Router from 'express-promise-router';
import { DeploymentsReader } from '../services/deployments/DeploymentsReader';
import { entityRead, ReadFrameServices } from './entityRead';
import { listedApplication, withConflicts } from './withConflicts';

type DeploymentsOptions = ReadFrameServices & {
  deployments: DeploymentsReader;
};

/** The read of the entity's Argo CD applications, for the route and the actions registry. */
export function deploymentsFrames(options: DeploymentsOptions) {
  return {
    read: entityRead({
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
  };
}

/** `GET /entities/:kind/:namespace/:name/deployments`: the entity's Argo CD applications. */
export function deploymentsRoutes(options: DeploymentsOptions) {
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/deployments',
    deploymentsFrames(options).read,
  );
  return router;
}
