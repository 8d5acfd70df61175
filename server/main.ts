import { serve } from '@hono/node-server';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DatabaseUnreachableError, openDatabase } from './db';
import { DataDirLockedError } from './db/lock';
import { SchemaTooNewError } from './db/migrate';
import { createLogger } from './log';
import { startJobWorker } from './engine/jobs/jobs';
import { startRetentionWorker } from './documents/retention';
import { startMaintenanceWorker } from './db/maintenance';
import { Engine } from './engine/runtime/runtime';
import { serverWiring, wireEngine } from './engine-wiring';
import { listenForChanges } from './engine/runtime/live-changes';
import type { ChannelListener } from './db/types';
import { startMailWorker } from './notify/mailer';
import { startMailInbound } from './mail-inbound';
import { mailInboundOf } from './config';
import { startSlaWorker } from './sla/escalation';
import { demoHistoryToSimulate } from './demo/boot';
import { startAuthSweeper } from './auth/sweep';
import { prepareDatabase } from './startup';
import { firstStartInChild, isFirstStartChild, isNewPgliteFolder, runFirstStartChild } from './first-start';
import { serveBackupRequests } from './ops/backup';

/** Entry: config → db → migrations → seed → HTTP. Known start-up failures end with one clear line and exit 1. */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // A new PGlite folder: initdb, migrations and the demo snapshot in a child process (peak memory).
  const firstStart = isNewPgliteFolder(config) ? await firstStartInChild(log) : null;
  const db = await openDatabase(config);
  let closing = false;
  let stopWorker: (() => Promise<void>) | null = null;
  let liveChanges: ChannelListener | null = null;
  let stopSweeper: (() => Promise<void>) | null = null;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info('shutting down', { signal });
    server?.close();
    await stopWorker?.().catch(() => {});
    await stopSweeper?.().catch(() => {});
    await liveChanges?.close().catch(() => {});
    await db.close().catch((err) => log.error('closing the database failed', { error: String(err) }));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // The engine's ports: SLA working time and clocks, substitutes, notifications, the e-mail connector.
  const engine = wireEngine(new Engine(db, () => new Date(), log), serverWiring(config));
  // Several servers starting at once on one PostgreSQL database take turns here (advisory lock).
  const { snapshot, fresh } = await prepareDatabase(db, config, log, engine, firstStart);
  // Expired sessions and old sign-in failures: swept now and hourly, on every kind of database.
  stopSweeper = startAuthSweeper(db, log);
  // PGlite: `npm run backup` asks this process for a consistent copy of the data folder (SIGUSR2).
  if (db.kind === 'pglite') serveBackupRequests(db, config.dataDir, log);
  // PostgreSQL: hear the other servers' changes for live views (null on PGlite, one process).
  liveChanges = listenForChanges(engine, log);
  const history = fresh || snapshot ? await demoHistoryToSimulate(db, log, config, snapshot, new Date()) : null;
  const startWorkers = () => {
    const stopJobs = startJobWorker(engine);
    const stopMail = startMailWorker(db, config.smtpUrl, log);
    // Department mailboxes (IMAP, optional SMTP listener): mails become requests and comments.
    const stopInbound = startMailInbound(engine, mailInboundOf(config), config.publicUrl, log);
    const stopSla = startSlaWorker(db, () => new Date(), (err) => log.error('SLA sweep failed', { error: String(err) }), { publicUrl: config.publicUrl, live: engine });
    // PGlite has no autovacuum; PostgreSQL servers vacuum themselves.
    const stopMaintenance = db.kind === 'pglite' ? startMaintenanceWorker(db, log) : async () => {};
    // Documents past their retention period go, hourly, in batches (docs/DOCUMENTS.md).
    const stopRetention = startRetentionWorker(db, log);
    stopWorker = async () => {
      stopRetention();
      await stopMaintenance();
      await stopInbound();
      await stopSla();
      await stopJobs();
      await stopMail();
    };
  };
  const app = createApp({ db, config, log, now: () => new Date(), engine });
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    log.info('Lotse is listening', { url: `http://localhost:${info.port}`, db: db.kind, dataDir: db.kind === 'pglite' ? config.dataDir : undefined });
  });
  if (history) {
    // The demo's past is simulated through the engine on a virtual clock while the server already
    // answers; the job, mail and SLA workers start afterwards so they never touch simulated time.
    const started = Date.now();
    log.info('generating demo history in the background');
    history()
      .then((r) => log.info('demo history ready', { ...r, seconds: Math.round((Date.now() - started) / 1000) }))
      .catch((err) => log.error('demo history failed', { error: String(err) }))
      .finally(() => closing || startWorkers());
  } else startWorkers();
  server.on('error', (err: NodeJS.ErrnoException) => {
    process.stderr.write(`lotse: cannot listen on port ${config.port}: ${err.code ?? err.message}\n`);
    void db.close().finally(() => process.exit(1));
  });
}

if (isFirstStartChild()) runFirstStartChild();
else main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DatabaseUnreachableError || err instanceof DataDirLockedError || err instanceof SchemaTooNewError) {
    process.stderr.write(`lotse: ${err.message}\n`);
  } else {
    process.stderr.write(`lotse: start-up failed: ${err?.stack ?? err}\n`);
  }
  process.exit(1);
});
