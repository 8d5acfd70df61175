// Requests by e-mail against a real IMAP server (dovecot, test/support/imap.ts) and the local SMTP
// server: a mail becomes a request of the mapped service, a reply a comment that ends the
// requester's wait, automatic mails do nothing, and a crash between fetch and commit gives one request.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import nodemailer from 'nodemailer';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../server/db';
import { createTransport, deliverOutbox } from '../../server/notify/mailer';
import { silentLogger } from '../../server/log';
import { checkMailboxOnce, ingestMail, loadMailbox, startMailInbound } from '../../server/mail-inbound';
import { startSmtpListener } from '../../server/mail-inbound/smtp';
import type { MailInboundConfig } from '../../server/config';
import { createApp } from '../../server/app';
import { Engine } from '../../server/engine/runtime/runtime';
import { serverWiring, wireEngine } from '../../server/engine-wiring';
import { seed } from '../../server/seed';
import { Client, testConfig } from '../support/api';
import { dbTargets } from '../support/db';
import { hasDovecot, localImap, type LocalImap } from '../support/imap';
import { localSmtp } from '../support/smtp';

const MAILBOX = 'facility@lotse.test';
const PASSWORD = 'imap-secret-4711';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

const deskXml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="mail-desk" name="Facility desk" isExecutable="true" esm:department="facility">
    <bpmn:extensionElements><esm:catalog title="Facility desk" requesters="employee" /><esm:sla responseTime="PT4H" resolutionTime="P3D" /></bpmn:extensionElements>
    <bpmn:startEvent id="S"><bpmn:extensionElements><zeebe:formDefinition formId="mail-desk" /></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Ask" />
    <bpmn:userTask id="Ask" name="Tell us more"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="mail-desk-details" /><zeebe:assignmentDefinition assignee="=initiator" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Ask" targetRef="Handle" />
    <bpmn:userTask id="Handle" name="Handle"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="facility" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="Handle" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;
const forms = [
  { key: 'mail-desk', title: { en: 'Desk' }, definition: {
    schema: { type: 'object', required: ['summary', 'building'], properties: { summary: { type: 'string', maxLength: 200 }, description: { type: 'string', maxLength: 20000 }, building: { type: 'string', enum: ['HQ', 'B'] } } },
    ui: { fields: [{ key: 'summary', kind: 'text', label: { en: 'Summary' } }, { key: 'description', kind: 'textarea', label: { en: 'Description' } }, { key: 'building', kind: 'select', label: { en: 'Building' }, options: [{ value: 'HQ', label: { en: 'HQ' } }, { value: 'B', label: { en: 'B' } }] }] },
  } },
  { key: 'mail-desk-details', title: { en: 'Details' }, definition: {
    schema: { type: 'object', required: ['details'], properties: { details: { type: 'string', maxLength: 20000 } } },
    ui: { fields: [{ key: 'details', kind: 'textarea', label: { en: 'Details' } }] },
  } },
];

