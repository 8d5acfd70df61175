// The demo's facility mailbox: on a first start from the stored snapshot, the repair requests are
// split between portal and mail, the share by mail falling after the portal's introduction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import { migrateWithDemo } from '../../server/demo/boot';
import { DEMO_MAILBOX, demoMailRequests } from '../../server/demo/mailbox';
import { readSnapshotMeta } from '../../server/demo/snapshot';
import { channels } from '../../server/insights/channels';
import { overview } from '../../server/insights/kpis';
import { resolveScope } from '../../server/insights/scope';
import { loadPrincipals } from '../../server/auth/principal';
import { testConfig } from '../support/api';
import { dbTargets } from '../support/db';

const DAY = 86_400_000;

describe.each(dbTargets().filter((t) => t.name === 'pglite'))('the demo facility mailbox ($name)', (target) => {
  let db: Db;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const meta = readSnapshotMeta()!;
    ({ db, dispose } = await target.open({ migrated: false }));
    const loaded = await migrateWithDemo(db, { ...testConfig, seed: 'demo', demoHistoryDays: 90 }, silentLogger, new Date(new Date(meta.end).getTime() + 3 * DAY));
    expect(loaded.snapshot).not.toBeNull();
  }, 300_000); // the snapshot load plus migration 031 rebuilding the roll-ups by channel from 120k events
  afterAll(() => dispose?.());

  it('shows the share of repair requests by mail falling week by week after the portal opened', async () => {
    const box = (await db.query<{ process_key: string; n: number }>(
      "SELECT b.process_key, (SELECT count(*)::int FROM inbound_mails m WHERE m.mailbox_id = b.id AND m.outcome = 'request') AS n FROM mailboxes b WHERE b.address = $1",
      [DEMO_MAILBOX],
    )).rows[0];
    expect(box.process_key).toBe('facility-repair-request');
    expect(box.n).toBeGreaterThan(30);
    const admin = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'admin@lotse.demo'")).rows[0].id;
    const [principal] = await loadPrincipals(db, [admin]);
    const range = (await db.query<{ a: Date; b: Date }>("SELECT min(started_at) AS a, max(started_at) AS b FROM process_instances WHERE process_key = 'facility-repair-request'")).rows[0];
    const day = (d: Date) => new Date(d).toISOString().slice(0, 10);
    const report = await channels(db, await resolveScope(db, principal, { processKey: 'facility-repair-request', from: day(range.a), to: day(range.b) }));
    const share = (weeks: typeof report.weeks) => weeks.reduce((n, w) => n + w.mail, 0) / weeks.reduce((n, w) => n + w.mail + w.portal, 0);
    const first = share(report.weeks.slice(0, 3));
    const last = share(report.weeks.slice(-3));
    expect(first).toBeGreaterThan(0.4);
    expect(last).toBeLessThan(0.25);
    expect(report.mailShare).toBeGreaterThan(last);
    // The roll-ups know the channel too: every KPI filtered by mail counts the same mail requests.
    const filter = { processKey: 'facility-repair-request', from: day(range.a), to: day(range.b) };
    const byMail = await overview(db, await resolveScope(db, principal, { ...filter, channel: 'mail' }), new Date());
    const byPortal = await overview(db, await resolveScope(db, principal, { ...filter, channel: 'portal' }), new Date());
    const mails = report.channels.find((c) => c.channel === 'mail')!;
    expect(byMail.requests.started).toBe(mails.started);
    expect(byPortal.requests.started).toBe(report.channels.find((c) => c.channel === 'portal')!.started);
    // Marking again changes nothing (first starts after a restart, background simulation).
    expect(await demoMailRequests(db)).toBe(0);
    // Each mail request shows its original mail and a timeline entry.
    const sample = (await db.query<{ instance_id: string }>('SELECT instance_id FROM inbound_mails LIMIT 1')).rows[0].instance_id;
    expect((await db.query("SELECT 1 FROM history WHERE instance_id = $1 AND kind = 'mail_received'", [sample])).rows).toHaveLength(1);
  });
});
