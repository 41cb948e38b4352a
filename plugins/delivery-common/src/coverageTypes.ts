/**
 * View models of the coverage endpoints: what the coverage card and CI read back after an upload.
 */

/** Report formats the upload endpoint accepts (`format` query parameter). @public */
export const COVERAGE_FORMATS = ['go', 'cobertura', 'lcov'] as const;

/** @public */
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

/** What a report counts: Go coverprofiles count statements, Cobertura and LCOV count lines. @public */
export type CoverageUnit = 'statements' | 'lines';

/**
 * Covered out of total, and the percentage rounded to two decimals; `percent` is null when there is
 * nothing to cover (a file or package without statements).
 *
 * @public
 */
export interface CoverageFigures {
  covered: number;
  total: number;
  percent: number | null;
}

/** One source file of a report. @public */
export interface CoverageFileView extends CoverageFigures {
  /** As the report names it: an import path for Go, a path relative to the project otherwise. */
  path: string;
}

/**
 * One package: a Go import path, a Cobertura package, or a directory for LCOV. Its files are
 * read on demand, a page at a time ({@link CoverageFilesResponse}).
 *
 * @public
 */
export interface CoveragePackageView extends CoverageFigures {
  name: string;
}

/** The minimum coverage an entity must reach, and where it was set. @public */
export interface CoverageThresholdView {
  /** In percent, 0–100. */
  percent: number;
  /** `annotation` when the entity sets `go-delivery.dev/coverage-threshold`, else `config`. */
  source: 'annotation' | 'config';
}

/** One stored report, without its per-package figures. @public */
export interface CoverageReportSummary extends CoverageFigures {
  commit: string;
  branch: string;
  /** ISO 8601. */
  uploadedAt: string;
  format: CoverageFormat;
  unit: CoverageUnit;
  packageCount: number;
  fileCount: number;
}

/** A report judged against the threshold and compared with the previous commit on its branch. @public */
export interface CoverageReportResult extends CoverageReportSummary {
  /** Whether the coverage reaches the entity's current threshold. */
  passed: boolean;
  /** The report uploaded before this one on the same branch, if any. */
  previous?: CoverageReportSummary;
  /** Change from `previous` in percentage points (two decimals); null without a previous report. */
  delta: number | null;
}

/** The latest report with its packages' figures, sorted by name. @public */
export interface CoverageReportView extends CoverageReportResult {
  packages: CoveragePackageView[];
}

/** `GET /entities/:kind/:namespace/:name/coverage`. @public */
export interface CoverageResponse {
  entityRef: string;
  threshold: CoverageThresholdView;
  /** The branch asked for with `?branch=`, if any. */
  branch?: string;
  /** Absent when nothing was uploaded yet (for that branch). */
  latest?: CoverageReportView;
}

/**
 * `GET /entities/:kind/:namespace/:name/coverage/files?package=&page=&pageSize=[&commit=]`: one
 * page of one package's files, sorted by path, of the newest report or of the report of `commit`.
 *
 * @public
 */
export interface CoverageFilesResponse {
  entityRef: string;
  /** The report the files are of. */
  commit: string;
  package: string;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** How many files the package has in the report, on all pages. */
  totalFiles: number;
  files: CoverageFileView[];
}

/** `POST /coverage`: what CI gets back, so a pipeline can print it or gate on `passed`. @public */
export interface CoverageUploadResponse {
  entityRef: string;
  threshold: CoverageThresholdView;
  report: CoverageReportResult;
}

/** One point of the coverage trend. @public */
export interface CoverageHistoryPoint extends CoverageFigures {
  commit: string;
  branch: string;
  uploadedAt: string;
  /** Judged against the entity's current threshold. */
  passed: boolean;
}

/** `GET /entities/:kind/:namespace/:name/coverage/history`: oldest first. @public */
export interface CoverageHistoryResponse {
  entityRef: string;
  threshold: CoverageThresholdView;
  branch?: string;
  points: CoverageHistoryPoint[];
}
