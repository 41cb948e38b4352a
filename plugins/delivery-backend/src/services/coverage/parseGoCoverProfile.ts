import { posix } from 'node:path';
import { MalformedReportError, quoteExcerpt } from './MalformedReportError';
import { ParsedCoverage, ParseLimits } from './ParsedCoverage';
import { readLines, ReportSource } from './readLines';
import { ReportFiles } from './ReportFiles';

const FORMAT = 'Go coverprofile';
const MODE_LINE = /^mode: (set|count|atomic)$/;
/** `file:startLine.startCol,endLine.endCol numStmt count`, as golang.org/x/tools/cover reads it. */
const BLOCK_LINE = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

interface Block {
  statements: number;
  covered: boolean;
  /** Where the block was first seen, for the inconsistency error. */
  line: number;
}

/**
 * Reads Go's native coverprofile (`go test -coverprofile`, any of set/count/atomic). Blocks listed
 * more than once — every test binary reports them with `-coverpkg`, and merged profiles repeat
 * them — count once and are covered when any occurrence is, as `go tool cover` merges them; a
 * block whose statement count differs between occurrences is an error there and here.
 */
export async function parseGoCoverProfile(
  source: ReportSource,
  limits: ParseLimits,
): Promise<ParsedCoverage> {
  const blocksByFile = new ReportFiles<Map<string, Block>>(limits);
  let mode: string | undefined;
  let lastLine = 1;
  const fail = (line: number, problem: string) =>
    new MalformedReportError({ format: FORMAT, location: { line }, problem });

  for await (const { text, number } of readLines(source, FORMAT)) {
    lastLine = number;
    if (text.trim() === '') continue;
    const modeMatch = MODE_LINE.exec(text);
    if (mode === undefined) {
      if (!modeMatch) {
        throw fail(
          number,
          `expected 'mode: set', 'mode: count' or 'mode: atomic' first, got ${quoteExcerpt(
            text,
          )}`,
        );
      }
      mode = modeMatch[1];
      continue;
    }
    if (modeMatch) {
      // Concatenated profiles repeat the mode line; mixing modes cannot be merged.
      if (modeMatch[1] !== mode) {
        throw fail(number, `mode '${modeMatch[1]}' after 'mode: ${mode}'`);
      }
      continue;
    }
    const block = BLOCK_LINE.exec(text);
    if (!block) {
      throw fail(
        number,
        `expected 'file.go:startLine.startCol,endLine.endCol statements count', got ${quoteExcerpt(
          text,
        )}`,
      );
    }
    const [, file, startLine, startCol, endLine, endCol, statements, count] =
      block;
    const blocks = blocksByFile.entry(
      file,
      problem => fail(number, problem),
      () => new Map(),
    );
    const key = `${startLine}.${startCol},${endLine}.${endCol}`;
    const seen = blocks.get(key);
    const numStatements = Number(statements);
    const covered = !/^0+$/.test(count);
    if (!seen) {
      blocks.set(key, { statements: numStatements, covered, line: number });
    } else if (seen.statements !== numStatements) {
      throw fail(
        number,
        `block ${file}:${key} has ${numStatements} statements here but ${seen.statements} at line ${seen.line}`,
      );
    } else {
      seen.covered ||= covered;
    }
  }

  if (mode === undefined) {
    throw fail(lastLine, "empty report: expected a 'mode:' line");
  }
  if (blocksByFile.size === 0) {
    throw fail(lastLine, 'the profile lists no coverage blocks');
  }
  const files = [...blocksByFile.entries()].map(([path, blocks]) => {
    let covered = 0;
    let total = 0;
    for (const block of blocks.values()) {
      total += block.statements;
      if (block.covered) covered += block.statements;
    }
    return { path, package: posix.dirname(path), covered, total };
  });
  return { unit: 'statements', files };
}
