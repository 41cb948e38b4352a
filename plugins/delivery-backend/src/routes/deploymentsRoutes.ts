import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';
import { DeploymentsReader } from '../services/deployments/DeploymentsReader';
import { entityRead } from './entityRead';

/** `GET /entities/:kind/:namespace/:name/deployments`: the entity's Argo CD applications. */
export function deploymentsRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  deployments: DeploymentsReader;
}) {
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/deployments',
    entityRead({
      ...options,
      eventId: 'deployments-read',
      read: ({ targets }) => options.deployments.getDeployments(targets.argocd),
      summarize: response => ({
        applications: response.applications.length,
        failedInstances: response.failures.map(f => f.instance),
      }),
    }),
  );
  return router;
}
