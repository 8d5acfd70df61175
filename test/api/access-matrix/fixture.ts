/**
 * The victim's side of the access matrix: records of the IT department and of one requester
 * (employee2) that every other caller tries to read, change or steer. Built through the API, as the
 * people who own them would, so every id is real and the routes answer for the right reason.
 */
import { expect } from 'vitest';
import type { Db } from '../../../server/db';
import { syncGuide } from '../../../server/knowledge/guide';
import { templateDeployment } from '../template-harness';
import type { Client, seededApp } from '../../support/api';

type Ctx = Awaited<ReturnType<typeof seededApp>>;

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/** An IT process that waits for a message, a signal and an external worker (type it-sync). */
const waitingXml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:message id="M" name="it-ping"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticket" /></bpmn:extensionElements></bpmn:message>
  <bpmn:signal id="Sig" name="it-all-clear" />
  <bpmn:process id="it-waiting" name="IT waiting" isExecutable="true" esm:department="it">
    <bpmn:extensionElements><esm:catalog title="IT waiting" requesters="employee" /></bpmn:extensionElements>
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Fork" />
    <bpmn:parallelGateway id="Fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Ping" />
    <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="AllClear" />
    <bpmn:sequenceFlow id="f4" sourceRef="Fork" targetRef="Sync" />
    <bpmn:intermediateCatchEvent id="Ping"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="AllClear"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="Sync" name="Sync"><bpmn:extensionElements><zeebe:taskDefinition type="it-sync" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f5" sourceRef="Ping" targetRef="Join" />
    <bpmn:sequenceFlow id="f6" sourceRef="AllClear" targetRef="Join" />
    <bpmn:sequenceFlow id="f7" sourceRef="Sync" targetRef="Join" />
    <bpmn:parallelGateway id="Join" />
    <bpmn:sequenceFlow id="f8" sourceRef="Join" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

export const calendarBody = {
  key: 'intr',
  name: 'Intruder',
  timeZone: 'Europe/Berlin',
  workingHours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']] },
  closedDays: [],
};

export interface Victim {
  departmentId: string;
  hrDepartmentId: string;
  groupId: string;
  userId: string;
  requester: string;
  instanceId: string;
  reference: string;
  taskId: string;
  fileId: string;
  definitionId: string;
  formKey: string;
  waitingId: string;
  jobId: string;
  incidentId: string;
  datasetId: string;
  calendarId: string;
  tokenId: string;
  token: string;
  /** A connector secret of the IT department (its value is in `secrets`: no route may ever answer with it). */
  secretId: string;
  /** A department mailbox (IT, no IMAP account) of the admin's. */
  mailboxId: string;
  /** A document in employee2's personnel file, kept by IT (issue #20). */
  personnelDocumentId: string;
  /** A document template of IT's. */
  templateKey: string;
  /** A legal hold IT placed on employee2. */
  holdId: string;
  /** A sick leave of employee2's that IT recorded (issue #20, point 3). */
  absenceId: string;
  /** A problem of the IT department, linked to the victim's request. */
  problemId: string;
  /** An internal, published knowledge article of the IT department (its title is in `secrets`). */
  articleId: string;
  /** The requester's open self-service session (only they may end it). */
  sessionId: string;
  /** Strings a caller who may not see the victim's records must never receive. */
  secrets: string[];
}

