import { describe, expect, it } from 'vitest';
import { formatWorkDuration, parseWorkDuration, workDurationToIso, workMinutes } from '../../common/work-duration';
import { targetMs } from '../../server/sla/durations';

describe('typed SLA targets', () => {
  it.each([
    ['4h', 'PT4H'],
    ['4 h', 'PT4H'],
    ['2 Tage', 'P2D'],
    ['2 days', 'P2D'],
    ['1d 4h', 'P1DT4H'],
    ['1 Tag und 4 Stunden', 'P1DT4H'],
    ['1 day, 4 hours', 'P1DT4H'],
    ['30 min', 'PT30M'],
    ['30 Minuten', 'PT30M'],
    ['1,5 Std.', 'PT1.5H'],
    ['1 Woche', 'P1W'],
    ['2h 15m', 'PT2H15M'],
    ['PT4H', 'PT4H'],
    ['p2d', 'P2D'],
    ['P1DT4H', 'P1DT4H'],
  ])('"%s" is read as %s', (typed, iso) => {
    expect(workDurationToIso(typed)).toBe(iso);
  });

  it.each(['', '4', 'soon', '4 parsecs', 'P4H', 'P', 'PT', '0h', '4h 2h', 'P1Y', 'x'.repeat(100)])('"%s" is not understood', (typed) => {
    expect(workDurationToIso(typed)).toBeNull();
  });

  it('what it stores means the same working time to the server', () => {
    for (const typed of ['4h', '2 Tage', '1d 4h', '30 min', '1 Woche']) {
      const d = parseWorkDuration(typed)!;
      expect(targetMs(workDurationToIso(typed)!)).toBe(workMinutes(d) * 60_000);
    }
  });

  it('shows a stored target the way a person types it, in their language, and reads that back', () => {
    expect(formatWorkDuration('PT4H', 'de')).toBe('4 Std.');
    expect(formatWorkDuration('P2D', 'de')).toBe('2 Tage');
    expect(formatWorkDuration('P1DT4H', 'en')).toBe('1 day 4 h');
    expect(formatWorkDuration('PT1.5H', 'de')).toBe('1,5 Std.');
    expect(formatWorkDuration('PT30M', 'en')).toBe('30 min');
    for (const iso of ['PT4H', 'P2D', 'P1DT4H', 'PT1.5H', 'PT30M', 'P1W']) {
      for (const locale of ['de', 'en']) expect(workDurationToIso(formatWorkDuration(iso, locale))).toBe(iso);
    }
  });
});
