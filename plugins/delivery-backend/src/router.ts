import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { DeliveryServices } from './createServices';
import { ACTION_BODY_LIMIT } from './routes/bodyFields';
import { coverageRoutes } from './routes/coverageRoutes';
import {
  deploymentsFrames,
  deploymentsRoutes,
} from './routes/deploymentsRoutes';
import { doraRoutes } from './routes/doraRoutes';
import { errorBudgetRoutes } from './routes/errorBudgetRoutes';
import { eventReportRoutes } from './routes/eventReportRoutes';
import { metricsRoutes } from './routes/metricsRoutes';
import {
  pipelineRunActionFrame,
  pipelinesRoutes,
} from './routes/pipelinesRoutes';
import { promotionFrames, promotionRoutes } from './routes/promotionRoutes';
import { rollbackFrames, rollbackRoutes } from './routes/rollbackRoutes';
import { rolloutsFrames, rolloutsRoutes } from './routes/rolloutsRoutes';
import { DeliveryFrames } from './agentActions/registerDeliveryActions';

export type RouterOptions = DeliveryServices & {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  permissions: PermissionsService;
};

/**
 * HTTP only: each area's routes read through the read frame or act through the action frame, and
 * call a service. Errors from `@backstage/errors` are mapped to statuses by the framework.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  // The coverage upload streams its raw body itself, so it comes before the JSON parser.
  router.use(coverageRoutes(options));
  // Every JSON body is an action's: a reference and a few flags. One parser with the small limit,
  // so no route can end up behind a laxer one.
  router.use(express.json({ limit: ACTION_BODY_LIMIT }));
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(deploymentsRoutes(options));
  router.use(pipelinesRoutes(options));
  router.use(rolloutsRoutes(options));
  router.use(rollbackRoutes(options));
  router.use(promotionRoutes(options));
  router.use(doraRoutes(options));
  router.use(eventReportRoutes(options));
  router.use(errorBudgetRoutes(options));
  router.use(
    metricsRoutes({
      ...options,
      hasCanary: target => options.rollouts.hasCanary(target),
    }),
  );
  return router;
}

/** The frames the actions registry calls: built as the routes build theirs, from the same services. */
export function deliveryFrames(options: RouterOptions): DeliveryFrames {
  return {
    deployments: deploymentsFrames(options),
    rollouts: rolloutsFrames(options),
    rollback: rollbackFrames(options),
    rerun: pipelineRunActionFrame(options, 'rerun'),
    promotion: promotionFrames(options),
  };
}
