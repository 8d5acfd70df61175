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
import type { Db, Queryable } from '../db';

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
    ...['seed.ts', 'demo/data.ts', 'demo/simulate.ts', 'demo/templates.ts'].map((f) => path.join(repo, 'server', f)),
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
 * Loads the rows into a database migrated exactly to the snapshot's version, in one transaction.
 * Triggers and foreign keys are off while loading (session_replication_role = replica, which needs
 * a superuser on PostgreSQL): the roll-ups are loaded as they were, not computed twice. Sequences
 * continue after the loaded ids.
 */
export async function loadRows(db: Db, data: SnapshotData): Promise<number> {
  let rows = 0;
  await db.transaction(async (tx) => {
    await tx.query("SET LOCAL session_replication_role = 'replica'");
    const known = new Set(await tablesOf(tx));
    for (const [table, list] of Object.entries(data)) {
      if (!known.has(table)) throw new Error(`the demo snapshot has a table ${table} the schema does not`);
      for (let i = 0; i < list.length; i += 20_000) {
        await tx.query(`INSERT INTO ${quote(table)} SELECT * FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`, [JSON.stringify(list.slice(i, i + 20_000))]);
      }
      rows += list.length;
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

/**
 * Moves every date and time in the database forward by whole weeks (weekdays, working hours and UTC
 * days stay as simulated), so the demo's history ends within the last week before `now`. The monthly
 * roll-up is rebuilt from the daily one, since months do not move by weeks. Returns the shift in days.
 */
export async function shiftDemoTime(db: Db, end: Date, now: Date): Promise<number> {
  const days = Math.floor((now.getTime() - end.getTime()) / (7 * DAY)) * 7;
  if (days <= 0) return 0;
  const cols = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.data_type IN ('timestamp with time zone', 'timestamp without time zone', 'date')
       AND c.table_name <> 'schema_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, typeof cols.rows>();
  for (const c of cols.rows) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c]);
  // Unique keys are checked row by row: a key holding a date (the daily roll-ups) moves far away
  // first and then back to its place, so no row ever lands on one not yet moved.
  const keyed = new Set(
    (
      await db.query<{ table_name: string }>(
        `SELECT DISTINCT c.relname AS table_name FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
         WHERE i.indisunique AND c.relnamespace = current_schema()::regnamespace AND format_type(a.atttypid, a.atttypmod) IN ('date', 'timestamp with time zone', 'timestamp without time zone')`,
      )
    ).rows.map((r) => r.table_name),
  );
  const far = 100_000;
  await db.transaction(async (tx) => {
    for (const [table, columns] of byTable) {
      if (table === 'insights_cycle_hist_monthly') continue;
      const sets = columns.map((c) => `${quote(c.column_name)} = ${quote(c.column_name)} + ${c.data_type === 'date' ? '$1::int' : 'make_interval(days => $1::int)'}`);
      const update = `UPDATE ${quote(table)} SET ${sets.join(', ')}`;
      if (keyed.has(table)) {
        await tx.query(update, [far]);
        await tx.query(update, [days - far]);
      } else await tx.query(update, [days]);
    }
    await tx.query('DELETE FROM insights_cycle_hist_monthly');
    await tx.query(
      `INSERT INTO insights_cycle_hist_monthly (definition_id, month, kind, bucket, cases)
       SELECT definition_id, date_trunc('month', day)::date, kind, bucket, sum(cases) FROM insights_cycle_hist GROUP BY 1, 2, 3, 4`,
    );
  });
  return days;
}
