/**
 * A well-formed Go coverprofile of about `targetBytes`, with the figures it should parse to,
 * counted while it is written. Every tenth block is listed a second time unexecuted, as profiles
 * of `-coverpkg` runs repeat blocks.
 */
export function syntheticGoProfile(targetBytes: number): {
  text: string;
  covered: number;
  total: number;
  packages: number;
  files: number;
} {
  const lines = ['mode: atomic'];
  let size = lines[0].length + 1;
  let covered = 0;
  let total = 0;
  let files = 0;
  const packages = new Set<string>();
  for (let file = 0; size < targetBytes; file++) {
    const pkg = `example.com/acme/monorepo/services/svc${String(
      Math.floor(file / 20),
    ).padStart(3, '0')}`;
    packages.add(pkg);
    files += 1;
    const path = `${pkg}/handler_${String(file % 20).padStart(2, '0')}.go`;
    for (let block = 0; block < 60 && size < targetBytes; block++) {
      const start = 10 + block * 7;
      const statements = 1 + ((file + block) % 4);
      const count =
        (file * 7 + block) % 3 === 0 ? 0 : 1 + ((file + block) % 50);
      const line = `${path}:${start}.14,${start + 5}.3 ${statements} ${count}`;
      lines.push(line);
      size += line.length + 1;
      total += statements;
      if (count > 0) covered += statements;
      if (block % 10 === 0) {
        const repeat = `${path}:${start}.14,${start + 5}.3 ${statements} 0`;
        lines.push(repeat);
        size += repeat.length + 1;
      }
    }
  }
  return {
    text: `${lines.join('\n')}\n`,
    covered,
    total,
    packages: packages.size,
    files,
  };
}
