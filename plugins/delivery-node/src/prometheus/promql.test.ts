import {
  isLabelName,
  labelMatcher,
  promqlAt,
  promqlDuration,
  promqlString,
  regexLiteral,
  tagSeries,
} from './promql';

describe('promqlString', () => {
  it.each([
    ['payments-api', '"payments-api"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['"}', '"\\"}"'],
    ['x"} or vector(1) or {a="', '"x\\"} or vector(1) or {a=\\""'],
    ['line\nbreak\r\ttab', '"line\\nbreak\\r\\ttab"'],
    ['\u0000\u001b\u007f', '"\\x00\\x1b\\x7f"'],
    ['\\"', '"\\\\\\""'],
    ["`backtick` and 'quote'", '"`backtick` and \'quote\'"'],
    ['ünïcødé ✓ 🚀', '"ünïcødé ✓ 🚀"'],
  ])('writes %j as the literal %s', (value, literal) => {
    expect(promqlString(value)).toBe(literal);
  });

  it('never lets a value end the literal: the only unescaped quotes are the outer ones', () => {
    for (const value of ['"', '\\"', '\\\\"', 'a"}[5m]) or up{x="', '\n"}\n']) {
      const inner = promqlString(value).slice(1, -1);
      // Every quote inside is preceded by an odd number of backslashes.
      for (const match of inner.matchAll(/(\\*)"/g))
        expect(match[1].length % 2).toBe(1);
      expect(inner).not.toMatch(/[\n\r]/);
    }
  });

  it('refuses strings that are not well-formed Unicode', () => {
    expect(() => promqlString('a\uD800b')).toThrow(/lone surrogate/);
    expect(() => promqlString('\uDC00')).toThrow(/lone surrogate/);
  });
});

describe('regexLiteral and labelMatcher', () => {
  it('escapes every RE2 metacharacter', () => {
    expect(regexLiteral('a.b*c+d?e(f)g|h[i]j{k}l^m$n\\o')).toBe(
      'a\\.b\\*c\\+d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o',
    );
  });

  it('uses = for one value and an escaped alternation for several', () => {
    expect(labelMatcher('service', ['payments-api'])).toBe(
      'service="payments-api"',
    );
    expect(labelMatcher('service', ['a.b', 'a.b-canary'])).toBe(
      'service=~"a\\\\.b|a\\\\.b-canary"',
    );
    expect(labelMatcher('service', ['x|.*'])).toBe('service="x|.*"');
  });

  it('refuses label names that are not label names', () => {
    expect(() => labelMatcher('service"}', ['x'])).toThrow(
      /not a Prometheus label name/,
    );
    expect(() => labelMatcher('service', [])).toThrow(/No values/);
    expect(isLabelName('le')).toBe(true);
    expect(isLabelName('__name__')).toBe(true);
    expect(isLabelName('0abc')).toBe(false);
    expect(isLabelName('a-b')).toBe(false);
  });
});

describe('promqlDuration', () => {
  it('writes whole seconds and refuses anything else', () => {
    expect(promqlDuration(75)).toBe('75s');
    expect(() => promqlDuration(1.5)).toThrow();
    expect(() => promqlDuration(0)).toThrow();
    expect(() => promqlDuration(NaN)).toThrow();
  });
});

describe('promqlAt', () => {
  it('pins a selector to Unix seconds with millisecond precision', () => {
    expect(promqlAt(1700000000)).toBe(' @ 1700000000');
    expect(promqlAt(1700000000.1234)).toBe(' @ 1700000000.123');
    expect(() => promqlAt(NaN)).toThrow();
    expect(() => promqlAt(-1)).toThrow();
  });
});

describe('tagSeries', () => {
  it('adds a constant label, the expression on lines of its own', () => {
    expect(tagSeries('up # a comment', 'delivery_rule', '0')).toBe(
      'label_replace(\nup # a comment\n, "delivery_rule", "0", "", "")',
    );
    expect(tagSeries('up', 'p', 'a"b')).toBe(
      'label_replace(\nup\n, "p", "a\\"b", "", "")',
    );
    expect(() => tagSeries('up', 'not-a-label', '0')).toThrow(
      /not a Prometheus label name/,
    );
  });
});
