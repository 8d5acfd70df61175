/**
 * The demo's three months, prepared once: `npm run demo:snapshot` runs the seeded simulation through
 * the real engine on an in-memory PGlite and stores every table's rows as gzipped JSON beside this
 * file (with the schema version they belong to). A first start with SEED=demo on an empty database
 * — PGlite or PostgreSQL — migrates up to that version, loads the rows (seconds instead of many
 * minutes of simulation), migrates on, moves the clock forward by whole weeks to today and simulates
 * the last few days through the engine in the background. A missing or outdated snapshot (its
 * fingerprint no longer matches the templates and the simulation code) falls back to simulating
 * everything in the background.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from '../db/types';

/** The demo's random seed: the same seed gives the same demo. */
export const DEMO_SEED = 20261126;

export const SNAPSHOT_DIR = fileURLToPath(new URL('./snapshot', import.meta.url));
export const SNAPSHOT_FILE = path.join(SNAPSHOT_DIR, 'demo-data.json.gz');
export const SNAPSHOT_META = path.join(SNAPSHOT_DIR, 'demo.json');

export interface SnapshotMeta {
  /** Where the simulated history ends (ISO). */
  end: string;
  days: number;
  perDay: number;
  seed: number;
  requests: number;
  completed: number;
  fingerprint: string;
  /** The last migration the rows were written under. */
  migration: number;
}

/** Rows per table, as PostgreSQL's json_agg writes them. */
export type SnapshotData = Record<string, Record<string, unknown>[]>;

/** Tables whose rows are not part of the demo: the mails of the simulated past were never sent. */
const LEFT_OUT = new Set(['schema_migrations', 'mail_outbox', 'sessions', 'login_failures']);

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DAY = 86_400_000;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** Hash of everything that decides the demo's content: templates, seed and simulation code. */
export function demoFingerprint(repo = REPO): string {
  const files = [
    ...filesUnder(path.join(repo, 'processes')),
    ...['seed.ts', 'demo/data.ts', 'demo/index.ts', 'demo/knowledge.ts', 'demo/knowledge-articles.ts', 'demo/legacy-log.ts', 'demo/problems.ts', 'demo/simulate.ts', 'demo/sla.ts', 'demo/templates.ts'].map((f) => path.join(repo, 'server', f)),
  ].sort();
  const hash = crypto.createHash('sha256');
  for (const f of files) {
    hash.update(path.relative(repo, f).split(path.sep).join('/'));
    // Line endings do not change the demo (a Windows checkout must match too).
    hash.update(fs.readFileSync(f, 'utf8').replace(/\r\n/g, '\n'));
  }
  return hash.digest('hex').slice(0, 16);
}

export function readSnapshotMeta(): SnapshotMeta | null {
  if (!fs.existsSync(SNAPSHOT_META) || !fs.existsSync(SNAPSHOT_FILE)) return null;
  return JSON.parse(fs.readFileSync(SNAPSHOT_META, 'utf8')) as SnapshotMeta;
}

/** The snapshot's meta data when it fits a demo of `days` days, or why not (for the log). */
export function usableSnapshot(days: number): { meta: SnapshotMeta } | { reason: string } {
  const meta = readSnapshotMeta();
  if (!meta) return { reason: 'no demo snapshot (npm run demo:snapshot)' };
  if (meta.days !== days) return { reason: `the demo snapshot holds ${meta.days} days, DEMO_HISTORY_DAYS asks for ${days}` };
  if (meta.fingerprint !== demoFingerprint()) return { reason: 'the demo snapshot is older than the templates or the simulation (npm run demo:snapshot)' };
  return { meta };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function tablesOf(db: Queryable): Promise<string[]> {
  const r = await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1");
  return r.rows.map((x) => x.t).filter((t) => !LEFT_OUT.has(t));
}

/** Every table's rows (bytea as hex, times as ISO text), for writeSnapshot. */
export async function exportRows(db: Db): Promise<SnapshotData> {
  const data: SnapshotData = {};
  for (const t of await tablesOf(db)) {
    const r = await db.query<{ rows: Record<string, unknown>[] }>(`SELECT coalesce(json_agg(x), '[]'::json) AS rows FROM ${quote(t)} x`);
    data[t] = r.rows[0].rows;
  }
  return data;
}

export function writeSnapshot(meta: SnapshotMeta, data: SnapshotData): number {
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const gz = zlib.gzipSync(JSON.stringify(data), { level: 9 });
  fs.writeFileSync(SNAPSHOT_FILE, gz);
  fs.writeFileSync(SNAPSHOT_META, JSON.stringify(meta, null, 2) + '\n');
  return gz.length;
}

export function readSnapshotData(): SnapshotData {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(SNAPSHOT_FILE)).toString('utf8')) as SnapshotData;
}

