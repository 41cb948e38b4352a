import { CoverageUnit } from '@go-delivery/plugin-delivery-common';

/** One source file's figures as a parser read them. */
export interface ParsedFileCoverage {
  path: string;
  /** Go import path of the file's directory, a Cobertura package, or a directory for LCOV. */
  package: string;
  covered: number;
  total: number;
}

/** What every parser produces: per-file figures in the unit of its format. */
export interface ParsedCoverage {
  unit: CoverageUnit;
  files: ParsedFileCoverage[];
}

/** Limits a parser enforces while it reads. */
export interface ParseLimits {
  /** More distinct files than this and the report is refused (`delivery.coverage.maxFiles`). */
  maxFiles: number;
}
