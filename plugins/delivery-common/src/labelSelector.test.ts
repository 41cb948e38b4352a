import {
  isLabelKey,
  LabelSelectorSyntaxError,
  normalizeLabelSelector,
  parseLabelSelector,
} from './labelSelector';

describe('parseLabelSelector', () => {
  it.each([
    ['app=payments', 'app=payments'],
    ['app == payments', 'app=payments'],
    [
      'app.kubernetes.io/part-of=payments-api',
      'app.kubernetes.io/part-of=payments-api',
    ],
    ['tier!=frontend,env', 'tier!=frontend,env'],
    ['!canary', '!canary'],
    [
      'env in (dev, staging),team notin (ops)',
      'env in (dev,staging),team notin (ops)',
    ],
    ['version=', 'version='],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeLabelSelector(input)).toBe(expected);
  });

  it('returns structured requirements', () => {
    expect(parseLabelSelector('a=b,c in (d,e),!f')).toEqual([
      { key: 'a', operator: 'equals', values: ['b'] },
      { key: 'c', operator: 'in', values: ['d', 'e'] },
      { key: 'f', operator: 'notExists', values: [] },
    ]);
  });

  it.each([
    ['', 'empty selector'],
    ['app=pay ments', "expected ',' at position 9"],
    ['app=payments;rm -rf', "unexpected character ';' at position 13"],
    ['app=payments&limit=1', "unexpected character '&' at position 13"],
    ['env in (dev', "expected ',' or ')' at the end"],
    ['env in dev', "expected '(' at position 8"],
    ['=value', 'expected a label key at position 1'],
    ['-bad=x', "invalid label key '-bad'"],
    ['UPPER.example.com/x=y', "invalid label key 'UPPER.example.com/x'"],
    ['app=-x', "invalid label value '-x'"],
    [`app=${'a'.repeat(64)}`, `invalid label value '${'a'.repeat(64)}'`],
    ['a'.repeat(1025), 'longer than 1024 characters'],
    ['app=a,', 'expected a label key at the end'],
  ])('refuses %j (%s)', (input, message) => {
    expect(() => parseLabelSelector(input)).toThrow(
      new LabelSelectorSyntaxError(message),
    );
  });
});

describe('isLabelKey', () => {
  it('accepts prefixed and plain keys, refuses slashes and traversal', () => {
    expect(isLabelKey('backstage.io/kubernetes-id')).toBe(true);
    expect(isLabelKey('app')).toBe(true);
    expect(isLabelKey('a/b/c')).toBe(false);
    expect(isLabelKey('../etc')).toBe(false);
    expect(isLabelKey('/app')).toBe(false);
  });
});
