import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, addWorkingDays, businessTimeBetween, checkCalendar, type CalendarDefinition } from '../../server/sla/calendar';
import { parseDuration, workingDuration } from '../../common/time';
import { targetMs } from '../../server/sla/durations';

const H = 3600_000;
const office = (over: Partial<CalendarDefinition> = {}): CalendarDefinition => ({
  timeZone: 'Europe/Berlin',
  workingHours: { mon: [['08:00', '12:00'], ['13:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '15:00']] },
  holidayRegion: 'DE-BY',
  closedDays: [],
  ...over,
});

describe('business-time arithmetic', () => {
  it('skips the weekend: 4 working hours from Friday 13:00 end on Monday 10:00 (Berlin)', () => {
    const friday = new Date('2026-03-06T12:00:00Z'); // 13:00 CET
    expect(addBusinessTime(office(), friday, 4 * H).toISOString()).toBe('2026-03-09T09:00:00.000Z'); // Mon 10:00 CET
  });

  it('respects the lunch break and counts working time between two instants', () => {
    const mon = new Date('2026-03-09T10:00:00Z'); // 11:00 CET
    expect(addBusinessTime(office(), mon, 2 * H).toISOString()).toBe('2026-03-09T13:00:00.000Z'); // 14:00 CET
    expect(businessTimeBetween(office(), mon, new Date('2026-03-09T13:00:00Z'))).toBe(2 * H);
  });

  it('skips public holidays of the region (Epiphany in Bavaria) and extra closed days', () => {
    const mon5 = new Date('2026-01-05T15:00:00Z'); // Mon 16:00 CET, Tue 6 Jan is a holiday in DE-BY
    expect(addBusinessTime(office(), mon5, 2 * H).toISOString()).toBe('2026-01-07T08:00:00.000Z'); // Wed 09:00
    expect(addBusinessTime(office({ holidayRegion: 'DE-NW' }), mon5, 2 * H).toISOString()).toBe('2026-01-06T08:00:00.000Z'); // NRW works
    expect(addBusinessTime(office({ holidayRegion: null, closedDays: ['2026-01-06'] }), mon5, 2 * H).toISOString()).toBe('2026-01-07T08:00:00.000Z');
  });

  it('keeps wall-clock working hours across the daylight-saving change', () => {
    // Friday 27 March 2026 14:00 CET; clocks go forward on Sunday 29 March.
    const fri = new Date('2026-03-27T13:00:00Z');
    expect(addBusinessTime(office(), fri, 2 * H).toISOString()).toBe('2026-03-30T07:00:00.000Z'); // Mon 09:00 CEST
  });

  it('works in other time zones', () => {
    const ny: CalendarDefinition = { timeZone: 'America/New_York', workingHours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] }, holidayRegion: null, closedDays: [] };
    expect(addBusinessTime(ny, new Date('2026-03-09T20:00:00Z'), 2 * H).toISOString()).toBe('2026-03-10T14:00:00.000Z'); // Tue 10:00 EDT
  });

  it('is consistent: the working time between start and start + d is d (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 80 * 60 }), (start, minutes) => {
        const d = minutes * 60_000;
        const end = addBusinessTime(office(), start, d);
        expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(businessTimeBetween(office(), start, end)).toBe(d);
      }),
      { numRuns: 150 },
    );
  });

  it('is monotonic: more working time never ends earlier (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (start, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(addBusinessTime(office(), start, lo * 60_000).getTime()).toBeLessThanOrEqual(addBusinessTime(office(), start, hi * 60_000).getTime());
      }),
      { numRuns: 100 },
    );
  });

  it('refuses bad calendars naming the field', () => {
    expect(checkCalendar({ ...office(), workingHours: {} })).toContainEqual({ path: '/workingHours', message: expect.stringContaining('working hours') });
    expect(checkCalendar(office({ holidayRegion: 'XX-YY' }))).toContainEqual({ path: '/holidayRegion', message: expect.stringContaining('unknown holiday region') });
    expect(checkCalendar(office({ timeZone: 'Mars/Olympus' }))).toContainEqual({ path: '/timeZone', message: expect.any(String) });
    expect(checkCalendar(office({ workingHours: { mon: [['10:00', '09:00']] } }))[0].path).toBe('/workingHours/mon/0');
    expect(checkCalendar(office({ workingHours: { mon: [['08:00', '12:00'], ['11:00', '13:00']] } }))).toContainEqual({ path: '/workingHours/mon', message: 'working hours overlap' });
    expect(checkCalendar(office())).toEqual([]);
  });

  it('reads targets as working time: hours as they are, a day as 8 hours', () => {
    expect(targetMs('PT4H')).toBe(4 * H);
    expect(targetMs('P2D')).toBe(16 * H);
    expect(targetMs('P1W')).toBe(40 * H);
    expect(targetMs('P1M')).toBeNull();
    expect(targetMs('four hours')).toBeNull();
    expect(targetMs('PT')).toBeNull();
  });
});

describe('timers in working days (esm:businessTime)', () => {
  it('lands on the same local time n working days later, skipping weekends, holidays and closed days', () => {
    const thursday = new Date('2026-04-02T08:00:00Z'); // 10:00 CEST, before Easter
    // Good Friday and Easter Monday are public holidays in Bavaria: Tue, Wed, Thu.
    expect(addWorkingDays(office(), thursday, 3).toISOString()).toBe('2026-04-09T08:00:00.000Z');
    expect(addWorkingDays(office({ holidayRegion: null }), thursday, 3).toISOString()).toBe('2026-04-07T08:00:00.000Z');
    expect(addWorkingDays(office({ holidayRegion: null, closedDays: ['2026-04-07'] }), thursday, 3).toISOString()).toBe('2026-04-08T08:00:00.000Z');
  });

  it('adds hours as working time after the days', () => {
    const friday = new Date('2026-03-06T13:00:00Z'); // 14:00 CET, Friday ends at 15:00
    expect(addWorkingDays(office(), friday, 0, 2 * H).toISOString()).toBe('2026-03-09T08:00:00.000Z'); // Mon 09:00 CET
    expect(addWorkingDays(office(), friday, 1, 2 * H).toISOString()).toBe('2026-03-09T15:00:00.000Z'); // Monday 14:00, then 2 working hours: 16:00 CET
  });

  it('reads a duration as working days and working time; years and months cannot be counted so', () => {
    expect(workingDuration(parseDuration('P1W2DT3H')!)).toEqual({ days: 7, ms: 3 * H });
    expect(workingDuration(parseDuration('P1M')!)).toBeNull();
    expect(workingDuration(parseDuration('-P1D')!)).toBeNull();
  });
});
