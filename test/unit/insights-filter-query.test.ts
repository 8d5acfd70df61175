// The Insights filter and the comparison kept in the URL: what a link names comes back as it was,
// and a channel that is not one is left out.
import { describe, expect, it } from 'vitest';
import { filterFromQuery, queryWithFilter } from '../../app/insights/filterQuery';
import { channelComparison, comparisonFromQuery, comparisonQuery } from '../../app/insights/comparePeriods';

describe('insights filter in the URL', () => {
  it('reads back the filter it wrote, keeps other parameters and drops unknown channels', () => {
    const f = { from: '2026-01-01', to: '2026-03-31', processKey: 'facility-repair-request', version: 2, channel: 'mail' as const };
    const query = queryWithFilter({ tour: 'insights', channel: 'portal' }, f);
    expect(query).toEqual({ tour: 'insights', from: '2026-01-01', to: '2026-03-31', processKey: 'facility-repair-request', version: '2', channel: 'mail' });
    expect(filterFromQuery(query)).toEqual(f);
    expect(filterFromQuery({ channel: 'fax', from: 'yesterday', version: '2' })).toEqual({});
  });

  it('keeps the compared pair with a channel per side', () => {
    const b = { from: '2026-03-01', to: '2026-03-31' };
    const pair = channelComparison(b);
    expect(pair).toEqual({ a: { ...b, channel: 'mail' }, b: { ...b, channel: 'portal' } });
    const query = comparisonQuery({ processKey: 'x' }, pair.a, pair.b);
    expect(query).toEqual({ processKey: 'x', aFrom: '2026-03-01', aTo: '2026-03-31', bFrom: '2026-03-01', bTo: '2026-03-31', aChannel: 'mail', bChannel: 'portal' });
    expect(comparisonFromQuery(query, { from: '2025-01-01', to: '2025-01-31', channel: 'mail' })).toEqual({
      a: { processKey: 'x', ...pair.a }, b: { processKey: 'x', ...pair.b },
    });
    // Without channels in the link both sides show every channel.
    const plain = comparisonFromQuery({ aFrom: '2026-02-01', aTo: '2026-02-28', bFrom: '2026-03-01', bTo: '2026-03-31' }, { from: '2025-01-01', to: '2025-01-31', channel: 'mail' });
    expect(plain!.a.channel).toBeUndefined();
    expect(plain!.b.channel).toBeUndefined();
  });
});
