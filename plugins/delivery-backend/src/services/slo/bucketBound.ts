/**
 * The `le` label values a histogram bucket of `seconds` can carry. client_golang writes a bound
 * with Go's `strconv.FormatFloat(v, 'g', -1, 64)` (shortest digits; exponent below 1e-4, as
 * `1e-05`); Prometheus 3 normalizes integers to `1.0` when it ingests them, so an integral bound is
 * matched in both spellings.
 */
export function bucketBoundLabels(seconds: number): string[] {
  const go = goShortestFloat(seconds);
  return Number.isInteger(seconds) ? [go, `${go}.0`] : [go];
}

/** Go's `%g` with the shortest precision, for the positive finite bounds of a histogram. */
function goShortestFloat(value: number): string {
  const exponent = Math.floor(Math.log10(value));
  // With the shortest precision Go switches to the exponent form below 1e-4 and from 1e6.
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, power] = value.toExponential().split('e');
    const sign = power.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${power.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  // JavaScript's shortest round-trip digits are Go's; in this range it writes no exponent.
  return String(value);
}
