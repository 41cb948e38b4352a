import {
  budgetLeft,
  burnRate,
  percent,
  sliText,
  thresholdText,
} from './errorBudgetFormat';

describe('error budget figures in words', () => {
  it('writes objectives, SLIs and what is left of a budget', () => {
    expect(percent(0.999, 3)).toBe('99.9 %');
    expect(sliText(0.997625)).toBe('99.763 %');
    expect(budgetLeft(0.525)).toBe('52.5 % left');
    expect(budgetLeft(0)).toBe('0 % left');
    expect(budgetLeft(-3)).toBe('overspent by 300 %');
    expect(budgetLeft(null)).toBe('no traffic');
  });

  it('writes burn rates as multiples and thresholds in their unit', () => {
    expect(burnRate(20)).toBe('20×');
    expect(burnRate(14.44)).toBe('14.4×');
    expect(burnRate(0.2)).toBe('0.2×');
    expect(burnRate(3.5)).toBe('3.5×');
    expect(burnRate(null)).toBe('no traffic');
    expect(thresholdText(0.3)).toBe('300 ms');
    expect(thresholdText(1.5)).toBe('1.5 s');
  });
});
