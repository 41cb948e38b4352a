import { isPrometheusLabelName } from '@go-delivery/plugin-delivery-common';

/**
 * PromQL text from values that came from outside the code (annotations): every value goes through
 * one of these functions, never through string concatenation on its own.
 */

/** A Prometheus label name (`[a-zA-Z_][a-zA-Z0-9_]*`). */
export const isLabelName = isPrometheusLabelName;

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A double-quoted PromQL string literal whose value is exactly `value`. Backslash, quote and line
 * breaks get their escapes; other control characters become `\xHH`. Strings that are not well-formed
 * Unicode (lone surrogates) cannot be represented and are refused.
 */
export function promqlString(value: string): string {
  if (
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(
      value,
    )
  ) {
    throw new Error('A PromQL string cannot hold a lone surrogate');
  }
  // Control characters are exactly what must be escaped here.
  // eslint-disable-next-line no-control-regex
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, char => {
    const known = ESCAPES[char];
    if (known) return known;
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${escaped}"`;
}

/** Escapes RE2 metacharacters so a value matches only itself inside a regex matcher. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** A label matcher selecting exactly the given values: `=` for one, an anchored `=~` alternation for more. */
export function labelMatcher(label: string, values: readonly string[]): string {
  if (!isLabelName(label))
    throw new Error(`'${label}' is not a Prometheus label name`);
  if (values.length === 0) throw new Error(`No values for label '${label}'`);
  if (values.length === 1) return `${label}=${promqlString(values[0])}`;
  // Prometheus anchors regex matchers, so the alternation matches whole values only.
  return `${label}=~${promqlString(values.map(regexLiteral).join('|'))}`;
}

/** A range-vector duration in whole seconds, e.g. `[90s]`. */
export function promqlDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new Error(
      `A PromQL duration needs whole positive seconds, got ${seconds}`,
    );
  }
  return `${seconds}s`;
}

/**
 * The `@` modifier pinning a selector to a moment, e.g. ` @ 1700000000.5` (Unix seconds,
 * millisecond precision as Prometheus keeps it). On by default since Prometheus 2.33.
 */
export function promqlAt(unixSeconds: number): string {
  if (!Number.isFinite(unixSeconds) || unixSeconds < 0) {
    throw new Error(`A PromQL @ time needs Unix seconds, got ${unixSeconds}`);
  }
  return ` @ ${Number(unixSeconds.toFixed(3))}`;
}

/**
 * `expression` with a constant label added to every series, so several expressions can be asked
 * in one query (joined with `or`) and the answer split again by that label. The expression sits on
 * lines of its own, so a `#` comment in it cannot swallow the rest of the query.
 */
export function tagSeries(
  expression: string,
  label: string,
  value: string,
): string {
  if (!isLabelName(label))
    throw new Error(`'${label}' is not a Prometheus label name`);
  return `label_replace(\n${expression}\n, ${promqlString(
    label,
  )}, ${promqlString(value)}, "", "")`;
}
