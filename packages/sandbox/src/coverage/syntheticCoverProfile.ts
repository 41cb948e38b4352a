/** One Go package of a synthetic service and the share of its statements the tests cover. */
export interface SyntheticPackage {
  /** Import path relative to the module, e.g. `internal/api`. */
  path: string;
  files: string[];
  /** Statements per file. */
  statementsPerFile: number;
  /** 0–1. */
  covered: number;
}

/**
 * A Go coverprofile (`mode: atomic`) as `go test -coverprofile` writes it, for a made-up module:
 * each file gets blocks of one to three statements, the first `covered` share of them executed.
 * The sandbox uploads these through the real upload endpoint to give the demo a coverage history.
 */
export function syntheticCoverProfile(options: {
  module: string;
  packages: SyntheticPackage[];
}): string {
  const lines = ['mode: atomic'];
  for (const pkg of options.packages) {
    for (const file of pkg.files) {
      const target = Math.round(pkg.statementsPerFile * pkg.covered);
      let statements = 0;
      let coveredSoFar = 0;
      let line = 10;
      while (statements < pkg.statementsPerFile) {
        const size = Math.min(
          1 + (statements % 3),
          pkg.statementsPerFile - statements,
        );
        const count = coveredSoFar + size <= target ? 1 + (line % 7) : 0;
        if (count > 0) coveredSoFar += size;
        lines.push(
          `${options.module}/${pkg.path}/${file}:${line}.2,${
            line + size + 1
          }.16 ${size} ${count}`,
        );
        statements += size;
        line += size + 3;
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
