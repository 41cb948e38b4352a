/** A figure for the report: at most `digits` decimals, no trailing zeros, '–' when missing. */
export function num(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  const fixed = value.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
