import {
  coverageThresholdOf,
  CoverageFigures,
  CoverageFileView,
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
function reaches(
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
    const data = await parseCoverageReport(request.format, request.body);
    const stored = await this.options.store.saveReport({
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
    });
    return {
      entityRef,
      threshold,
      report: await this.judge(stored, threshold),
    };
  }

  /** The newest report (on `branch` when given) with its packages and files. */
  async latest(
    targets: DeliveryTargets,
    options: { branch?: string } = {},
  ): Promise<CoverageResponse> {
    const threshold = this.threshold(targets);
    const entityRef = targets.entityRef;
    const response: CoverageResponse = { entityRef, threshold };
    if (options.branch !== undefined) response.branch = options.branch;
    const report = await this.options.store.findLatest({
      entityRef,
      branch: options.branch,
    });
    if (!report) return response;
    const [result, details] = await Promise.all([
      this.judge(report, threshold),
      this.options.store.readDetails(report.id),
    ]);
    const filesByPackage = new Map<string, CoverageFileView[]>();
    for (const file of details.files) {
      const files = filesByPackage.get(file.package) ?? [];
      files.push({ path: file.path, ...figures(file) });
      filesByPackage.set(file.package, files);
    }
    response.latest = {
      ...result,
      packages: details.packages.map(pkg => ({
        name: pkg.name,
        ...figures(pkg),
        files: filesByPackage.get(pkg.name) ?? [],
      })),
    };
    return response;
  }

  /** The newest `limit` reports (on `branch` when given), oldest first, for the trend chart. */
  async history(
    targets: DeliveryTargets,
    options: { branch?: string; limit: number },
  ): Promise<CoverageHistoryResponse> {
    const threshold = this.threshold(targets);
    const entityRef = targets.entityRef;
    const reports = await this.options.store.listHistory({
      entityRef,
      branch: options.branch,
      limit: options.limit,
    });
    const response: CoverageHistoryResponse = {
      entityRef,
      threshold,
      points: reports.map(report => ({
        commit: report.commit,
        branch: report.branch,
        uploadedAt: report.uploadedAt.toISOString(),
        passed: reaches(report, threshold),
        ...figures(report),
      })),
    };
    if (options.branch !== undefined) response.branch = options.branch;
    return response;
  }

  private async judge(
    report: StoredCoverageReport,
    threshold: CoverageThresholdView,
  ): Promise<CoverageReportResult> {
    const previous = await this.options.store.findPrevious(report);
    return {
      ...toSummary(report),
      passed: reaches(report, threshold),
      ...(previous ? { previous: toSummary(previous) } : {}),
      delta: previous ? delta(report, previous) : null,
    };
  }
}