async function upload(ctx: Ctx, client: Client) {
  const form = new FormData();
  form.append('file', new File([PDF as Uint8Array<ArrayBuffer>], 'screenshot.pdf', { type: 'application/pdf' }));
  const res = await ctx.app.request('/api/files', { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-lotse-csrf': '1' } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

export async function buildVictim(ctx: Ctx, db: Db): Promise<Victim> {
  const [ownerIt, agentIt, requester, admin, analyst] = await Promise.all(
    ['owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee2@lotse.demo', 'admin@lotse.demo', 'analyst@lotse.demo'].map((e) => ctx.as(e)),
  );
  const departments = (await admin.get('/api/departments')).body.items as { id: string; key: string }[];
  const departmentId = departments.find((d) => d.key === 'it')!.id;
  const hrDepartmentId = departments.find((d) => d.key === 'hr')!.id;
  const groupId = ((await admin.get('/api/admin/groups')).body.items as { id: string; key: string }[]).find((g) => g.key === 'it')!.id;
  const userId = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'employee2@lotse.demo'")).rows[0].id;

  const incident = templateDeployment('it-incident');
  const deployed = await ownerIt.post('/api/deployments', incident);
  expect(deployed.status).toBe(201);
  expect((await ownerIt.post('/api/deployments', { xml: waitingXml })).status).toBe(201);

  const fileId = await upload(ctx, requester);
  const started = await requester.post('/api/process-instances', {
    processKey: 'it-incident',
    variables: { summary: 'VPN drops every hour', impact: 'high', urgency: 'high', screenshot: fileId },
  });
  expect(started.status).toBe(201);
  const instanceId = started.body.id as string;
  expect((await requester.post(`/api/process-instances/${instanceId}/comments`, { text: 'Since Monday' })).status).toBeLessThan(300);
  const tasks = (await agentIt.get('/api/tasks?candidateGroup=it')).body.items as { id: string; instanceId: string }[];
  const taskId = tasks.find((t) => t.instanceId === instanceId)!.id;

  // Two waiting instances: one keeps its job open, the other's job fails into an incident.
  const w1 = await requester.post('/api/process-instances', { processKey: 'it-waiting', variables: { ticket: 'T-1' } });
  const w2 = await requester.post('/api/process-instances', { processKey: 'it-waiting', variables: { ticket: 'T-2' } });
  expect([w1.status, w2.status]).toEqual([201, 201]);
  const jobs = (await admin.post('/api/jobs/activate', { type: 'it-sync', maxJobs: 2 })).body.jobs as { id: string; instanceId?: string; processInstanceId?: string }[];
  expect(jobs).toHaveLength(2);
  const jobOf = (id: string) => jobs.find((j) => (j.instanceId ?? j.processInstanceId) === id)!.id;
  const jobId = jobOf(w1.body.id);
  expect((await admin.post(`/api/jobs/${jobOf(w2.body.id)}/fail`, { retries: 0, errorMessage: 'target down' })).status).toBe(204);
  const incidents = (await ownerIt.get('/api/incidents')).body.items as { id: string; instanceId: string }[];
  const incidentId = incidents.find((i) => i.instanceId === w2.body.id)!.id;

  const csv = 'Case,Activity,Time\n1,A,2024-01-02 10:00\n1,B,2024-01-02 11:00\n';
  const dataset = await analyst.post('/api/insights/datasets', {
    name: 'IT log', departmentId, format: 'csv', content: csv, mapping: { case: 'Case', activity: 'Activity', timestamp: 'Time' },
  });
  expect(dataset.status).toBe(201);
  const calendar = await admin.post('/api/calendars', { ...calendarBody, key: 'office-it', name: 'IT office' });
  expect(calendar.status).toBe(201);
  const calendarId = calendar.body.id as string;
  const token = await admin.post('/api/admin/api-tokens', { name: 'hr worker', jobTypes: ['hr-sync'] });
  expect(token.status).toBe(201);
  const secret = await ownerIt.post('/api/secrets', { name: 'IT_VICTIM_TOKEN', value: 'victim-secret-value-93c1', departmentId });
  expect(secret.status).toBe(201);
  const mailbox = await admin.post('/api/admin/mailboxes', { departmentId, name: 'IT desk', address: 'it-desk@lotse.demo', processKey: 'it-incident', summaryField: 'summary' });
  expect(mailbox.status).toBe(201);
  expect((await ownerIt.post('/api/personnel-files', { employeeEmail: 'employee2@lotse.demo', departmentId })).status).toBe(201);
  const filed = await ctx.app.request(`/api/personnel-files/${userId}/documents?type=contract&title=IT+contract&date=2024-01-01&filename=contract.pdf`, {
    method: 'POST', body: PDF as Uint8Array<ArrayBuffer>, headers: { cookie: agentIt.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf' } });
  expect(filed.status).toBe(201);
  const personnelDocumentId = ((await filed.json()) as { id: string }).id;
  const template = await ownerIt.put('/api/document-templates/it-victim-letter', { departmentId, title: 'IT letter', documentType: 'other', body: 'Dear {{person.name}}' });
  expect(template.status).toBe(201);
  const hold = await ownerIt.post('/api/retention/holds', { employeeEmail: 'employee2@lotse.demo', departmentId, reason: 'IT audit' });
  expect(hold.status).toBe(201);
  expect((await ownerIt.put(`/api/personnel-files/${userId}/master-data`, { entryDate: '2020-02-01', jobTitle: 'Victim admin 7d1a' })).status).toBe(200);
  const absence = await agentIt.post('/api/absences', { employeeEmail: 'employee2@lotse.demo', departmentId, kind: 'sick', firstDay: '2026-01-05', lastDay: '2026-01-09', note: 'Victim sick note 2b9e' });
  expect(absence.status).toBe(201);
  const problem = await agentIt.post('/api/problems', { departmentId, title: 'Victim problem 5c2e', serviceKey: 'it-incident', requestIds: [instanceId] });
  expect(problem.status).toBe(201);

  const article = await ownerIt.post('/api/articles', {
    departmentId, visibility: 'internal', tags: ['gateway'],
    texts: [{ language: 'en', title: 'Victim gateway rule 4f2c', body: 'Keep port 4433 open on the victim gateway.' }],
  });
  expect(article.status).toBe(201);
  expect((await ownerIt.post(`/api/articles/${article.body.id}/transition`, { to: 'published' })).status).toBe(200);
  expect((await agentIt.post(`/api/articles/${article.body.id}/views`)).status).toBe(204);
  await syncGuide(db); // as every start does
  const session = await requester.post('/api/articles/sessions', { processKey: 'it-incident' });
  expect(session.status).toBe(201);

  return {
    articleId: article.body.id, sessionId: session.body.id,
    departmentId, hrDepartmentId, groupId, userId, requester: 'employee2@lotse.demo',
    instanceId, reference: started.body.reference, taskId, fileId, definitionId: deployed.body.id,
    formKey: 'it-incident-first-level', waitingId: w1.body.id, jobId, incidentId, datasetId: dataset.body.id,
    calendarId, tokenId: token.body.id, token: token.body.token, secretId: secret.body.id, mailboxId: mailbox.body.id, problemId: problem.body.id,
    personnelDocumentId, templateKey: 'it-victim-letter', holdId: hold.body.id, absenceId: absence.body.id,
    secrets: [absence.body.id, 'Victim admin 7d1a', instanceId, started.body.reference, taskId, fileId, w1.body.id, jobId, incidentId, 'VPN drops every hour', 'Since Monday', 'victim-secret-value-93c1', personnelDocumentId, 'IT contract', article.body.id, 'Victim gateway rule 4f2c'],
  };
}

/** What must still hold after every caller has had a go at the victim's records. */
export async function victimState(db: Db, v: Victim) {
  const one = async (sql: string, params: unknown[]) => (await db.query<any>(sql, params)).rows[0] ?? null;
  return {
    instance: (await one('SELECT status FROM process_instances WHERE id = $1', [v.instanceId]))?.status,
    task: await one("SELECT status, assignee FROM tasks WHERE id = $1", [v.taskId]),
    waiting: (await one('SELECT status FROM process_instances WHERE id = $1', [v.waitingId]))?.status,
    messageWaits: (await one('SELECT count(*)::int AS n FROM message_subscriptions WHERE instance_id = $1', [v.waitingId])).n,
    signalWaits: (await one('SELECT count(*)::int AS n FROM signal_subscriptions WHERE instance_id = $1', [v.waitingId])).n,
    variables: Object.keys((await one('SELECT state FROM process_instances WHERE id = $1', [v.waitingId]))?.state?.variables ?? {}).sort(),
    definitionEnabled: (await one('SELECT enabled FROM definitions WHERE id = $1', [v.definitionId]))?.enabled,
    incident: (await one('SELECT status FROM incidents WHERE id = $1', [v.incidentId]))?.status,
    job: !!(await one('SELECT 1 AS x FROM jobs WHERE id = $1', [v.jobId])),
    file: !!(await one('SELECT 1 AS x FROM files WHERE id = $1', [v.fileId])),
    dataset: !!(await one('SELECT 1 AS x FROM insights_datasets WHERE id = $1', [v.datasetId])),
    mailbox: (await one('SELECT address, process_key FROM mailboxes WHERE id = $1', [v.mailboxId])) ?? null,
    user: !!(await one('SELECT 1 AS x FROM users WHERE id = $1', [v.userId])),
    token: (await one('SELECT revoked_at FROM api_tokens WHERE id = $1', [v.tokenId]))?.revoked_at ?? null,
    draft: (await one("SELECT revision FROM process_drafts WHERE key = 'it-incident'", []))?.revision ?? null,
    secret: (await one('SELECT updated_at FROM secrets WHERE id = $1', [v.secretId]))?.updated_at ?? null,
    personnelFile: (await one('SELECT department_id, (SELECT count(*)::int FROM documents d WHERE d.employee_id = f.employee_id) AS documents FROM personnel_files f WHERE employee_id = $1', [v.userId])) ?? null,
    personnelDocument: (await one('SELECT current_version FROM documents WHERE id = $1', [v.personnelDocumentId]))?.current_version ?? null,
    absence: await one("SELECT kind, cancelled_at, (SELECT count(*)::int FROM absences WHERE employee_id = $2) AS n FROM absences WHERE id = $1", [v.absenceId, v.userId]),
    masterData: await one('SELECT entry_date, job_title FROM personnel_files WHERE employee_id = $1', [v.userId]),
    hold: (await one('SELECT released_at FROM legal_holds WHERE id = $1', [v.holdId]))?.released_at ?? 'gone',
    retention: (await one('SELECT count(*)::int AS n FROM retention_rules WHERE department_id = $1', [v.departmentId])).n,
    template: (await one('SELECT department_id, max(version) AS version FROM document_templates WHERE key = $1 GROUP BY 1', [v.templateKey])) ?? null,
    problem: await one('SELECT title, status, updated_at, (SELECT count(*)::int FROM problem_requests WHERE problem_id = $1) AS links FROM problems WHERE id = $1', [v.problemId]),
    article: await one('SELECT status, version, tags FROM articles WHERE id = $1', [v.articleId]),
    session: (await one('SELECT outcome FROM deflection_sessions WHERE id = $1', [v.sessionId]))?.outcome ?? null,
  };
}
