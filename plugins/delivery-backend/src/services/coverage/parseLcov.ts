import { MalformedReportError, quoteExcerpt } from './MalformedReportError';
import { ParsedCoverage, ParseLimits } from './ParsedCoverage';
import { readLines, ReportSource } from './readLines';
import { ReportFiles } from './ReportFiles';
import { relativeToCommonRoot, sourcePackage } from './sourcePaths';

const FORMAT = 'LCOV';
const RECORD_LINE = /^([A-Z]+):(.*)$/;
const DA_VALUE = /^(\d+),(\d+)(,.*)?$/;
const COUNT = /^\d+$/;

interface FileLines {
  /** Line number → covered, from DA; records of one file (several test runs) are merged. */
  lines: Map<number, boolean>;
  /** LF/LH of records that carry no DA lines. */
  declared: { found: number; hit: number };
}

/**
 * Reads an LCOV tracefile (`SF:` … `DA:line,hits` … `end_of_record`). Line figures come from the
 * DA entries; LF/LH are only used for a record without any. Other entries (functions, branches)
 * are skipped, unknown ones too, so newer lcov versions still load.
 */
export async function parseLcov(
  source: ReportSource,
  limits: ParseLimits,
): Promise<ParsedCoverage> {
  const files = new ReportFiles<FileLines>(limits);
  let record:
    | {
        file: FileLines;
        path: string;
        startLine: number;
        hasLines: boolean;
        found?: number;
        hit?: number;
      }
    | undefined;
  let lastLine = 1;
  const fail = (line: number, problem: string) =>
    new MalformedReportError({ format: FORMAT, location: { line }, problem });

  const closeRecord = (line: number) => {
    if (!record) throw fail(line, "'end_of_record' without an 'SF:' before it");
    if (!record.hasLines && record.found !== undefined) {
      const hit = record.hit ?? 0;
      if (hit > record.found) {
        throw fail(
          line,
          `LH:${hit} is more than LF:${record.found} for ${quoteExcerpt(
            record.path,
          )}`,
        );
      }
      record.file.declared.found += record.found;
      record.file.declared.hit += hit;
    }
    record = undefined;
  };

  for await (const { text, number } of readLines(source, FORMAT)) {
    lastLine = number;
    const line = text.trim();
    if (line === '') continue;
    if (line === 'end_of_record') {
      closeRecord(number);
      continue;
    }
    const entry = RECORD_LINE.exec(line);
    if (!entry) {
      throw fail(
        number,
        `expected 'KEY:value' or 'end_of_record', got ${quoteExcerpt(line)}`,
      );
    }
    const [, key, value] = entry;
    if (key === 'TN' || key === 'VER') continue;
    if (key === 'SF') {
      if (record) {
        throw fail(
          number,
          `'SF:' before the 'end_of_record' of ${quoteExcerpt(
            record.path,
          )} (line ${record.startLine})`,
        );
      }
      const path = value.trim().replace(/\\/g, '/');
      if (!path) throw fail(number, "'SF:' without a file name");
      const file = files.entry(
        path,
        problem => fail(number, problem),
        () => ({ lines: new Map(), declared: { found: 0, hit: 0 } }),
      );
      record = { file, path, startLine: number, hasLines: false };
      continue;
    }
    if (!record) {
      throw fail(number, `'${key}:' outside a record (no 'SF:' before it)`);
    }
    if (key === 'DA') {
      const da = DA_VALUE.exec(value);
      if (!da) {
        throw fail(
          number,
          `expected 'DA:line,hits', got ${quoteExcerpt(line)}`,
        );
      }
      const lineNumber = Number(da[1]);
      const covered = !/^0+$/.test(da[2]);
      record.hasLines = true;
      record.file.lines.set(
        lineNumber,
        (record.file.lines.get(lineNumber) ?? false) || covered,
      );
    } else if (key === 'LF' || key === 'LH') {
      if (!COUNT.test(value)) {
        throw fail(
          number,
          `expected '${key}:count', got ${quoteExcerpt(line)}`,
        );
      }
      if (key === 'LF') record.found = Number(value);
      else record.hit = Number(value);
    }
  }

  if (record) {
    throw fail(
      lastLine,
      `the record of ${quoteExcerpt(record.path)} (line ${
        record.startLine
      }) has no 'end_of_record'`,
    );
  }
  if (files.size === 0) throw fail(lastLine, "the report has no 'SF:' records");

  const entries = [...files.entries()];
  const relative = relativeToCommonRoot(entries.map(([path]) => path));
  return {
    unit: 'lines',
    files: entries.map(([path, file]) => {
      let covered = file.declared.hit;
      let total = file.declared.found;
      for (const isCovered of file.lines.values()) {
        total += 1;
        if (isCovered) covered += 1;
      }
      const shown = relative.get(path)!;
      return { path: shown, package: sourcePackage(shown), covered, total };
    }),
  };
}
