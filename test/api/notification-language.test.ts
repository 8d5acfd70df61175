// #18 point 1: a notification is written in the language of whoever reads it — the bell in the
// reader's UI language, a mail in the recipient's language setting — with the service title the
// catalog shows and the step's German name (esm:nameDe) for German readers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';
import type { Db } from '../../server/db';

interface Item { id: string; kind: string; title: string; body: string; instanceId: string | null }

describe.each(dbTargets())('notifications in the reader\'s language ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let agent: Client, employee: Client, owner: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    const ctx = await seededApp(db);
    [owner, agent, employee] = await Promise.all(['owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)));
    expect((await owner.post('/api/deployments', processDeployment('it-equipment-request'))).status).toBe(201);
  });
  afterAll(() => dispose());

  const start = async () => (await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } })).body.id as string;
  const feed = async (c: Client, instanceId: string, query = '', headers?: Record<string, string>) => {
    const r = await c.get(`/api/notifications${query}`, headers);
    expect(r.status).toBe(200);
    return (r.body.items as Item[]).filter((n) => n.instanceId === instanceId);
  };

  it('writes the same task notification in English for an English reader and in German for a German one', async () => {
    const id = await start();
    const [en] = await feed(agent, id, '?lang=en');
    expect(en.kind).toBe('task_assigned');
    expect(en.title).toBe('New task: Review request');
    // The catalog's title, not the internal process name ("IT equipment request").
    expect(en.body).toContain('(Request IT equipment)');
    const [de] = await feed(agent, id, '?lang=de');
    expect(de.id).toBe(en.id);
    expect(de.title).toBe('Neue Aufgabe: Antrag prüfen');
    expect(de.body).toContain('(IT-Ausstattung anfordern)');
    expect(de.body).not.toContain('Review request');
  });

  it("follows the reader's language setting, then the browser's, when the app names none", async () => {
    const id = await start();
    expect((await feed(employee, id, '', { 'accept-language': 'en-GB,en;q=0.9' }))[0].title).toMatch(/^Request IT-\d{4}-\d{6} received$/);
    expect((await feed(employee, id))[0].title).toMatch(/^Anfrage IT-\d{4}-\d{6} eingegangen$/);
    await db.query("UPDATE users SET locale = 'en' WHERE email = 'employee@lotse.demo'");
    try {
      expect((await feed(employee, id, '', { 'accept-language': 'de-DE' }))[0].body).toContain('We have received your request "Request IT equipment"');
    } finally {
      await db.query("UPDATE users SET locale = NULL WHERE email = 'employee@lotse.demo'");
    }
  });

  it('writes each mail in its recipient\'s language setting, with the German step name for German readers', async () => {
    await db.query("UPDATE users SET locale = 'en' WHERE email = 'agent.it@lotse.demo'");
    try {
      const id = await start();
      const mails = await db.query<{ recipients: string[]; subject: string; body: string }>('SELECT recipients, subject, body FROM mail_outbox WHERE instance_id = $1', [id]);
      const to = (email: string) => mails.rows.find((m) => m.recipients.includes(email));
      expect(to('agent.it@lotse.demo')?.subject).toBe('New task: Review request');
      expect(to('agent.it@lotse.demo')?.body).toContain('(Request IT equipment)');
      expect(to('employee@lotse.demo')?.body).toContain('„IT-Ausstattung anfordern“');
      const germanAgent = mails.rows.find((m) => m.subject.startsWith('Neue Aufgabe'));
      if (germanAgent) expect(germanAgent.subject).toBe('Neue Aufgabe: Antrag prüfen');
    } finally {
      await db.query("UPDATE users SET locale = NULL WHERE email = 'agent.it@lotse.demo'");
    }
  });

  it('still shows a notification written before its parts were kept, as it was written', async () => {
    const id = await start();
    const me = await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'employee@lotse.demo'");
    await db.query(
      "INSERT INTO notifications (user_id, kind, title, body, instance_id, created_at) VALUES ($1, 'comment_added', 'Neuer Kommentar zu X', 'Jemand schrieb etwas', $2, now() + interval '1 minute')",
      [me.rows[0].id, id],
    );
    const [old] = await feed(employee, id, '?lang=en');
    expect(old).toMatchObject({ kind: 'comment_added', title: 'Neuer Kommentar zu X', body: 'Jemand schrieb etwas' });
  });

  it('answers 400 for a language it does not write', async () => {
    const r = await agent.get('/api/notifications?lang=fr');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('/lang');
  });
});
