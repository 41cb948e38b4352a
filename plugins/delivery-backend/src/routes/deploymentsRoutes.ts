import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';
import { loadEntityForCaller } from '../lib/loadEntityForCaller';
import { DeploymentsService } from '../services/deployments/DeploymentsService';

/** `GET /entities/:kind/:namespace/:name/deployments`: the entity's Argo CD applications. */
export function deploymentsRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  deployments: DeploymentsService;
}) {
  const { httpAuth, auditor, catalog, deployments } = options;
  const router = Router();

  router.get(
    '/entities/:kind/:namespace/:name/deployments',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const auditorEvent = await auditor.createEvent({
        eventId: 'deployments-read',
        severityLevel: 'low',
        request: req,
        meta: {
          entityRef: `${req.params.kind}:${req.params.namespace}/${req.params.name}`,
        },
      });
      try {
        const entity = await loadEntityForCaller({
          catalog,
          params: req.params,
          credentials,
        });
        const response = await deployments.getDeployments(entity);
        await auditorEvent.success({
          meta: {
            applications: response.applications.length,
            failedInstances: response.failures.map(f => f.instance),
          },
        });
        res.json(response);
      } catch (error) {
        await auditorEvent.fail({ error: error as Error });
        throw error;
      }
    },
  );

  return router;
}
