import { InputError } from '@backstage/errors';

/** Where a report broke: a line (1-based), and for XML the column and the element. */
export interface ReportLocation {
  line: number;
  column?: number;
  element?: string;
}

/**
 * A report that cannot be read. It is an InputError, so the framework answers 400, and it says
 * where the report broke; `line`, `column` and `element` also reach the JSON error body.
 */
export class MalformedReportError extends InputError {
  readonly line: number;
  readonly column?: number;
  readonly element?: string;

  constructor(options: {
    format: string;
    location: ReportLocation;
    problem: string;
  }) {
    const { line, column, element } = options.location;
    const where = [
      `line ${line}`,
      column !== undefined ? `column ${column}` : undefined,
      element !== undefined ? `<${element}>` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super(`Malformed ${options.format} at ${where}: ${options.problem}`);
    this.line = line;
    if (column !== undefined) this.column = column;
    if (element !== undefined) this.element = element;
  }
}

/** Quotes a piece of the report for an error message, cut short so the message stays readable. */
export function quoteExcerpt(text: string, max = 80): string {
  const excerpt = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(excerpt);
}
