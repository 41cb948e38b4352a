import { SaxesParser, SaxesTagPlain } from 'saxes';
import { MalformedReportError, quoteExcerpt } from './MalformedReportError';
import { ParsedCoverage, ParseLimits } from './ParsedCoverage';
import { sourcePackage } from './sourcePaths';
import { readText, ReportSource } from './readLines';
import { checkReportName, ReportFiles } from './ReportFiles';

const FORMAT = 'Cobertura XML';
const NON_NEGATIVE_INTEGER = /^\d+$/;

interface FileLines {
  package: string;
  /** Line number → covered; a line listed by several classes of one file counts once. */
  lines: Map<number, boolean>;
}

/**
 * Reads Cobertura XML as a stream of SAX events. Only the class-level `<lines>` are counted: the
 * `<line>` elements under `<methods>` repeat them. Lines are merged per file, because one file can
 * hold several classes (Go receiver types, Java inner classes).
 */
export async function parseCobertura(
  source: ReportSource,
  limits: ParseLimits,
): Promise<ParsedCoverage> {
  const options = { xmlns: false, position: true } as const;
  const parser = new SaxesParser<typeof options>(options);
  const stack: string[] = [];
  const files = new ReportFiles<FileLines>(limits);
  let packageName = '';
  let currentFile: FileLines | undefined;

  const fail = (
    problem: string,
    element?: string,
    at = { line: parser.line, column: parser.column },
  ) =>
    new MalformedReportError({
      format: FORMAT,
      location: { ...at, element },
      problem,
    });
  let end = { line: 1, column: 0 };

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const parent = stack[stack.length - 1];
    const grandparent = stack[stack.length - 2];
    if (stack.length === 0 && tag.name !== 'coverage') {
      throw fail(`the root element must be <coverage>`, tag.name);
    }
    stack.push(tag.name);
    const failHere = (problem: string) => fail(problem, tag.name);
    if (tag.name === 'package' && parent === 'packages') {
      packageName = checkReportName(
        'package name',
        tag.attributes.name ?? '',
        failHere,
      );
    } else if (tag.name === 'class') {
      const filename = (tag.attributes.filename ?? '').replace(/\\/g, '/');
      if (!filename) throw fail(`attribute 'filename' is missing`, tag.name);
      currentFile = files.entry(filename, failHere, () => ({
        package: packageName || sourcePackage(filename),
        lines: new Map(),
      }));
    } else if (
      tag.name === 'line' &&
      parent === 'lines' &&
      grandparent === 'class'
    ) {
      const { number, hits } = tag.attributes;
      if (
        number === undefined ||
        !NON_NEGATIVE_INTEGER.test(number) ||
        Number(number) < 1
      ) {
        throw fail(
          `attribute 'number' must be a positive integer, got ${quoteExcerpt(
            String(number),
          )}`,
          tag.name,
        );
      }
      if (hits === undefined || !NON_NEGATIVE_INTEGER.test(hits)) {
        throw fail(
          `attribute 'hits' must be a non-negative integer, got ${quoteExcerpt(
            String(hits),
          )}`,
          tag.name,
        );
      }
      if (!currentFile) throw fail('<line> outside a <class>', tag.name);
      const lineNumber = Number(number);
      const covered = !/^0+$/.test(hits);
      currentFile.lines.set(
        lineNumber,
        (currentFile.lines.get(lineNumber) ?? false) || covered,
      );
    }
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    stack.pop();
    if (tag.name === 'class') currentFile = undefined;
    if (tag.name === 'package') packageName = '';
  });

  try {
    for await (const text of readText(source)) {
      parser.write(text);
    }
    // close() resets the position, and the end of the document is where it may still break.
    end = { line: parser.line, column: parser.column };
    parser.close();
  } catch (error) {
    if (error instanceof MalformedReportError) throw error;
    // A syntax error: saxes prefixes "line:column: ", reported as the location instead.
    const message = String((error as Error).message).replace(/^\d+:\d+: /, '');
    throw fail(message);
  }

  if (files.size === 0) {
    throw fail('the report lists no classes with a filename', undefined, end);
  }
  return {
    unit: 'lines',
    files: [...files.entries()].map(([path, file]) => {
      let covered = 0;
      for (const isCovered of file.lines.values()) if (isCovered) covered += 1;
      return { path, package: file.package, covered, total: file.lines.size };
    }),
  };
}
