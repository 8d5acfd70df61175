// Mails carry the absolute link (under PUBLIC_URL) to what they are about, delivered through a real
// SMTP server and followed: the task for the agent who may work on it, the request otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import { createTransport, deliverOutbox } from '../../server/notify/mailer';
import { runSlaChecks } from '../../server/sla/escalation';
import { seededApp, testConfig, type Client } from '../support/api';
import { dbTargets } from '../support/db';
import { processDeployment } from '../support/processes';
import { localSmtp, type ReceivedMail } from '../support/smtp';

const H = 3600_000;
// Not the default, with a trailing slash that the setting drops.
const PUBLIC_URL = loadConfig({ PUBLIC_URL: 'https://service.example.org/' }).publicUrl;

describe.each(dbTargets())('links in mails ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let clock = new Date('2026-03-09T08:00:00Z');
  let smtp: Awaited<ReturnType<typeof localSmtp>>;
  let owner: Client, agent: Client, employee: Client;
  const template = processDeployment('it-equipment-request');
  // The same request with a one-hour step target on the review, and one whose mails go to two people.
  const stepSla = { ...template, xml: template.xml.replace('id="it-equipment-request"', 'id="it-review-sla"').replace('<zeebe:userTask />\n        <zeebe:formDefinition formId="it-equipment-review" />', '<zeebe:userTask />\n        <esm:sla resolutionTime="PT1H" />\n        <zeebe:formDefinition formId="it-equipment-review" />') };
  const askRequester = { ...template, xml: template.xml.replace('id="it-equipment-request"', 'id="it-ask-requester"').replace('<zeebe:assignmentDefinition candidateGroups="it" />\n      </bpmn:extensionElements>\n      <bpmn:incoming>Flow_Approved</bpmn:incoming>', '<zeebe:assignmentDefinition assignee="=initiator" />\n      </bpmn:extensionElements>\n      <bpmn:incoming>Flow_Approved</bpmn:incoming>') };
  const copyToAgent = { ...template, xml: template.xml.replace('id="it-equipment-request"', 'id="it-copy-agent"').replaceAll('key="to" value="=initiator"', 'key="to" value="=[initiator, &quot;agent.it@lotse.demo&quot;]"') };

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    const ctx = await seededApp(db, () => clock, { ...testConfig, publicUrl: PUBLIC_URL });
    [owner, agent, employee] = await Promise.all(['owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)));
    expect(stepSla.xml).toContain('<esm:sla resolutionTime="PT1H" />');
    expect(copyToAgent.xml).not.toContain('value="=initiator"');
    expect(askRequester.xml).toContain('assignee="=initiator"');
    for (const d of [template, stepSla, askRequester, copyToAgent]) expect((await owner.post('/api/deployments', d)).status).toBe(201);
    smtp = await localSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
    await dispose();
  });

  const start = async (processKey = 'it-equipment-request') => (await employee.post('/api/process-instances', { processKey, variables: { item: 'laptop' } })).body.id as string;
  const openTask = async (id: string) => (await agent.get(`/api/process-instances/${id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
  /** Delivers the outbox and returns the mails that arrived since the last call. */
  let seen = 0;
  const deliver = async (): Promise<ReceivedMail[]> => {
    // Outbox rows are due from the database's now(), whichever of the two clocks is later.
    await deliverOutbox(db, createTransport(smtp.url), silentLogger, () => new Date(Math.max(Date.now(), clock.getTime())), 1000);
    const fresh = smtp.received.slice(seen);
    seen = smtp.received.length;
    return fresh;
  };
  const delivered = async (to: string, match: RegExp) => (await deliver()).filter((m) => m.to.includes(to) && match.test(m.text));
  /** The links in a mail's text, as app paths; each must lie under PUBLIC_URL. */
  const paths = (mail: ReceivedMail) =>
    [...mail.text.matchAll(/https?:\/\/\S+/g)].map(([url]) => {
      expect(url.startsWith(`${PUBLIC_URL}/`), url).toBe(true);
      return url.slice(PUBLIC_URL.length);
    });

  it('takes the it agent from the "new task" mail to that task, and the requester from the receipt to the request', async () => {
    const id = await start();
    const task = await openTask(id);
    const mails = await deliver();
    const [forAgent] = mails.filter((m) => m.to.includes('agent.it@lotse.demo') && /Review request|Antrag prüfen/.test(m.text));
    expect(forAgent.text).toMatch(new RegExp(`^(Aufgabe öffnen|Open the task): https://service\\.example\\.org/tasks/${task.id}\\r?$`, 'm'));
    expect(paths(forAgent)).toEqual([`/tasks/${task.id}`]);
    const opened = await agent.get(`/api/tasks/${task.id}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ id: task.id, name: 'Review request' });

    const [receipt] = mails.filter((m) => m.to.includes('employee@lotse.demo') && /Wir haben Ihre Anfrage|We have received your request/.test(m.text));
    expect(paths(receipt)).toEqual([`/portal/requests/${id}`]);
    expect((await employee.get(`/api/process-instances/${id}`)).body.id).toBe(id);
  });

  it('takes a requester who has no task list from "waiting for you" to the request, where they answer', async () => {
    const id = await start('it-ask-requester');
    const review = await openTask(id);
    expect((await agent.post(`/api/tasks/${review.id}/complete`, { variables: { approved: true } })).status).toBe(204);
    const [mail] = await delivered('employee@lotse.demo', /wartet auf Sie|is waiting for you/);
    expect(paths(mail)).toEqual([`/portal/requests/${id}`]);
    const request = await employee.get(`/api/process-instances/${id}`);
    expect(request.body.tasks).toContainEqual(expect.objectContaining({ status: 'open', assignee: 'employee@lotse.demo' }));
  });

  it('takes the requester from a comment mail to the request', async () => {
    const id = await start();
    expect((await agent.post(`/api/process-instances/${id}/comments`, { text: 'Which model exactly?' })).status).toBe(201);
    const [mail] = await delivered('employee@lotse.demo', /Which model exactly\?/);
    expect(paths(mail)).toEqual([`/portal/requests/${id}`]);
    expect((await employee.get(`/api/process-instances/${id}`)).status).toBe(200);
  });

  it('links an SLA notice on a step to its task, and one on the request to the request', async () => {
    clock = new Date('2026-03-09T08:00:00Z');
    const id = await start('it-review-sla');
    const task = await openTask(id);
    await delivered('agent.it@lotse.demo', /./);
    clock = new Date(clock.getTime() + 0.8 * H); // 80 % of the review's hour; the request's response time (4 h) is still fine
    await runSlaChecks(db, clock, 200, PUBLIC_URL);
    const atRisk = await delivered('agent.it@lotse.demo', /erreicht bald ihre Frist|close to its due time/);
    expect(atRisk.map(paths)).toEqual([[`/tasks/${task.id}`]]);
    expect((await agent.get(`/api/tasks/${task.id}`)).status).toBe(200);

    clock = new Date(clock.getTime() + 2.4 * H); // 3.2 h: the request's response time is at risk now
    await runSlaChecks(db, clock, 200, PUBLIC_URL);
    const requestNotices = (await delivered('agent.it@lotse.demo', /./)).map(paths);
    expect(requestNotices).toContainEqual([`/portal/requests/${id}`]);
    expect((await agent.get(`/api/process-instances/${id}`)).status).toBe(200);
  });

  it("ends a process mail to the requester alone with their request, and leaves one that also goes to others as the model wrote it", async () => {
    const id = await start();
    const review = await openTask(id);
    await agent.post(`/api/tasks/${review.id}/claim`);
    expect((await agent.post(`/api/tasks/${review.id}/complete`, { variables: { approved: false, reason: 'not in stock' } })).status).toBe(204);
    const [declined] = await delivered('employee@lotse.demo', /was declined/);
    expect(declined.text).toMatch(new RegExp(`^Your request was declined\\. The reason is shown in your request in the portal\\.\\r?\\n\\r?\\n(Ihre Anfrage|Your request): ${PUBLIC_URL.replaceAll('.', '\\.')}/portal/requests/${id}\\s*$`));
    expect(paths(declined)).toEqual([`/portal/requests/${id}`]);

    const shared = await start('it-copy-agent');
    const sharedReview = await openTask(shared);
    await agent.post(`/api/tasks/${sharedReview.id}/claim`);
    expect((await agent.post(`/api/tasks/${sharedReview.id}/complete`, { variables: { approved: false, reason: 'not in stock' } })).status).toBe(204);
    const [copy] = await delivered('agent.it@lotse.demo', /was declined/);
    expect(copy.to).toEqual(expect.arrayContaining(['employee@lotse.demo', 'agent.it@lotse.demo']));
    expect(copy.text.trim()).toBe('Your request was declined. The reason is shown in your request in the portal.');
  });
});
