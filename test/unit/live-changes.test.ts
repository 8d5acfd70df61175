import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../../server/db/pglite';
import { listenBackoffMs } from '../../server/db/postgres';
import { changePayloads, listenForChanges, MAX_NOTICE_BYTES, readChangePayload } from '../../server/engine/runtime/live-changes';
import { Engine } from '../../server/engine/runtime/runtime';
import { silentLogger } from '../../server/log';

describe('change notices', () => {
  const origin = randomUUID();

  it('sends one notice for a small change, and one with no ids for "something changed"', () => {
    const ids = [randomUUID(), randomUUID()];
    expect(changePayloads(origin, ids).map(readChangePayload)).toEqual([{ origin, ids }]);
    expect(changePayloads(origin, []).map(readChangePayload)).toEqual([{ origin, ids: [] }]);
    expect(changePayloads(origin, ids, MAX_NOTICE_BYTES, { staff: true }).map(readChangePayload)).toEqual([{ origin, ids, staff: true }]);
  });

  it('splits long id lists into notices under the NOTIFY limit, keeping every id once and in order', () => {
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const payloads = changePayloads(origin, ids);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_NOTICE_BYTES);
    expect(payloads.flatMap((p) => readChangePayload(p)!.ids)).toEqual(ids);
    // Filled to the limit: an id takes 38 bytes quoted, plus a comma after the first.
    const base = Buffer.byteLength(JSON.stringify({ o: origin, ids: [] }));
    const perNotice = Math.floor((MAX_NOTICE_BYTES - base + 1) / 39);
    expect(payloads.slice(0, -1).every((p) => readChangePayload(p)!.ids.length === perNotice)).toBe(true);
  });

  it('fills a notice up to exactly the limit', () => {
    const ids = ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10)];
    const one = Buffer.byteLength(JSON.stringify({ o: origin, ids: ids.slice(0, 2) }));
    const payloads = changePayloads(origin, ids, one);
    expect(payloads.map((p) => readChangePayload(p)!.ids)).toEqual([ids.slice(0, 2), ids.slice(2)]);
    expect(() => changePayloads(origin, ['x'.repeat(100)], 80)).toThrow(/does not fit/);
  });

  it('ignores what is not a change notice', () => {
    expect(readChangePayload('hello')).toBeNull();
    expect(readChangePayload('{"o":1,"ids":[]}')).toBeNull();
    expect(readChangePayload('{"o":"x","ids":[1]}')).toBeNull();
  });

  it('backs off from half a second up to 30 seconds', () => {
    expect([0, 1, 2, 3, 6, 7, 50].map(listenBackoffMs)).toEqual([500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
  });

  it('neither sends nor listens on PGlite (one process)', async () => {
    const db = await openPglite(null);
    try {
      const engine = new Engine(db, () => new Date(), silentLogger);
      expect(listenForChanges(engine, silentLogger)).toBeNull();
      const statements: string[] = [];
      const spy = { query: async (sql: string) => (statements.push(sql), { rows: [], rowCount: 0 }), exec: async () => {} };
      await engine.publishChanged(spy, ['x']);
      expect(statements).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
