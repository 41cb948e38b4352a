import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { coverageRoutes } from './routes/coverageRoutes';
import { deploymentsRoutes } from './routes/deploymentsRoutes';
import { metricsRoutes } from './routes/metricsRoutes';
import { pipelinesRoutes } from './routes/pipelinesRoutes';
import { rollbackRoutes } from './routes/rollbackRoutes';
import { rolloutsRoutes } from './routes/rolloutsRoutes';
import { CoverageConfig } from './services/coverage/coverageConfig';
import { CoverageService } from './services/coverage/CoverageService';
import { DeploymentsService } from './services/deployments/DeploymentsService';
import { MetricsService } from './services/metrics/MetricsService';
import { PipelinesService } from './services/pipelines/PipelinesService';
import { RollbackService } from './services/rollback/RollbackService';
import { RolloutsService } from './services/rollouts/RolloutsService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  permissions: PermissionsService;
  deployments: DeploymentsService;
  pipelines: PipelinesService;
  rollouts: RolloutsService;
  rollback: RollbackService;
  metrics: MetricsService;
  coverage: CoverageService;
  coverageConfig: CoverageConfig;
}

/**
 * HTTP only: each area's routes authenticate, load the entity as the caller and call a service.
 * Errors from `@backstage/errors` are mapped to statuses by the framework's error handler.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  // The coverage upload streams its raw body itself, so it comes before the JSON parser.
  router.use(coverageRoutes(options));
  router.use(express.json({ limit: '100kb' }));
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(deploymentsRoutes(options));
  router.use(pipelinesRoutes(options));
  router.use(rolloutsRoutes(options));
  router.use(rollbackRoutes(options));
  router.use(
    metricsRoutes({
      ...options,
      hasCanary: entity => options.rollouts.hasCanary(entity),
    }),
  );
  return router;
}
