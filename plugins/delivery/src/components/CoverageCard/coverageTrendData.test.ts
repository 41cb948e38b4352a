import { coverageHistoryResponse } from '../../testing/viewModels';
import { coverageTrendData, trendDomain } from './coverageTrendData';

describe('coverageTrendData', () => {
  it('maps the history to time-ordered chart points with short commits', () => {
    const points = [...coverageHistoryResponse.points].reverse();
    expect(coverageTrendData(points)).toEqual([
      {
        t: Date.parse('2026-01-12T12:00:00Z'),
        percent: 79,
        commit: '1a2b3c4',
        branch: 'main',
        passed: false,
      },
      {
        t: Date.parse('2026-01-13T16:02:00Z'),
        percent: 80.1,
        commit: '8e7d6c5',
        branch: 'main',
        passed: true,
      },
      {
        t: Date.parse('2026-01-14T09:04:00Z'),
        percent: 78.3,
        commit: '3f2a1b0',
        branch: 'main',
        passed: false,
      },
    ]);
  });

  it('leaves out points without a valid time', () => {
    expect(
      coverageTrendData([
        { ...coverageHistoryResponse.points[0], uploadedAt: 'yesterday' },
      ]),
    ).toEqual([]);
  });

  it('starts the y axis a round number below the lowest value or the threshold', () => {
    const data = coverageTrendData(coverageHistoryResponse.points);
    expect(trendDomain(data, 80)).toEqual([70, 100]);
    expect(trendDomain(data, 95)).toEqual([70, 100]);
    expect(trendDomain([{ ...data[0], percent: 3 }], 0)).toEqual([0, 100]);
  });
});
