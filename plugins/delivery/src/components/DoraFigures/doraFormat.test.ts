import { formatFigure, formatHours, levelLabel } from './doraFormat';

describe('DORA figure formatting', () => {
  it('writes each unit the way people read it', () => {
    expect(formatFigure({ value: 3.5, unit: 'deploys/week' })).toBe(
      '3.5 / week',
    );
    expect(formatFigure({ value: 3, unit: 'deploys/week' })).toBe('3 / week');
    expect(formatFigure({ value: 0.27, unit: 'deploys/week' })).toBe(
      '0.3 / week',
    );
    expect(formatFigure({ value: 12.4, unit: 'deploys/week' })).toBe(
      '12 / week',
    );
    expect(formatFigure({ value: 0.04, unit: 'ratio' })).toBe('4 %');
    expect(formatFigure({ value: 0.125, unit: 'ratio' })).toBe('12.5 %');
    expect(formatFigure({ value: 0, unit: 'ratio' })).toBe('0 %');
    expect(formatFigure({ value: 18, unit: 'hours' })).toBe('18 h');
    expect(formatFigure({ value: null, unit: 'hours' })).toBe('—');
  });

  it('writes durations in minutes, hours or days by their size', () => {
    expect(formatHours(0.75)).toBe('45 min');
    expect(formatHours(0.001)).toBe('1 min');
    expect(formatHours(2.14)).toBe('2.1 h');
    expect(formatHours(47.6)).toBe('48 h');
    expect(formatHours(84)).toBe('3.5 d');
    expect(formatHours(24 * 21)).toBe('21 d');
  });

  it('names the levels, and the lack of one', () => {
    expect(levelLabel('elite')).toBe('Elite');
    expect(levelLabel(null)).toBe('No data');
  });
});
