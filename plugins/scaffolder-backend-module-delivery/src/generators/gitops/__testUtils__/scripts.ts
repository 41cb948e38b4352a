/**
 * Upper-case shell variables a script needs and does not set itself: what the CI step must
 * provide. Nothing expands inside single quotes (awk programs, trap commands); a variable
 * the script reads as `${NAME:-}` somewhere is optional.
 */
export function scriptInputs(script: string): string[] {
  const expanding = script.replace(/'[^']*'/g, "''");
  const names = (pattern: RegExp) =>
    [...expanding.matchAll(pattern)].map(m => m[1]);
  const optional = names(/\$\{([A-Z_][A-Z0-9_]*):-/g);
  return [...new Set(names(/\$\{?([A-Z_][A-Z0-9_]*)/g))].filter(
    name => name !== 'HOME' && !optional.includes(name),
  );
}
