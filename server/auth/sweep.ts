import type { Queryable } from '../db/types';
import type { Logger } from '../log';
import { deleteExpiredSessions } from './sessions';
import { deleteOldFailures } from './throttle';

export const SWEEP_EVERY_MS = 3600_000;

/** Deletes expired sessions and sign-in failures older than the throttling window. */
export async function sweepAuth(db: Queryable, now = new Date()): Promise<{ sessions: number; failures: number }> {
  const sessions = await deleteExpiredSessions(db, now);
  const failures = await deleteOldFailures(db, now);
  return { sessions, failures };
}

/**
 * Runs sweepAuth at start and then hourly (every server process may run it: the deletes are
 * idempotent). The timer is unref'd, so it never keeps the process alive. Returns stop().
 */
export function startAuthSweeper(db: Queryable, log: Logger, opts: { everyMs?: number; now?: () => Date } = {}): () => Promise<void> {
  const { everyMs = SWEEP_EVERY_MS, now = () => new Date() } = opts;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepAuth(db, now())
      .then((r) => {
        if (r.sessions || r.failures) log.info('expired sessions and old sign-in failures deleted', r);
      })
      .catch((err) => log.error('sweeping sessions failed', { error: String(err) }))
      .finally(() => (running = null));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref?.();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
