/**
 * The `document` connector (issue #20, point 2): a service task with type "document" renders a
 * template of the process's own department with the request's variables and the person's master
 * data to PDF, files it in that person's personnel file (opened if there is none) and attaches it to
 * the request. It runs from the job worker, outside any transaction (rendering takes CPU time); a
 * retried job finds the document it already filed. Headers: `template` (key, required),
 * `employee` (e-mail, FEEL allowed; default: the requester), `title`, `language` (de/en; default
 * the employee's language: dates in `person.*Text` and `todayText` are written in it),
 * `resultVariable` (default `document`). The person's master data (name, e-mail, entry date, job
 * title) comes as `person`, only the values that exist. A missing value or template is an incident naming it — never a half-filled PDF.
 */
import type { Db } from '../db/types';
import type { ConnectorOutcome } from '../engine/connectors/outcome';
import { ConnectorError, field } from '../engine/connectors/registry';
import type { JobInput } from '../engine/runtime/ports';
import { removeContent, writeBytes } from './content';
import { recordDocument, type FileRow } from './personnel';
import { dateText, personForTemplate } from './master-data';
import { fillTemplate, renderPdf, TemplateError } from './render';
import { latestTemplate } from './templates';

const SYSTEM = { id: null, name: 'Lotse' } as const;
const fail = (message: string, retryable = false): ConnectorOutcome => ({ kind: 'fail', message: `document: ${message}`, retryable });

async function existing(db: Db, jobId: string) {
  const r = await db.query<{ id: string; title: string }>('SELECT id, title FROM documents WHERE source_job_id = $1', [jobId]);
  return r.rows[0] ?? null;
}

export async function documentConnector(db: Db, job: JobInput): Promise<ConnectorOutcome> {
  let key: string, email: string, title: string | null, resultVariable: string, lang: 'de' | 'en' | undefined;
  try {
    key = String(field(job, 'template') ?? '').trim();
    email = String(field(job, 'employee') ?? job.variables.initiator ?? '').trim().toLowerCase();
    const t = field(job, 'title');
    title = t === undefined || t === null || t === '' ? null : String(t);
    resultVariable = String(field(job, 'resultVariable') ?? 'document');
    const l = job.headers.language === undefined ? undefined : field(job, 'language');
    if (l !== undefined && l !== null && l !== 'de' && l !== 'en') return fail(`language "${String(l)}" is neither de nor en (header "language")`);
    lang = (l ?? undefined) as 'de' | 'en' | undefined;
  } catch (err) {
    return fail((err as ConnectorError).message);
  }
  if (!key) return fail('no template (header "template")');
  if (!/^[A-Za-z_][\w]{0,63}$/.test(resultVariable)) return fail(`resultVariable "${resultVariable}" is not a variable name`);
  const done = await existing(db, job.jobId);
  if (done) return { kind: 'complete', variables: { [resultVariable]: { id: done.id, title: done.title } } };

  const inst = await db.query<{ department_id: string | null }>('SELECT department_id FROM process_instances WHERE id = $1', [job.instanceId]);
  const template = await latestTemplate(db, key);
  if (!template || template.departmentId !== inst.rows[0]?.department_id) return fail(`template "${key}" is not a template of this process's department`);
  const person = await db.query<{ id: string; name: string; email: string; locale: string | null }>('SELECT id, name, email, locale FROM users WHERE lower(email) = $1', [email]);
  if (!person.rows[0]) return fail(`no user with the e-mail "${email}" (header "employee")`);
  const p = person.rows[0];
  const today = job.now.toISOString().slice(0, 10);
  let pdf: Buffer;
  const docTitle = title ?? template.title;
  try {
    const personData = (await personForTemplate(db, p.id, lang))!;
    const todayText = dateText(today, personData.language as 'de' | 'en');
    pdf = await renderPdf(fillTemplate(template.body, { ...job.variables, person: personData, today, todayText }), docTitle);
  } catch (err) {
    if (err instanceof TemplateError) return fail(`template "${key}" v${template.version}: ${err.message}`);
    throw err;
  }
  const filename = `${docTitle.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-') || 'document'}-${today}.pdf`;
  const content = await writeBytes(db, pdf, 'application/pdf');
  try {
    const doc = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO personnel_files (employee_id, department_id) VALUES ($1, $2) ON CONFLICT (employee_id) DO NOTHING', [p.id, template.departmentId]);
      const file = (await tx.query<FileRow>('SELECT employee_id, department_id FROM personnel_files WHERE employee_id = $1', [p.id])).rows[0];
      if (file.department_id !== template.departmentId) throw new ConnectorError(`the personnel file of ${p.email} is kept by another department`, false);
      const d = await recordDocument(tx, SYSTEM, file, { type: template.documentType, title: docTitle, date: today, filename }, content, 'generated', job.instanceId, job.jobId);
      // Attached to the request as well, so the requester finds it there.
      const f = await tx.query<{ id: string }>('INSERT INTO files (filename, content_type, size, sha256, content, instance_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [filename, 'application/pdf', pdf.byteLength, content.sha256, pdf, job.instanceId]);
      return { id: d.id, fileId: f.rows[0].id };
    });
    return { kind: 'complete', variables: { [resultVariable]: { id: doc.id, fileId: doc.fileId, title: docTitle, filename } } };
  } catch (err) {
    await removeContent(db, content.contentId, content.storage).catch(() => {});
    if (err instanceof ConnectorError) return fail(err.message.replace(/^document: /, ''), err.retryable);
    if ((err as { code?: string }).code === '23505') {
      const again = await existing(db, job.jobId);
      if (again) return { kind: 'complete', variables: { [resultVariable]: { id: again.id, title: again.title } } };
    }
    return fail((err as Error).message, true);
  }
}
