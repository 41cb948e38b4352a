import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';

/** The part of prettier 2's API used here (the package ships no types). */
interface Prettier {
  format(source: string, options: Record<string, unknown>): string;
  resolveConfig: {
    sync(file: string): Record<string, unknown> | null;
  };
}

// Formatting with the repository's own prettier keeps `prettier --check` and the generator agreed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const prettier: Prettier = require('prettier');

/** Objects with their keys in alphabetical order, at every depth; arrays keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(key => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The text of one view model file: sorted keys, formatted the way the repository's prettier does. */
export function viewModelText(value: unknown, file: string): string {
  const json = JSON.stringify(sortKeys(value), null, 2);
  const options = prettier.resolveConfig.sync(file) ?? {};
  return prettier.format(json, { ...options, filepath: file });
}

function checkedInText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** The first line where two texts differ. */
function firstDifference(checkedIn: string, expected: string): string {
  const a = checkedIn.split('\n');
  const b = expected.split('\n');
  const at = Math.max(
    0,
    a.findIndex((text, i) => text !== b[i]),
  );
  return `line ${at + 1} is ${JSON.stringify(
    a[at] ?? '<end of file>',
  )}, the backend answers ${JSON.stringify(b[at] ?? '<end of file>')}`;
}

/**
 * What differs between the JSON files in `dir` and the expected ones, and how to bring them up to
 * date; empty when nothing does.
 */
export function staleReport(
  dir: string,
  expected: Map<string, string>,
): string {
  const present = existsSync(dir)
    ? readdirSync(dir).filter(f => f.endsWith('.json'))
    : [];
  const changed = [...expected.keys()].filter(
    name => checkedInText(join(dir, name)) !== expected.get(name),
  );
  const extra = present.filter(name => !expected.has(name));
  if (changed.length === 0 && extra.length === 0) return '';
  const [first] = changed;
  return [
    `The view models in ${relative(
      process.cwd(),
      dir,
    )} are not what the backend answers now.`,
    ...(changed.length > 0
      ? [`Changed or missing: ${changed.join(', ')}.`]
      : []),
    ...(extra.length > 0 ? [`No longer answered: ${extra.join(', ')}.`] : []),
    ...(first
      ? [
          `In ${first}, ${firstDifference(
            checkedInText(join(dir, first)),
            expected.get(first)!,
          )}.`,
        ]
      : []),
    'Run `yarn workspace @go-delivery/plugin-delivery-backend generate:view-models`, review the diff and commit it.',
  ].join('\n');
}

/** Replaces the JSON files of `dir` with the expected ones. */
export function writeViewModelFiles(
  dir: string,
  expected: Map<string, string>,
): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.json') && !expected.has(name)) {
      rmSync(join(dir, name));
    }
  }
  for (const [name, text] of expected) {
    writeFileSync(join(dir, name), text);
  }
}
