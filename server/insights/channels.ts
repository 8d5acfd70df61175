/**
 * Requests by channel (issue #21): how many requests came in through the portal and by mail per
 * ISO week, the share by mail (a KPI of an ESM introduction: it should fall once people use the
 * portal), and cycle times per channel for comparison. Top-level requests only, by start day,
 * within the scope (departments, processes, versions the caller may read).
 */
import type { Queryable } from '../db/types';
import { CHANNELS, type Channel } from '../../common/channels';
import type { Scope } from './scope';

const num = (v: unknown) => Number(v ?? 0);

export async function channels(db: Queryable, s: Scope) {
  const from = `${s.filter.from}T00:00:00Z`;
  const until = new Date(Date.parse(`${s.filter.to}T00:00:00Z`) + 86_400_000).toISOString();
  const [weeks, totals] = await Promise.all([
    db.query<{ week: string; channel: Channel; started: number }>(
      `SELECT to_char(date_trunc('week', p.started_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, p.channel, count(*)::int AS started
       FROM process_instances p WHERE p.definition_id = ANY($1::uuid[]) AND p.parent_id IS NULL AND p.started_at >= $2 AND p.started_at < $3
         AND ($4::text IS NULL OR p.channel = $4)
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [s.ids, from, until, s.filter.channel ?? null],
    ),
    db.query<{ channel: Channel; started: number; completed: number; mean: number | null; median: number | null }>(
      `SELECT p.channel, count(*)::int AS started, count(*) FILTER (WHERE p.status = 'completed')::int AS completed,
              avg(extract(epoch FROM p.ended_at - p.started_at)) FILTER (WHERE p.status = 'completed')::float8 AS mean,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.ended_at - p.started_at)) FILTER (WHERE p.status = 'completed')::float8 AS median
       FROM process_instances p WHERE p.definition_id = ANY($1::uuid[]) AND p.parent_id IS NULL AND p.started_at >= $2 AND p.started_at < $3
         AND ($4::text IS NULL OR p.channel = $4)
       GROUP BY 1`,
      [s.ids, from, until, s.filter.channel ?? null],
    ),
  ]);
  const byWeek = new Map<string, Record<Channel, number>>();
  for (const w of weeks.rows) {
    const row = byWeek.get(w.week) ?? { portal: 0, mail: 0 };
    row[w.channel] = num(w.started);
    byWeek.set(w.week, row);
  }
  const total = (c: Channel) => totals.rows.find((t) => t.channel === c);
  const all = totals.rows.reduce((sum, t) => sum + num(t.started), 0);
  return {
    weeks: [...byWeek.entries()].map(([week, c]) => ({ week, portal: c.portal, mail: c.mail, mailShare: c.portal + c.mail ? c.mail / (c.portal + c.mail) : null })),
    channels: CHANNELS.map((channel) => {
      const t = total(channel);
      return { channel, started: num(t?.started), completed: num(t?.completed), meanCycleTime: t?.mean ?? null, medianCycleTime: t?.median ?? null };
    }),
    mailShare: all ? num(total('mail')?.started) / all : null,
  };
}
