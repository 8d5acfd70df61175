import { holdBody, openFileBody, previewBody, retentionBody, templateBody } from '../../documents/schemas';
import { anyObject, arrayOf, bool, int, nstr, nuuid, obj, str, time, uuid } from '../records';
import type { Catalogue, JsonSchema } from '../types';

/** Personnel files, document contents and document templates (issue #20). */
const label = obj(['de', 'en'], { de: str, en: str });
const documentType = obj(['key', 'label', 'employeeUpload'], { key: str, label, employeeUpload: bool, builtIn: bool });
const version = obj(['version', 'filename', 'contentType', 'size'], { version: int, filename: str, contentType: str, size: int, createdAt: time });
const document = obj(['id', 'type', 'title', 'date', 'source', 'version', 'versions'], {
  id: uuid, type: str, title: str, date: str, source: { enum: ['uploaded', 'generated', 'request'] }, instanceId: nuuid, version: int, createdAt: time, versions: arrayOf(version),
});
const personnelFile = obj(['employee', 'departmentId', 'access', 'documents', 'types'], {
  employee: obj(['id', 'name', 'email'], { id: uuid, name: str, email: str }), departmentId: uuid, access: { enum: ['owner', 'keeper', 'self'] }, documents: arrayOf(document), types: arrayOf(documentType),
});
const template = obj(['key', 'version', 'departmentId', 'title', 'documentType', 'body'], { key: str, version: int, departmentId: uuid, title: str, documentType: str, body: str, sample: anyObject, createdAt: time });
const items = (schema: JsonSchema) => obj(['items'], { items: arrayOf(schema) });
const employeeId = 'The employee\'s user id, or "me" for one\'s own file';

const rule = obj(['documentType', 'years', 'anchor'], { documentType: str, years: int, anchor: { enum: ['document_date', 'end_of_year'] } });
const hold = obj(['id', 'reason', 'createdAt'], { id: uuid, employeeId: nuuid, instanceId: nuuid, reference: nstr, name: nstr, email: nstr, reason: str, createdAt: time, departmentId: uuid });

