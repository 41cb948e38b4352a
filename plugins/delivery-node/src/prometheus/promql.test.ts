import {
  isLabelName,
  labelMatcher,
  promqlDuration,
  promqlString,
  regexLiteral,
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
