import { allowedRatio, objectiveBudget } from './objectiveBudget';

const ratios = (
  window: number | null,
  hour: number | null,
  six: number | null,
) => ({
  window,
  '1h': hour,
  '6h': six,
});

describe('objectiveBudget', () => {
  it('rounds the allowed ratio as the generated rules do', () => {
    expect(allowedRatio(0.999)).toBe(0.001);
    expect(allowedRatio(0.995)).toBe(0.005);
  });

  it('spends the budget in proportion to the bad ratio', () => {
    expect(
      objectiveBudget({
        objective: 0.999,
        requests: 1_000_000.4,
        badRatio: ratios(0.0005, 0.001, 0.0002),
      }),
    ).toEqual({
      objective: 0.999,
      sli: 0.9995,
      budgetRemaining: 0.5,
      burnRates: { '1h': 1, '6h': 0.2 },
      requests: 1_000_000,
      status: 'healthy',
    });
  });

  it.each([
    [
      'exhausted at no budget left, whatever burns',
      ratios(0.001, 0, 0),
      'exhausted',
    ],
    ['burning at 6× over an hour', ratios(0.0005, 0.006, 0.001), 'burning'],
    ['burning at 6× over six hours', ratios(0.0005, null, 0.006), 'burning'],
    ['healthy just below 6×', ratios(0.0005, 0.00599, 0.00599), 'healthy'],
  ])('is %s', (_name, badRatio, status) => {
    expect(
      objectiveBudget({ objective: 0.999, requests: 10, badRatio }).status,
    ).toBe(status);
  });

  it('has no data without traffic, even with a ratio of the short windows', () => {
    expect(
      objectiveBudget({
        objective: 0.999,
        requests: null,
        badRatio: ratios(null, null, null),
      }),
    ).toMatchObject({ sli: null, budgetRemaining: null, status: 'no-data' });
  });
});
