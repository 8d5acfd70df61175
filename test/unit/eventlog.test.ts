import { describe, expect, it } from 'vitest';
import { detectDateFormat, guessMapping, parseCsvLog, parseTimestamp, previewCsv } from '../../common/eventlog';

describe('event-log CSV reading', () => {
  it('detects the common date formats and reads them as UTC', () => {
    expect(detectDateFormat(['2012/10/09 14:50:17.000'])).toBe('ymd-slash');
    expect(detectDateFormat(['2024-01-02T10:00:00Z', '2024-01-02 10:00'])).toBe('iso');
    expect(detectDateFormat(['24.12.2024 17:30'])).toBe('dmy-dot');
    expect(detectDateFormat(['13/01/2024 08:00', '01/02/2024 09:00'])).toBe('dmy-slash');
    expect(detectDateFormat(['01/13/2024 08:00 PM'])).toBe('mdy-slash');
    expect(detectDateFormat(['next tuesday'])).toBeNull();
    expect(parseTimestamp('2012/10/09 14:50:17.250', 'ymd-slash')).toBe(Date.UTC(2012, 9, 9, 14, 50, 17, 250));
    expect(parseTimestamp('01/13/2024 08:00 PM', 'mdy-slash')).toBe(Date.UTC(2024, 0, 13, 20, 0));
    expect(parseTimestamp('2024-01-02T10:00:00+01:00', 'iso')).toBe(Date.UTC(2024, 0, 2, 9, 0));
    expect(parseTimestamp('31.02.2024', 'dmy-dot')).toBeNaN();
  });

  it('proposes a mapping from the column names of common exports', () => {
    expect(guessMapping(['Case ID', 'Activity', 'Resource', 'Complete Timestamp', 'Variant', 'product'])).toMatchObject({
      case: 'Case ID', activity: 'Activity', timestamp: 'Complete Timestamp', resource: 'Resource', attributes: ['Variant', 'product'],
    });
    expect(guessMapping(['case:concept:name', 'concept:name', 'time:timestamp', 'org:resource'])).toMatchObject({
      case: 'case:concept:name', activity: 'concept:name', timestamp: 'time:timestamp', resource: 'org:resource',
    });
  });

  it('reads quoted fields with commas and line breaks, and keeps attributes', () => {
    const log = parseCsvLog('case;activity;time;note\n"A-1";"Check; then fix";2024-01-02 10:00;"two\nlines"\n', { case: 'case', activity: 'activity', timestamp: 'time', attributes: ['note'] });
    expect(log.errors).toEqual([]);
    expect(log.events).toEqual([{ caseId: 'A-1', activity: 'Check; then fix', time: Date.UTC(2024, 0, 2, 10), resource: null, attributes: { note: 'two\nlines' } }]);
    expect(previewCsv('a,b\n1,2\n3,4\n', 1)).toEqual({ columns: ['a', 'b'], rows: [['1', '2']] });
  });

  it('reports every bad row and imports nothing when one is bad', () => {
    const log = parseCsvLog('c,a,t\n1,A,2024-01-01\n,A,2024-01-01\n2,,2024-01-01\n', { case: 'c', activity: 'a', timestamp: 't' });
    expect(log.events).toEqual([]);
    expect(log.errors).toEqual([
      { row: 3, column: 'c', message: 'the case id is empty' },
      { row: 4, column: 'a', message: 'the activity is empty' },
    ]);
    expect(parseCsvLog('c,a,t\n', { case: 'c', activity: 'a', timestamp: 't' }).errors[0].message).toMatch(/no events/);
  });

  it('keeps, skips or refuses duplicate rows as asked', () => {
    const csv = 'c,a,t\n1,A,2024-01-01\n1,A,2024-01-01\n';
    const m = { case: 'c', activity: 'a', timestamp: 't' };
    expect(parseCsvLog(csv, m).events).toHaveLength(2);
    expect(parseCsvLog(csv, m).warnings).toEqual([{ row: 3, message: 'duplicate of row 2 (kept)' }]);
    expect(parseCsvLog(csv, { ...m, duplicates: 'skip' }).events).toHaveLength(1);
    expect(parseCsvLog(csv, { ...m, duplicates: 'reject' }).errors).toEqual([{ row: 3, message: 'duplicate of row 2' }]);
  });
});
