import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  coverageThresholdOf,
  CoverageFigures,
  CoverageFilesResponse,
  CoverageFormat,
  CoverageHistoryResponse,
  CoverageReportResult,
  CoverageReportSummary,
  CoverageResponse,
  CoverageThresholdView,
  CoverageUploadResponse,
  DeliveryTargets,
} from '@go-delivery/plugin-delivery-common';
import {
  CoverageCounts,
  CoverageStore,
  StoredCoverageReport,
} from '../../database/CoverageStore';
import { parseCoverageReport } from './parseCoverageReport';
import { ReportSource } from './readLines';

/** Percentage with two decimals; null when there is nothing to cover. */
export function coveragePercent(counts: CoverageCounts): number | null {
  if (counts.total === 0) return null;
  return Math.round((counts.covered / counts.total) * 10000) / 100;
}

function figures(counts: CoverageCounts): CoverageFigures {
  return {
    covered: counts.covered,
    total: counts.total,
    percent: coveragePercent(counts),
  };
}

/** Exact comparison (no rounding): covered / total ≥ threshold / 100. */
export function reachesThreshold(
  counts: CoverageCounts,
  threshold: CoverageThresholdView,
): boolean {
  return counts.covered * 100 >= threshold.percent * counts.total;
}

function toSummary(report: StoredCoverageReport): CoverageReportSummary {
  return {
    commit: report.commit,
    branch: report.branch,
    uploadedAt: report.uploadedAt.toISOString(),
    format: report.format,
    unit: report.unit,
    packageCount: report.packageCount,
    fileCount: report.fileCount,
    ...figures(report),
  };
}

/** Change in percentage points, two decimals, from the exact ratios. */
function delta(
  current: CoverageCounts,
  previous: CoverageCounts,
): number | null {
  if (current.total === 0 || previous.total === 0) return null;
  const points =
    (current.covered / current.total - previous.covered / previous.total) * 100;
  return Math.round(points * 100) / 100;
}

/**
 * Coverage of an entity: parses and stores uploaded reports, and answers the latest report
 * (judged against the entity's threshold, compared with the previous commit on its branch) and
 * the trend.
 */
export class CoverageService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: CoverageStore;
      defaultThreshold: number;
      /** Reports that list more source files are refused. */
      maxFiles: number;
      /** Where database errors go; callers get a short message without SQL or values. */
      logger: LoggerService;
      /** For tests; the upload time of a report. */
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The entity's threshold; a malformed annotation is a 400 that names it. */
  threshold(targets: DeliveryTargets): CoverageThresholdView {
    return coverageThresholdOf(
      targets.coverageThreshold,
      this.options.defaultThreshold,
    );
  }

  /**
   * Parses the whole report before writing anything, then stores it in one transaction: a report
   * that breaks half-way leaves the database untouched.
   */
  async upload(request: {
    targets: DeliveryTargets;
    commit: string;
    branch: string;
    format: CoverageFormat;
    body: ReportSource;
  }): Promise<CoverageUploadResponse> {
    const threshold = this.threshold(request.targets);
    const entityRef = request.targets.entityRef;
    const data = await parseCoverageReport(request.format, request.body, {
      maxFiles: this.options.maxFiles,
    });
    const stored = await this.database('stored', store =>
      store.saveReport({
        entityRef,
        commit: request.commit,
        branch: request.branch,
        format: request.format,
        unit: data.unit,
        uploadedAt: this.now(),
        covered: data.covered,
        total: data.total,
        packages: data.packages,
        files: data.files,
      }),
    );
    return {
      entityRef,
      threshold,
      report: await this.judge(stored, threshold),
    };
  }

  /**
   * The newest report (on `branch` when given) with its packages' figures. Files are not part of
   * it: a report may list tens of thousands, and every view of the card reads this.
   */
  async latest(
    targets: DeliveryTargets,
    options: { branch?: string } = {},
  ): Promise<CoverageResponse> {
    const threshold = this.threshold(targets);
    const entityRef = targets.entityRef;
    const response: CoverageResponse = { entityRef, threshold };
    if (options.branch !== undefined) response.branch = options.branch;
    const report = await this.database('read', store =>
      store.findLatest({ entityRef, branch: options.branch }),
    );
    if (!report) return response;
    const [result, packages] = await Promise.all([
      this.judge(report, threshold),
      this.database('read', store => store.readPackages(report.id)),
    ]);
    response.latest = {
      ...result,
      packages: packages.map(pkg => ({ name: pkg.name, ...figures(pkg) })),
    };
    return response;
  }

  /** One page of one package's files, of the newest report or of the report of `commit`. */
  async files(
    targets: DeliveryTargets,
    query: { package: string; page: number; pageSize: number; commit?: string },
  ): Promise<CoverageFilesResponse> {
    const entityRef = targets.entityRef;
    const { commit } = query;
    const report = await this.database('read', store =>
      commit
        ? store.findByCommit({ entityRef, commit })
        : store.findLatest({ entityRef }),
    );
    if (!report) {
      throw new NotFoundError(
        query.commit
          ? `No coverage report of ${entityRef} for commit ${query.commit}`
          : `No coverage report of ${entityRef} yet`,
      );
    }
    const { total, files } = await this.database('read', store =>
      store.readFiles({
        reportId: report.id,
        package: query.package,
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
    );
    if (total === 0) {
      throw new NotFoundError(
        `The coverage report of ${report.commit} has no package '${query.package}'`,
      );
    }
    return {
      entityRef,
      commit: report.commit,
      package: query.package,
      page: query.page,
      pageSize: query.pageSize,
      totalFiles: total,
      files: files.map(file => ({ path: file.path, ...figures(file) })),
    };
  }

  /** The newest `limit` reports (on `branch` when given), oldest first, for the trend chart. */
  async history(
    targets: DeliveryTargets,
    options: { branch?: string; limit: number },
  ): Promise<CoverageHistoryResponse> {
    const threshold = this.threshold(targets);
    const entityRef = targets.entityRef;
    const reports = await this.database('read', store =>
      store.listHistory({
        entityRef,
        branch: options.branch,
        limit: options.limit,
      }),
    );
    const response: CoverageHistoryResponse = {
      entityRef,
      threshold,
      points: reports.map(report => ({
        commit: report.commit,
        branch: report.branch,
        uploadedAt: report.uploadedAt.toISOString(),
        passed: reachesThreshold(report, threshold),
        ...figures(report),
      })),
    };
    if (options.branch !== undefined) response.branch = options.branch;
    return response;
  }

  /**
   * One database call. Its errors carry SQL, stored values and, on SQLite, file paths: they are
   * logged, and the caller gets a short message.
   */
  private async database<T>(
    action: 'read' | 'stored',
    call: (store: CoverageStore) => Promise<T>,
  ): Promise<T> {
    try {
      return await call(this.options.store);
    } catch (error) {
      this.options.logger.error(
        `Coverage database call failed`,
        error instanceof Error ? error : undefined,
      );
      throw new ServiceUnavailableError(
        action === 'stored'
          ? 'The coverage report could not be stored'
          : 'The coverage reports could not be read',
      );
    }
  }

  private async judge(
    report: StoredCoverageReport,
    threshold: CoverageThresholdView,
  ): Promise<CoverageReportResult> {
    const previous = await this.database('read', store =>
      store.findPrevious(report),
    );
    return {
      ...toSummary(report),
      passed: reachesThreshold(report, threshold),
      ...(previous ? { previous: toSummary(previous) } : {}),
      delta: previous ? delta(report, previous) : null,
    };
  }
}
