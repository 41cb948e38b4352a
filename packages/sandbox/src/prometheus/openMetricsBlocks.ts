import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** Label values in OpenMetrics escape backslash, double quote and line feed. */
function labelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

export function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${labelValue(v)}"`)
    .join(',')}}`;
}

/**
 * promtool cuts its input into blocks of two hours aligned to the epoch, and reads the whole input
 * once per block. One file per block keeps backfilling linear in the length of the history.
 */
const BLOCK_MS = 2 * 3600_000;

export interface Family {
  name: string;
  metadata: string[];
}

/** Writes samples into one OpenMetrics file per block, each with its families' metadata and `# EOF`. */
export class BlockFiles {
  private readonly blocks = new Map<
    number,
    { lines: string[]; family?: string; size: number }
  >();
  private readonly written = new Set<number>();

  constructor(private readonly dir: string) {}

  sample(family: Family, line: string, ms: number) {
    const start = Math.floor(ms / BLOCK_MS) * BLOCK_MS;
    let block = this.blocks.get(start);
    if (!block) {
      block = { lines: [], size: 0 };
      this.blocks.set(start, block);
    }
    if (block.family !== family.name) {
      // Families are written one after the other, so each file holds each family's metadata once.
      block.lines.push(...family.metadata);
      block.family = family.name;
    }
    block.lines.push(line);
    block.size += line.length + 1;
    if (block.size > 1 << 20) this.flush(start);
  }

  /** Ends every file with `# EOF` and returns their paths in time order. */
  close(): string[] {
    const starts = [...new Set([...this.blocks.keys(), ...this.written])].sort(
      (a, b) => a - b,
    );
    for (const start of starts) {
      this.blocks.get(start)?.lines.push('# EOF');
      this.flush(start);
    }
    return starts.map(start => this.file(start));
  }

  private file(start: number): string {
    return join(this.dir, `history-${start / 1000}.om`);
  }

  private flush(start: number) {
    const block = this.blocks.get(start);
    if (!block || block.lines.length === 0) return;
    appendFileSync(this.file(start), `${block.lines.join('\n')}\n`);
    this.written.add(start);
    block.lines = [];
    block.size = 0;
  }
}