/** A raw RFC 5322 mail; attachments as base64 MIME parts. */
function mail(o: { from: string; subject: string; text: string; messageId?: string; headers?: Record<string, string>; attachments?: { name: string; type: string; content: Buffer }[] }) {
  const id = o.messageId ?? `<${randomUUID()}@sender.test>`;
  const head = [`From: ${o.from}`, `To: ${MAILBOX}`, `Subject: ${o.subject}`, `Message-ID: ${id}`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  if (!o.attachments?.length) return { id, raw: [...head, 'Content-Type: text/plain; charset=utf-8', '', o.text, ''].join('\r\n') };
  const b = 'b-' + randomUUID();
  const parts = [`--${b}`, 'Content-Type: text/plain; charset=utf-8', '', o.text,
    ...o.attachments.flatMap((a) => [`--${b}`, `Content-Type: ${a.type}; name="${a.name}"`, `Content-Disposition: attachment; filename="${a.name}"`, 'Content-Transfer-Encoding: base64', '', a.content.toString('base64')]),
    `--${b}--`, ''];
  return { id, raw: [...head, `Content-Type: multipart/mixed; boundary="${b}"`, '', ...parts].join('\r\n') };
}

describe.each(dbTargets())('requests by e-mail ($name)', (target) => {
  let imap: LocalImap;
  let smtp: Awaited<ReturnType<typeof localSmtp>>;
  let db: Db;
  let dispose: () => Promise<void>;
  let dbUrl: string | undefined;
  let ctx: { engine: Engine; as: (email: string) => Promise<Client> };
  let admin: Client, employee: Client, agent: Client;
  let mailboxId: string;
  let inbox: ImapFlow;
  const settings: MailInboundConfig = { key: Buffer.alloc(32, 7), pollSeconds: 60, maxBytes: 512 * 1024, ratePerHour: 50, smtpPort: null, smtpHost: '127.0.0.1', ca: null, disabled: false };

  const deliver = async (raw: string) => {
    await inbox.append('INBOX', raw);
  };
  const check = async () => {
    const r = await admin.post(`/api/admin/mailboxes/${mailboxId}/check`);
    expect(r.status).toBe(200);
    expect(r.body.ok, JSON.stringify(r.body)).toBe(true);
    return r.body.results as { outcome: string; reason: string | null; instanceId: string | null; duplicate: boolean }[];
  };
  /** Unseen mails as a fresh session sees them (the test's own session may not have synced other sessions' flags). */
  const unseen = async () => {
    const c = new ImapFlow({ host: imap.host, port: imap.port, secure: true, tls: { ca: imap.ca }, auth: { user: MAILBOX, pass: PASSWORD }, logger: false });
    await c.connect();
    try {
      const status = await c.status('INBOX', { unseen: true });
      return status ? status.unseen : -1;
    } finally {
      await c.logout();
    }
  };
  const sent = async () => {
    await deliverOutbox(db, createTransport(smtp.url), silentLogger);
    return smtp.received;
  };

  beforeAll(async () => {
    if (!hasDovecot()) throw new Error('dovecot is not installed: apt-get install -y dovecot-imapd (.ci/run does)');
    imap = await localImap([{ user: MAILBOX, password: PASSWORD }]);
    settings.ca = imap.ca;
    smtp = await localSmtp();
    ({ db, dispose, url: dbUrl } = await target.open());
    const config = { ...testConfig, mailInbound: settings };
    await seed(db, config, silentLogger);
    const engine = wireEngine(new Engine(db, () => new Date(), silentLogger), serverWiring(config));
    const app = createApp({ db, config, log: silentLogger, now: () => new Date(), engine });
    ctx = {
      engine,
      as: async (email) => {
        const c = new Client(app);
        const login = await c.post('/api/auth/login', { email, password: 'demo' });
        expect(login.status, JSON.stringify(login.body)).toBe(200);
        return c;
      },
    };
    // One after the other: parallel sign-ins from one address can trip the throttle on PostgreSQL (see the report).
    admin = await ctx.as('admin@lotse.demo');
    employee = await ctx.as('employee@lotse.demo');
    agent = await ctx.as('agent.facility@lotse.demo');
    expect((await admin.post('/api/deployments', { xml: deskXml, forms })).status).toBe(201);
    const facility = ((await admin.get('/api/departments')).body.items as { id: string; key: string }[]).find((d) => d.key === 'facility')!.id;
    const created = await admin.post('/api/admin/mailboxes', {
      departmentId: facility, name: 'Facility', address: MAILBOX, processKey: 'mail-desk', defaults: { building: 'HQ' }, summaryField: 'summary', descriptionField: 'description',
      unknownSenders: 'refuse', imapHost: imap.host, imapPort: imap.port, imapUser: MAILBOX, imapPassword: PASSWORD,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    mailboxId = created.body.id;
    inbox = new ImapFlow({ host: imap.host, port: imap.port, secure: true, tls: { ca: imap.ca }, auth: { user: MAILBOX, pass: PASSWORD }, logger: false });
    await inbox.connect();
  }, 60_000);
  afterAll(async () => {
    await inbox?.logout().catch(() => {});
    await smtp?.close();
    await dispose?.();
    await imap?.stop();
  });

  it('keeps the password write-only and encrypted, and the connection test signs in (IDLE offered)', async () => {
    const list = await admin.get('/api/admin/mailboxes');
    expect(JSON.stringify(list.body)).not.toContain(PASSWORD);
    expect(list.body.items[0]).toMatchObject({ address: MAILBOX, hasPassword: true, processKey: 'mail-desk' });
    const stored = (await db.query<{ imap_password_enc: string }>('SELECT imap_password_enc FROM mailboxes WHERE id = $1', [mailboxId])).rows[0].imap_password_enc;
    expect(stored).not.toContain(PASSWORD);
    expect(stored.startsWith('v1:')).toBe(true);
    expect((await admin.post(`/api/admin/mailboxes/${mailboxId}/test`)).body).toMatchObject({ ok: true, idle: true });
    expect((await employee.get('/api/admin/mailboxes')).status).toBe(403);
  });

  let requestId: string;
  let reference: string;
  let firstMessageId: string;

  it('turns a mail with an attachment into a request of the mapped service and acknowledges it in the thread', async () => {
    const m = mail({ from: 'Erika Mustermann <employee@lotse.demo>', subject: 'Heizung im Raum 2.14 kalt', text: 'Seit heute morgen ist die Heizung kalt.', attachments: [{ name: 'thermostat.pdf', type: 'application/pdf', content: PDF }] });
    firstMessageId = m.id;
    await deliver(m.raw);
    const results = await check();
    expect(results).toEqual([expect.objectContaining({ outcome: 'request', duplicate: false })]);
    requestId = results[0].instanceId!;
    const detail = (await employee.get(`/api/process-instances/${requestId}`)).body;
    reference = detail.reference;
    expect(detail).toMatchObject({ processKey: 'mail-desk', channel: 'mail', variables: expect.objectContaining({ summary: 'Heizung im Raum 2.14 kalt', description: 'Seit heute morgen ist die Heizung kalt.', building: 'HQ' }) });
    expect(detail.attachments).toEqual([expect.objectContaining({ name: 'thermostat.pdf', contentType: 'application/pdf' })]);
    expect(detail.history.some((h: { kind: string }) => h.kind === 'mail_received')).toBe(true);
    expect(await unseen()).toBe(0);
    // The acknowledgement: request number and portal link, in the thread of the mail.
    const ack = (await sent()).find((r) => r.to.includes('employee@lotse.demo') && r.text.includes('Vielen Dank'))!;
    expect(ack.text).toContain(reference);
    expect(ack.text).toContain(`http://localhost:3000/portal/requests/${requestId}`);
    expect(ack.raw).toContain(`In-Reply-To: ${firstMessageId}`);
    expect(ack.raw).toMatch(new RegExp(`Reply-To: ${MAILBOX}`, 'i'));
    // The original mail for the timeline: headers and safe text, for whoever may see the request.
    const original = (await employee.get(`/api/request-mails/${requestId}`)).body.items;
    expect(original[0]).toMatchObject({ sender: 'employee@lotse.demo', text: 'Seit heute morgen ist die Heizung kalt.', headers: expect.objectContaining({ 'message-id': firstMessageId }) });
    expect((await ctx.as('employee2@lotse.demo').then((c) => c.get(`/api/request-mails/${requestId}`))).status).toBe(404);
  });

  it('takes a reply with the request number in the subject as a comment that ends the requester wait', async () => {
    const before = (await employee.get(`/api/process-instances/${requestId}`)).body;
    expect(before.tasks.find((t: { elementId: string }) => t.elementId === 'Ask')).toMatchObject({ status: 'open', assignee: 'employee@lotse.demo' });
    expect(before.sla).toMatchObject({ paused: true });
    await deliver(mail({ from: 'employee@lotse.demo', subject: `AW: ${reference} Heizung`, text: 'Es ist der Heizkörper am Fenster.\n\nAm Montag schrieb Lotse:\n> Vielen Dank' }).raw);
    expect(await check()).toEqual([expect.objectContaining({ outcome: 'comment', instanceId: requestId, reason: 'answered:Ask' })]);
    const after = (await employee.get(`/api/process-instances/${requestId}`)).body;
    expect(after.comments.map((c: { text: string }) => c.text)).toEqual(['Es ist der Heizkörper am Fenster.']);
    expect(after.tasks.find((t: { elementId: string }) => t.elementId === 'Ask').status).toBe('completed');
    expect(after.tasks.find((t: { elementId: string }) => t.elementId === 'Handle').status).toBe('open');
    expect(after.variables.details).toBe('Es ist der Heizkörper am Fenster.');
    expect(after.sla).toMatchObject({ paused: false });
  });

  it('sends an agent\'s public reply as a mail in the requester\'s thread, whose answer comes back as a comment', async () => {
    smtp.received.length = 0;
    expect((await agent.post(`/api/process-instances/${requestId}/comments`, { text: 'Wir kommen heute um 14 Uhr.' })).status).toBeLessThan(300);
    const out = (await sent()).find((r) => r.to.includes('employee@lotse.demo'))!;
    expect(out.text).toContain('Wir kommen heute um 14 Uhr.');
    expect(out.raw).toContain(`In-Reply-To: ${firstMessageId}`);
    expect(out.raw).toMatch(new RegExp(`Reply-To: ${MAILBOX}`, 'i'));
    const outId = /^Message-ID:\s*(<[^>]+>)/im.exec(out.raw)![1];
    // A reply to that mail without the number in the subject: the thread finds the request.
    await deliver(mail({ from: 'employee@lotse.demo', subject: 'Re: passt', text: 'Passt, danke!', headers: { 'In-Reply-To': outId, References: `${firstMessageId} ${outId}` } }).raw);
    expect(await check()).toEqual([expect.objectContaining({ outcome: 'comment', instanceId: requestId })]);
    expect((await employee.get(`/api/process-instances/${requestId}`)).body.comments.at(-1).text).toBe('Passt, danke!');
  });

  it('does nothing with out-of-office replies and other automatic mails', async () => {
    smtp.received.length = 0;
    const comments = (await employee.get(`/api/process-instances/${requestId}`)).body.comments.length;
    const requests = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE channel = 'mail'")).rows[0].n;
    await deliver(mail({ from: 'employee@lotse.demo', subject: `Automatische Antwort: ${reference}`, text: 'Ich bin bis Montag nicht im Büro.', headers: { 'Auto-Submitted': 'auto-replied' } }).raw);
    await deliver(mail({ from: 'employee@lotse.demo', subject: 'Out of Office: Heizung', text: 'I am out of the office.' }).raw);
    await deliver(mail({ from: 'employee@lotse.demo', subject: 'Newsletter', text: 'Neu im Shop', headers: { Precedence: 'bulk' } }).raw);
    await deliver(mail({ from: MAILBOX, subject: `[${reference}] loop`, text: 'our own mail' }).raw);
    const results = await check();
    expect(results.map((r) => [r.outcome, r.reason])).toEqual([['ignored', 'auto_submitted'], ['ignored', 'out_of_office'], ['ignored', 'precedence'], ['ignored', 'own_address']]);
    expect((await employee.get(`/api/process-instances/${requestId}`)).body.comments).toHaveLength(comments);
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE channel = 'mail'")).rows[0].n).toBe(requests);
    expect(await sent()).toEqual([]);
    expect(await unseen()).toBe(0);
  });

  it('gives one request for a duplicate Message-ID after a crash before and after the commit', async () => {
    const count = async (id: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_mails m JOIN process_instances p ON p.id = m.instance_id WHERE m.message_id = $1', [id])).rows[0].n;
    const m = mail({ from: 'employee@lotse.demo', subject: 'Tür klemmt', text: 'Die Tür zu 2.10 klemmt.' });
    await deliver(m.raw);
    const mailbox = await loadMailbox(db, mailboxId);
    // Crash between fetch and commit: the transaction never commits, the mail stays unseen.
    const crashing = { engine: ctx.engine, settings, publicUrl: testConfig.publicUrl, beforeCommit: () => { throw new Error('killed before commit'); } };
    await expect(checkMailboxOnce(crashing, mailbox)).rejects.toThrow('killed before commit');
    expect(await count(m.id)).toBe(0);
    expect(await unseen()).toBe(1);
    // Crash after the commit, before the \Seen flag: the request is in, the mail still unseen.
    expect(await ingestMail({ engine: ctx.engine, settings, publicUrl: testConfig.publicUrl }, mailbox, Buffer.from(m.raw))).toMatchObject({ outcome: 'request', duplicate: false });
    expect(await unseen()).toBe(1);
    // The restarted check fetches it again: recognised by its Message-ID, flagged, no second request.
    expect(await check()).toEqual([expect.objectContaining({ outcome: 'request', duplicate: true })]);
    expect(await count(m.id)).toBe(1);
    expect(await unseen()).toBe(0);
  });

  // A real kill: a second server process on the same PostgreSQL database is SIGKILLed inside the
  // request's transaction (PGlite is one process: there the crash is the thrown error above).
  it.runIf(target.name === 'postgres')('gives one request when the process taking the mail in is killed between fetch and commit', async () => {
    const m = mail({ from: 'employee@lotse.demo', subject: 'Fenster undicht', text: 'Es zieht in 3.01.' });
    await deliver(m.raw);
    // node itself with tsx's loader (the tsx CLI would run the script in a grandchild the kill does not reach).
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/support/mail-inbound-child.ts'), JSON.stringify({ url: dbUrl, mailboxId, key: settings.key!.toString('hex'), ca: imap.ca, maxBytes: settings.maxBytes })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d) => ((out += d), String(d).includes('in-transaction') && resolve()));
        child.once('exit', (code) => reject(new Error(`the child ended (${code}) before its transaction: ${out}`)));
        setTimeout(() => reject(new Error(`the child did not reach its transaction: ${out}`)), 40_000);
      });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_mails WHERE message_id = $1', [m.id])).rows[0].n;
    expect(await count()).toBe(0);
    expect(await unseen()).toBe(1);
    expect(await check()).toEqual([expect.objectContaining({ outcome: 'request', duplicate: false })]);
    expect(await check()).toEqual([]);
    expect(await count()).toBe(1);
    expect(await unseen()).toBe(0);
  }, 60_000);

  it('refuses unknown senders unless the mailbox takes guests, and keeps forbidden attachments as a note to the owners', async () => {
    await deliver(mail({ from: 'stranger@elsewhere.test', subject: 'Hallo', text: 'Wer bin ich?' }).raw);
    expect(await check()).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'unknown_sender' })]);
    expect((await db.query("SELECT 1 FROM users WHERE email = 'stranger@elsewhere.test'")).rows).toHaveLength(0);
    expect((await admin.patch(`/api/admin/mailboxes/${mailboxId}`, { unknownSenders: 'guest' })).status).toBe(200);
    await deliver(mail({ from: 'Gast <guest@elsewhere.test>', subject: 'Licht defekt', text: 'Im Foyer.', attachments: [{ name: 'tool.exe', type: 'application/x-msdownload', content: Buffer.from('MZ\x90\x00') }] }).raw);
    const [r] = await check();
    expect(r).toMatchObject({ outcome: 'request' });
    const guest = (await db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = 'guest@elsewhere.test'")).rows[0];
    expect(guest.password_hash).toBe('!mail-guest');
    expect((await admin.get(`/api/process-instances/${r.instanceId}`)).body.attachments).toEqual([]);
    const notes = (await admin.get('/api/notifications')).body.items as { kind: string; body: string }[];
    expect(notes.find((n) => n.kind === 'mail_held')?.body).toContain('tool.exe');
    const mails = (await admin.get(`/api/admin/mailboxes/${mailboxId}/mails`)).body.items as { outcome: string }[];
    expect(mails.map((x) => x.outcome)).toContain('refused');
  });

  it('compares the channels in Insights: requests by portal and by mail per week, and the share by mail', async () => {
    expect((await employee.post('/api/process-instances', { processKey: 'mail-desk', variables: { summary: 'Über das Portal', building: 'B' } })).status).toBe(201);
    const analyst = await ctx.as('analyst@lotse.demo');
    const r = await analyst.get('/api/insights/channels?processKey=mail-desk');
    expect(r.status).toBe(200);
    const mailRequests = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE channel = 'mail' AND process_key = 'mail-desk'")).rows[0].n;
    expect(mailRequests).toBeGreaterThanOrEqual(3);
    expect(r.body.channels).toEqual([expect.objectContaining({ channel: 'portal', started: 1 }), expect.objectContaining({ channel: 'mail', started: mailRequests })]);
    expect(r.body.mailShare).toBeCloseTo(mailRequests / (mailRequests + 1));
    expect(r.body.weeks.reduce((n: number, w: { mail: number; portal: number }) => n + w.mail + w.portal, 0)).toBe(mailRequests + 1);
    expect((await employee.get('/api/insights/channels')).status).toBe(403);
  });

  it('watches the mailbox: a new mail is taken in through IDLE, without a check and long before the next poll', async () => {
    await db.query('UPDATE mailboxes SET last_poll_at = NULL WHERE id = $1', [mailboxId]);
    const stop = startMailInbound(ctx.engine, { ...settings, pollSeconds: 3600 }, testConfig.publicUrl, silentLogger);
    try {
      const polled = async () => (await db.query<{ last_poll_at: Date | null }>('SELECT last_poll_at FROM mailboxes WHERE id = $1', [mailboxId])).rows[0].last_poll_at;
      await vi.waitFor(async () => expect(await polled()).not.toBeNull(), { timeout: 20_000, interval: 200 });
      const m = mail({ from: 'employee@lotse.demo', subject: 'Aufzug steht', text: 'Im Haus B.' });
      await deliver(m.raw);
      // IDLE answers within seconds (imapflow enters IDLE a moment after the last command); the poll would take an hour.
      await vi.waitFor(async () => expect((await db.query('SELECT 1 FROM inbound_mails WHERE message_id = $1 AND outcome = $2', [m.id, 'request'])).rows).toHaveLength(1), { timeout: 60_000, interval: 250 });
    } finally {
      await stop();
    }
  }, 120_000);

  it('takes mails a relay delivers to the SMTP listener, and refuses other recipients', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const stop = startSmtpListener({ engine: ctx.engine, settings, publicUrl: testConfig.publicUrl }, port, '127.0.0.1', silentLogger);
    try {
      await new Promise((r) => setTimeout(r, 200));
      const relay = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
      const messageId = `<relay-${randomUUID()}@sender.test>`;
      await relay.sendMail({ from: 'employee@lotse.demo', to: MAILBOX, subject: 'Per Relay', text: 'Über SMTP zugestellt.', messageId });
      const row = (await db.query<{ outcome: string; instance_id: string }>('SELECT outcome, instance_id FROM inbound_mails WHERE message_id = $1', [messageId])).rows[0];
      expect(row.outcome).toBe('request');
      expect((await employee.get(`/api/process-instances/${row.instance_id}`)).body.variables.description).toBe('Über SMTP zugestellt.');
      await expect(relay.sendMail({ from: 'employee@lotse.demo', to: 'nobody@lotse.test', subject: 'x', text: 'x' })).rejects.toThrow(/550/);
      relay.close();
    } finally {
      await stop();
    }
  });
});
