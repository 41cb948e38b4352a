import { paymentsCoverageHistory } from '../../testing/viewModels';
import { coverageTrendData, trendDomain } from './coverageTrendData';

describe('coverageTrendData', () => {
  it('maps the history to time-ordered chart points with short commits', () => {
    const points = [...paymentsCoverageHistory.points].reverse();
    expect(coverageTrendData(points)).toEqual([
      // The report of the build that staging and dev run (the promotion's coverage gate).
      {
        t: Date.parse('2026-01-14T00:05:00Z'),
        percent: 85.93,
        commit: '5758e8f',
        branch: 'main',
        passed: true,
      },
      {
        t: Date.parse('2026-01-14T06:05:00Z'),
        percent: 75.56,
        commit: '1135c63',
        branch: 'main',
        passed: false,
      },
      {
        t: Date.parse('2026-01-14T12:05:00Z'),
        percent: 79.26,
        commit: '4aaa8d3',
        branch: 'main',
        passed: false,
      },
      {
        t: Date.parse('2026-01-14T18:05:00Z'),
        percent: 82.59,
        commit: '6d2d8ec',
        branch: 'main',
        passed: true,
      },
      {
        t: Date.parse('2026-01-15T00:05:00Z'),
        percent: 84.44,
        commit: 'c05e440',
        branch: 'main',
        passed: true,
      },
      {
        t: Date.parse('2026-01-15T06:05:00Z'),
        percent: 83.7,
        commit: 'e87b63d',
        branch: 'main',
        passed: true,
      },
      {
        t: Date.parse('2026-01-15T12:05:00Z'),
        percent: 87.78,
        commit: 'e73b1b9',
        branch: 'main',
        passed: true,
      },
    ]);
  });

  it('leaves out points without a valid time', () => {
    expect(
      coverageTrendData([
        { ...paymentsCoverageHistory.points[0], uploadedAt: 'yesterday' },
      ]),
    ).toEqual([]);
  });

  it('starts the y axis a round number below the lowest value or the threshold', () => {
    const data = coverageTrendData(paymentsCoverageHistory.points);
    expect(trendDomain(data, 80)).toEqual([70, 100]);
    expect(trendDomain(data, 95)).toEqual([70, 100]);
    expect(trendDomain([{ ...data[0], percent: 3 }], 0)).toEqual([0, 100]);
  });
});