export const documentRoutes: Catalogue = {
  'GET /api/retention/rules/:departmentId': { tag: 'Retention', summary: "A department's retention rules per document type, and its document types", auth: 'session', ok: { 200: { description: 'Rules and types', schema: obj(['items', 'types'], { items: arrayOf(rule), types: arrayOf(documentType) }) } } },
  'PUT /api/retention/rules/:departmentId': { tag: 'Retention', summary: "Replace a department's retention rules", auth: 'session', body: retentionBody, ok: { 200: { description: 'Rules', schema: items(rule) } } },
  'GET /api/retention/holds': { tag: 'Retention', summary: 'Active legal holds of my departments', auth: 'session', ok: { 200: { description: 'Holds', schema: items(hold) } } },
  'POST /api/retention/holds': { tag: 'Retention', summary: "Place a legal hold on a person (employeeEmail) or a request (instanceId or reference): nothing of it is deleted or anonymised while it lasts", auth: 'session', body: holdBody, ok: { 201: { description: 'Placed', schema: hold } } },
  'DELETE /api/retention/holds/:id': { tag: 'Retention', summary: 'Release a legal hold', auth: 'session', ok: { 204: { description: 'Released' } } },
  'GET /api/retention/deletion-log': {
    tag: 'Retention', summary: 'What retention deleted when (no content), with the hash chain checked', auth: 'session',
    ok: { 200: { description: 'Log, newest first', schema: obj(['intact', 'items'], { intact: bool, brokenAt: { type: ['integer', 'null'] }, items: arrayOf(obj(['seq', 'at', 'entry', 'hash'], { seq: int, at: time, departmentId: nuuid, entry: anyObject, hash: str })) }) } },
  },
  'GET /api/personnel-files': {
    tag: 'Personnel files', summary: 'The personnel files I keep (my departments\')', auth: 'session',
    ok: { 200: { description: 'Files', schema: items(obj(['employeeId', 'name', 'email', 'departmentId', 'documents'], { employeeId: uuid, name: str, email: str, departmentId: uuid, documents: int })) } },
  },
  'POST /api/personnel-files': {
    tag: 'Personnel files', summary: 'Open a personnel file for an employee, kept by a department I own', auth: 'session', body: openFileBody,
    ok: { 201: { description: 'Opened', schema: obj(['employeeId', 'departmentId'], { employeeId: uuid, departmentId: uuid }) } }, errors: [409],
  },
  'GET /api/personnel-files/:employeeId': {
    tag: 'Personnel files', summary: 'A personnel file with its documents and versions (logged as a view)', description: employeeId, auth: 'session',
    ok: { 200: { description: 'The file', schema: personnelFile } },
  },
  'GET /api/personnel-files/:employeeId/log': {
    tag: 'Personnel files', summary: 'Who viewed, downloaded or filed what, when (owners of the keeping department and the employee)', auth: 'session',
    ok: { 200: { description: 'Log entries, newest first', schema: items(obj(['at', 'actor', 'action'], { at: time, actor: str, action: str, documentId: nuuid, version: { type: ['integer', 'null'] }, title: nstr })) } },
  },
  'POST /api/personnel-files/:employeeId/documents': {
    tag: 'Personnel files', summary: 'File a document (the request body is the file, with its Content-Type; up to 25 MB, streamed)', auth: 'session',
    description: 'The type is checked against the first bytes (a renamed program is refused with 422 on /file); sent as application/octet-stream, the first bytes decide. A Content-Length over 25 MB is refused unread, a longer body without one when it passes 25 MB (413, the connection closes). Stored in the database or, with STORAGE_URL, in an S3 bucket. With documentId, a new version of that document.',
    query: [
      { name: 'type', description: 'Document type key', schema: str, required: true },
      { name: 'title', description: 'Title', schema: str, required: true },
      { name: 'date', description: 'Document date YYYY-MM-DD', schema: str, required: true },
      { name: 'filename', description: 'File name', schema: str, required: true },
      { name: 'documentId', description: 'Add a version to this document', schema: uuid },
      { name: 'absentFrom', description: 'Sick note or absence filed by HR (required then): first day of the absence it records, YYYY-MM-DD', schema: str },
      { name: 'absentTo', description: 'Last day of that absence (not before absentFrom, at most 366 days)', schema: str },
      { name: 'substituteEmail', description: 'Who stands in for the person while the absence lasts (optional)', schema: str },
    ],
    ok: { 201: { description: 'Filed (absenceId: the absence recorded in the same transaction)', schema: obj(['id', 'version', 'size', 'sha256'], { id: uuid, version: int, size: int, sha256: str, absenceId: uuid }) } }, errors: [413, 422],
  },
  'GET /api/documents/:id/content': {
    tag: 'Personnel files', summary: 'Download a document version (checksum checked; logged)', auth: 'session',
    description: 'Streamed from its store. Missing or shortened stored content: 500 with code content_damaged. Changed content (SHA-256 mismatch) ends the download short of its Content-Length, never as a complete file.',
    query: [{ name: 'version', description: 'Version (default: current)', schema: int }],
    ok: { 200: { description: 'The document', media: 'application/octet-stream' } },
  },
  'GET /api/document-templates': { tag: 'Document templates', summary: 'Templates of my departments (latest versions)', auth: 'session', ok: { 200: { description: 'Templates', schema: items(template) } } },
  'POST /api/document-templates/preview': {
    tag: 'Document templates', summary: 'Render a template with sample data to PDF; 422 names every missing value', auth: 'session', body: previewBody,
    ok: { 200: { description: 'The preview', media: 'application/pdf' } },
  },
  'GET /api/document-templates/:key': {
    tag: 'Document templates', summary: 'A template with its version list', auth: 'session',
    ok: { 200: { description: 'The template', schema: { allOf: [template, obj(['versions'], { versions: arrayOf(obj(['version'], { version: int, createdAt: time })) })] } } },
  },
  'PUT /api/document-templates/:key': {
    tag: 'Document templates', summary: 'Save a template (a changed one becomes a new version; a key stays with its department)', auth: 'session', body: templateBody,
    ok: { 200: { description: 'Unchanged', schema: template }, 201: { description: 'New version', schema: template } }, errors: [409],
  },
};
