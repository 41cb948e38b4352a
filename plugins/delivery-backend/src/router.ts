import {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { loadEntityForCaller } from './lib/loadEntityForCaller';
import { DeploymentsService } from './services/deployments/DeploymentsService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  deployments: DeploymentsService;
}

/**
 * HTTP only: authenticate, load the entity as the caller, call a service. Errors thrown from
 * `@backstage/errors` are mapped to statuses by the framework's error handler.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, auditor, catalog, deployments } = options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/deployments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const auditorEvent = await auditor.createEvent({
      eventId: 'deployments-read',
      severityLevel: 'low',
      request: req,
      meta: { entityRef: `${req.params.kind}:${req.params.namespace}/${req.params.name}` },
    });
    try {
      const entity = await loadEntityForCaller({ catalog, params: req.params, credentials });
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
  });

  return router;
}
