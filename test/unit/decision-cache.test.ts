import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../server/db/types';
import type { CompiledDecision } from '../../server/engine/core/dmn';
import { DecisionCache } from '../../server/engine/runtime/decisions';
import { dbTargets } from '../support/db';

const literal = (id: string, expression: string, requires: string[] = []): CompiledDecision => ({ id, requires, literal: { expression } });

describe.each(dbTargets())('decisions a business-rule task calls ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  /** Models the database sent back, per load. */
  let shipped: string[] = [];
  const counting = (): Queryable => ({
    query: async <T,>(sql: string, params?: unknown[]) => {
      const r = await db.query<T>(sql, params);
      for (const row of r.rows as { key?: string; model?: unknown }[]) if (row.model) shipped.push(String(row.key ?? '?'));
      return r;
    },
    exec: (sql) => db.exec(sql),
  });
  const deployed = (key: string, version: number, model: CompiledDecision) =>
    db.query('INSERT INTO decisions (key, version, xml_hash, xml, model) VALUES ($1, $2, $3, $4, $5)', [key, version, `${key}-${version}`, '<definitions/>', JSON.stringify(model)]);

  beforeAll(async () => {
    ({ db, dispose } = await target.open());
    await deployed('base', 1, literal('base', 'amount * 2'));
    await deployed('grade', 1, literal('grade', 'base + 1', ['base']));
    // Another department's decisions: never read for a process that does not call them.
    for (let i = 0; i < 20; i++) await deployed(`other-${i}`, 1, literal(`other-${i}`, `${i}`));
  });
  afterAll(() => dispose?.());

  it('given a task calling grade, then grade and what it requires are loaded, nothing else, and a cached version is not sent again', async () => {
    const cache = new DecisionCache();
    const first: Record<string, CompiledDecision> = {};
    shipped = [];
    await cache.load(counting(), ['grade'], first);
    expect(Object.keys(first).sort()).toEqual(['base', 'grade']);
    expect(shipped.sort()).toEqual(['base', 'grade']);

    const again: Record<string, CompiledDecision> = {};
    shipped = [];
    await cache.load(counting(), ['grade'], again);
    expect(again).toEqual(first);
    expect(shipped).toEqual([]);

    // A new version of base, deployed by this or another server: the next load takes it.
    await deployed('base', 2, literal('base', 'amount * 10'));
    const after: Record<string, CompiledDecision> = {};
    shipped = [];
    await cache.load(counting(), ['grade'], after);
    expect(after.base.literal?.expression).toBe('amount * 10');
    expect(shipped).toEqual(['base']);
  });

  it('given an id nobody deployed, then it stays missing (the core raises the incident)', async () => {
    const into: Record<string, CompiledDecision> = {};
    await new DecisionCache().load(db, ['nowhere'], into);
    expect(into).toEqual({});
  });
});
