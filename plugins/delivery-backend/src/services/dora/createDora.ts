import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { ProductionTargets } from '../../actions/confirmation';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { PipelineRunsReader } from '../pipelines/PipelineRunsReader';
import { DeliveryEventRecorder } from './DeliveryEventRecorder';
import { DoraCollector } from './DoraCollector';
import { readDoraConfig } from './doraConfig';
import { DoraService } from './DoraService';
import { RolloutAbortEvents, RolloutsSource } from './rolloutAbortEvents';
import { scheduleDoraCollection } from './scheduleDoraCollection';

/**
 * Everything the DORA figures need at startup: config, the event store, the recorder of actions
 * and verdicts, the collector (of Argo CD and, given `rollouts`, of aborted Rollouts; scheduled
 * unless `delivery.dora.enabled` is false) and the service the routes read from.
 */
export async function createDora(options: {
  config: RootConfigService;
  /** The plugin's database, migrated. */
  knex: Knex;
  scheduler: SchedulerService;
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  argocd: ArgoCdReads;
  pipelineRuns: PipelineRunsReader;
  /** The entities' Argo Rollouts, whose aborts the collector records. */
  rollouts?: RolloutsSource;
  productionTargets: ProductionTargets;
  now?: () => number;
}) {
  const config = readDoraConfig(options.config);
  const store = new DeliveryEventStore(options.knex);
  const collector = new DoraCollector({
    catalog: options.catalog,
    auth: options.auth,
    argocd: options.argocd,
    store,
    logger: options.logger,
    config,
    pipelineRuns: options.pipelineRuns,
    now: options.now,
    ...(options.rollouts
      ? {
          rolloutAborts: new RolloutAbortEvents({
            rollouts: options.rollouts,
            store,
            productionTargets: options.productionTargets,
          }),
        }
      : {}),
  });
  if (config.enabled) {
    await scheduleDoraCollection({
      scheduler: options.scheduler,
      collector,
      logger: options.logger,
      intervalMinutes: config.collectIntervalMinutes,
    });
  }
  return {
    deliveryEvents: new DeliveryEventRecorder({
      store,
      productionTargets: options.productionTargets,
      logger: options.logger,
      now: options.now,
    }),
    dora: new DoraService({
      store,
      productionTargets: options.productionTargets,
      settings: config,
      now: options.now,
    }),
    doraCollector: collector,
  };
}
