import { describe, expect, it } from 'vitest';
import { parseXesLog } from '../../server/insights/xes';

const a = (type: string, key: string, value: string) => `<${type} key="${key}" value="${value}"/>`;
const ev = (activity: string, time: string, transition?: string, extra = '') =>
  `<event>${a('string', 'concept:name', activity)}${transition ? a('string', 'lifecycle:transition', transition) : ''}${a('date', 'time:timestamp', time)}${extra}</event>`;

describe('XES event logs', () => {
  it('keeps complete events with their resource and attributes, trace attributes as case:<key>, and the paired start', () => {
    const log = parseXesLog(`<?xml version="1.0"?>
<log xes.version="1849-2016"><global scope="event">${a('string', 'concept:name', '')}</global>
  <trace>${a('string', 'concept:name', 'c1')}${a('int', 'priority', '2')}<list key="tags"><values>${a('string', 'tag', 'x')}</values></list>
    ${ev('A', '2024-01-02T09:00:00+01:00', 'start')}
    ${ev('A', '2024-01-02T10:00:00+01:00', 'complete', `${a('string', 'org:resource', 'Ann')}${a('float', 'cost', '1.5')}`)}
    ${ev('B', '2024-01-02T11:00:00Z', 'assign')}
    ${ev('B', '2024-01-02T12:00:00Z')}
  </trace>
</log>`);
    expect(log.errors).toEqual([]);
    expect(log.events).toEqual([
      { caseId: 'c1', activity: 'A', time: Date.parse('2024-01-02T09:00:00Z'), resource: 'Ann', attributes: { 'case:priority': '2', cost: '1.5', 'lifecycle:start': '2024-01-02T09:00:00+01:00' } },
      { caseId: 'c1', activity: 'B', time: Date.parse('2024-01-02T12:00:00Z'), resource: null, attributes: { 'case:priority': '2' } },
    ]);
    expect(log.warnings).toEqual([{ message: 'left out events with lifecycle:transition "assign" (1)' }]);
  });

  it('reports the line of XML that is not well-formed', () => {
    expect(parseXesLog('<log>\n<trace>\n<event a=1/></trace></log>').errors).toEqual([{ line: 3, message: expect.stringMatching(/^the XML is not well-formed: /) }]);
  });
});
