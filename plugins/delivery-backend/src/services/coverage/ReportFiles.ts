import { MalformedReportError, quoteExcerpt } from './MalformedReportError';
import { ParseLimits } from './ParsedCoverage';

/** Builds the error of a problem at the parser's current place in the report. */
export type FailHere = (problem: string) => MalformedReportError;

/** C0, DEL and C1 control characters: never part of a source path, and harmful where shown. */
export const CONTROL_CHARACTER = /\p{Cc}/u;

/** Refuses a name from the report (a file path, a package) that holds a control character. */
export function checkReportName(
  what: 'file path' | 'package name',
  name: string,
  fail: FailHere,
): string {
  const control = CONTROL_CHARACTER.exec(name);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase();
    throw fail(
      `${what} ${quoteExcerpt(
        name,
      )} contains the control character U+${code.padStart(4, '0')}`,
    );
  }
  return name;
}

/**
 * The files of a report as a parser meets them. Each new path is checked, and the report is
 * refused as soon as it names more files than the limit, so a huge report is never held whole.
 */
export class ReportFiles<T> {
  private readonly files = new Map<string, T>();

  constructor(private readonly limits: ParseLimits) {}

  get size(): number {
    return this.files.size;
  }

  /** The entry of `path`, made with `create` when the report names the file for the first time. */
  entry(path: string, fail: FailHere, create: () => T): T {
    const known = this.files.get(path);
    if (known) return known;
    checkReportName('file path', path, fail);
    if (this.files.size >= this.limits.maxFiles) {
      throw fail(
        `the report lists more than ${this.limits.maxFiles} files (delivery.coverage.maxFiles)`,
      );
    }
    const file = create();
    this.files.set(path, file);
    return file;
  }

  entries(): IterableIterator<[string, T]> {
    return this.files.entries();
  }
}
