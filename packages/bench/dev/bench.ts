/*
 * `yarn workspace @go-delivery/bench bench [options]`: runs the whole benchmark and prints the
 * results as markdown (see `--help`).
 */
import { writeFileSync } from 'node:fs';
import { parseOptions, runBenchmark, USAGE } from '../src';
import { autocannonLoad } from './autocannonLoad';

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const bench = parseOptions(argv);
  const report = await runBenchmark({
    bench,
    loadTool: autocannonLoad,
    command: ['yarn workspace @go-delivery/bench bench', ...argv].join(' '),
    log: line => process.stderr.write(`» ${line}\n`),
  });
  process.stdout.write(`${report}\n`);
  if (bench.resultsFile) {
    writeFileSync(bench.resultsFile, `${report}\n`);
    process.stderr.write(`» results written to ${bench.resultsFile}\n`);
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
