import { formatTimeTick } from './chartTime';

const HOUR = 3600 * 1000;
const t = Date.parse('2026-01-14T15:30:00Z');

describe('formatTimeTick', () => {
  it('shows more of the date the longer the span', () => {
    const short = formatTimeTick(t, 3 * HOUR);
    const week = formatTimeTick(t, 3 * 24 * HOUR);
    const long = formatTimeTick(t, 30 * 24 * HOUR);
    expect(short).toMatch(/\d{1,2}:30/);
    expect(week).toMatch(/Jan 1[45]/);
    expect(week).not.toBe(long);
    expect(long).toMatch(/^Jan 1[45]$/);
  });
});
