import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CoverageStore } from '../../database/CoverageStore';
import { CoverageConfig, readCoverageConfig } from './coverageConfig';
import { CoverageService } from './CoverageService';
import { scheduleCoveragePrune } from './scheduleCoveragePrune';

/**
 * Everything coverage needs at startup: config, schema migrations, the store, the service and the
 * scheduled prune. Returns what the routes take.
 */
export async function createCoverage(options: {
  config: RootConfigService;
  /** The plugin's database, migrated. */
  knex: Knex;
  scheduler: SchedulerService;
  logger: LoggerService;
  /** The upload time of reports; replaced in tests. */
  now?: () => Date;
}): Promise<{
  coverage: CoverageService;
  coverageConfig: CoverageConfig;
  /** The reports, for the promotion's coverage gate. */
  coverageStore: CoverageStore;
}> {
  const coverageConfig = readCoverageConfig(options.config);
  const store = new CoverageStore(options.knex);
  await scheduleCoveragePrune({
    scheduler: options.scheduler,
    store,
    keepReports: coverageConfig.keepReports,
    logger: options.logger,
  });
  const coverage = new CoverageService({
    store,
    defaultThreshold: coverageConfig.defaultThreshold,
    maxFiles: coverageConfig.maxFiles,
    logger: options.logger,
    now: options.now,
  });
  return { coverage, coverageConfig, coverageStore: store };
}
