import { ConfigReader } from '@backstage/config';
import { readVerdictConfig } from './readVerdictConfig';

const read = (prometheus: object | undefined) =>
  readVerdictConfig(
    new ConfigReader(prometheus ? { delivery: { prometheus } } : {}),
  );

describe('readVerdictConfig', () => {
  it('reads the verdict thresholds', () => {
    expect(
      read({
        instances: [{ name: 'prod', url: 'https://prom.example.com' }],
        verdict: {
          windowMinutes: 15,
          maxErrorRateIncrease: 0.02,
          maxP95IncreasePercent: 25,
          minRequests: 10,
        },
      }),
    ).toEqual({
      windowMinutes: 15,
      maxErrorRateIncrease: 0.02,
      maxP95IncreasePercent: 25,
      minRequests: 10,
    });
  });

  it('has defaults', () => {
    expect(read(undefined)).toEqual({
      windowMinutes: 30,
      maxErrorRateIncrease: 0.01,
      maxP95IncreasePercent: 20,
      minRequests: 100,
    });
  });

  it.each([
    [
      { verdict: { windowMinutes: -5 } },
      /delivery\.prometheus\.verdict\.windowMinutes must be a positive number/,
    ],
    [{ verdict: { maxErrorRateIncrease: 5 } }, /is a ratio below 1/],
  ])('refuses %j at startup', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });
});
