import { InputError } from '@backstage/errors';
import {
  CoverageFormat,
  CoverageUnit,
} from '@go-delivery/plugin-delivery-common';
import { CoverageCounts } from '../../database/CoverageStore';
import { DEFAULT_COVERAGE_CONFIG } from './coverageConfig';
import { parseCobertura } from './parseCobertura';
import {
  ParsedCoverage,
  ParsedFileCoverage,
  ParseLimits,
} from './ParsedCoverage';
import { parseGoCoverProfile } from './parseGoCoverProfile';
import { parseLcov } from './parseLcov';
import { ReportSource } from './readLines';

/** A parsed report summed up per package and in total. */
export interface CoverageReportData extends CoverageCounts {
  unit: CoverageUnit;
  packages: Array<CoverageCounts & { name: string }>;
  files: ParsedFileCoverage[];
}

const parsers: Record<
  CoverageFormat,
  (source: ReportSource, limits: ParseLimits) => Promise<ParsedCoverage>
> = {
  go: parseGoCoverProfile,
  cobertura: parseCobertura,
  lcov: parseLcov,
};

/** The database stores counts as 32-bit integers; no real report comes near. */
const MAX_COUNT = 2 ** 31 - 1;

/** Code-point order, the same in every locale and database. */
function byName(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Sums per-file figures into packages (sorted by name) and totals. */
export function summarizeCoverage(parsed: ParsedCoverage): CoverageReportData {
  const packages = new Map<string, CoverageCounts>();
  let covered = 0;
  let total = 0;
  for (const file of parsed.files) {
    const counts = packages.get(file.package) ?? { covered: 0, total: 0 };
    counts.covered += file.covered;
    counts.total += file.total;
    packages.set(file.package, counts);
    covered += file.covered;
    total += file.total;
  }
  if (total > MAX_COUNT) {
    throw new InputError(
      `The report counts ${total} ${parsed.unit}, more than can be stored`,
    );
  }
  return {
    unit: parsed.unit,
    covered,
    total,
    packages: [...packages]
      .map(([name, counts]) => ({ name, ...counts }))
      .sort((a, b) => byName(a.name, b.name)),
    files: [...parsed.files].sort(
      (a, b) => byName(a.package, b.package) || byName(a.path, b.path),
    ),
  };
}

/**
 * Parses a report of the given format from a stream; a malformed report, or one over the limits
 * (by default those of the default config), is a MalformedReportError.
 */
export async function parseCoverageReport(
  format: CoverageFormat,
  source: ReportSource,
  limits: ParseLimits = { maxFiles: DEFAULT_COVERAGE_CONFIG.maxFiles },
): Promise<CoverageReportData> {
  return summarizeCoverage(await parsers[format](source, limits));
}