/**
 * Loads the rows into a database migrated exactly to the snapshot's version, in one transaction,
 * moving every date and time forward by `shiftDays` on the way (whole weeks keep weekdays, working
 * hours and UTC days as simulated). Triggers and foreign keys are off while loading
 * (session_replication_role = replica, which needs a superuser on PostgreSQL): the roll-ups are
 * loaded as they were, not computed twice; the monthly one is rebuilt from the daily one when the
 * rows move, since months do not move by weeks. Sequences continue after the loaded ids.
 */
export async function loadRows(db: Db, data: SnapshotData, shiftDays = 0): Promise<number> {
  let rows = 0;
  await db.transaction(async (tx) => {
    await tx.query("SET LOCAL session_replication_role = 'replica'");
    const known = new Set(await tablesOf(tx));
    // Generated columns (e.g. a search vector) are computed again, not loaded.
    const columns = await tx.query<{ t: string; c: string; type: string }>(
      "SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position",
    );
    const select = new Map<string, string[]>();
    const names = new Map<string, string[]>();
    for (const { t, c, type } of columns.rows) {
      const col = `x.${quote(c)}`;
      const moved = type === 'date' ? `${col} + $2::int` : type.startsWith('timestamp') ? `${col} + make_interval(days => $2::int)` : col;
      select.set(t, [...(select.get(t) ?? []), moved]);
      names.set(t, [...(names.get(t) ?? []), quote(c)]);
    }
    for (const [table, list] of Object.entries(data)) {
      if (!known.has(table)) throw new Error(`the demo snapshot has a table ${table} the schema does not`);
      const cols = select.get(table)!;
      const moves = cols.some((c) => c.includes('$2'));
      const insert = `INSERT INTO ${quote(table)} (${names.get(table)!.join(', ')}) SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${quote(table)}, $1::json) x`;
      for (let i = 0; i < list.length; i += 20_000) {
        const chunk = JSON.stringify(list.slice(i, i + 20_000));
        await tx.query(insert, moves ? [chunk, shiftDays] : [chunk]);
      }
      rows += list.length;
    }
    if (shiftDays !== 0 && known.has('insights_cycle_hist_monthly')) {
      // Keyed as the daily one without the day (by channel from migration 031 on; older snapshots load before it).
      const keys = names.get('insights_cycle_hist_monthly')!.filter((c) => c !== '"month"' && c !== '"cases"').join(', ');
      await tx.query('DELETE FROM insights_cycle_hist_monthly');
      await tx.query(
        `INSERT INTO insights_cycle_hist_monthly (${keys}, month, cases)
         SELECT ${keys}, date_trunc('month', day)::date, sum(cases) FROM insights_cycle_hist GROUP BY ${keys}, date_trunc('month', day)`,
      );
    }
    const serial = await tx.query<{ t: string; c: string }>(
      "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'",
    );
    for (const { t, c } of serial.rows) {
      await tx.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c)}) FROM ${quote(t)}), 0) + 1, false)`, [quote(t), c]);
    }
  });
  return rows;
}

/** Whole weeks from the snapshot's end to `now`: the history then ends within the last week before now. */
export function demoShiftDays(end: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - end.getTime()) / (7 * DAY)) * 7);
}
