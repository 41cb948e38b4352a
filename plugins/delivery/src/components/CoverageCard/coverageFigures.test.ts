import { CoveragePackageView } from '@go-delivery/plugin-delivery-common';
import { coverageResponse } from '../../testing/viewModels';
import {
  describeDelta,
  describeThreshold,
  formatPercent,
  shortPackageNames,
  sortPackages,
} from './coverageFigures';

const latest = coverageResponse.latest!;
const previous = latest.previous!.commit.slice(0, 7);
const threshold = { percent: 80, source: 'config' as const };

describe('coverage figures', () => {
  it('formats percentages with up to two decimals', () => {
    expect(formatPercent(78.3)).toBe('78.3 %');
    expect(formatPercent(90)).toBe('90 %');
    expect(formatPercent(66.666)).toBe('66.67 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('describes the change from the previous commit', () => {
    expect(describeDelta(latest)).toEqual({
      trend: 'down',
      text: `\u22123.33 pp since ${previous}`,
    });
    expect(describeDelta({ ...latest, delta: 2.25 })).toEqual({
      trend: 'up',
      text: `+2.25 pp since ${previous}`,
    });
    expect(describeDelta({ ...latest, delta: 0 })).toEqual({
      trend: 'same',
      text: `No change since ${previous}`,
    });
    expect(
      describeDelta({ ...latest, delta: null, previous: undefined }),
    ).toEqual({ trend: 'first', text: 'First report on main' });
  });

  it('says how far the coverage is from the threshold', () => {
    expect(describeThreshold({ percent: 78.3, passed: false }, threshold)).toBe(
      '1.7 pp below the 80 % threshold',
    );
    expect(describeThreshold({ percent: 83.25, passed: true }, threshold)).toBe(
      'Meets the 80 % threshold by 3.25 pp',
    );
    expect(describeThreshold({ percent: 80, passed: true }, threshold)).toBe(
      'Meets the 80 % threshold',
    );
    expect(describeThreshold({ percent: null, passed: true }, threshold)).toBe(
      'Nothing to cover; meets the 80 % threshold',
    );
  });

  it('sorts packages by coverage, keeping those without statements last', () => {
    const pkg = (
      name: string,
      percent: number | null,
    ): CoveragePackageView => ({
      name,
      percent,
      covered: 0,
      total: 0,
    });
    const packages = [pkg('b', 90), pkg('e', null), pkg('a', 50), pkg('c', 90)];
    const names = (list: CoveragePackageView[]) => list.map(p => p.name);
    expect(
      names(sortPackages(packages, { by: 'coverage', direction: 'asc' })),
    ).toEqual(['a', 'b', 'c', 'e']);
    expect(
      names(sortPackages(packages, { by: 'coverage', direction: 'desc' })),
    ).toEqual(['b', 'c', 'a', 'e']);
    expect(
      names(sortPackages(packages, { by: 'name', direction: 'desc' })),
    ).toEqual(['e', 'c', 'b', 'a']);
    // The input is left as it was.
    expect(names(packages)).toEqual(['b', 'e', 'a', 'c']);
  });

  it('shortens package names to what follows the shared module path', () => {
    expect(
      Object.fromEntries(
        shortPackageNames([
          'github.com/org/svc',
          'github.com/org/svc/internal/x',
          'github.com/org/svc/cmd/server',
        ]),
      ),
    ).toEqual({
      'github.com/org/svc': 'svc',
      'github.com/org/svc/internal/x': 'svc/internal/x',
      'github.com/org/svc/cmd/server': 'svc/cmd/server',
    });
    expect(Object.fromEntries(shortPackageNames(['a/b/c', 'a/b/d']))).toEqual({
      'a/b/c': 'c',
      'a/b/d': 'd',
    });
    expect(Object.fromEntries(shortPackageNames(['src']))).toEqual({
      src: 'src',
    });
  });
});
