import { absenceBody, masterDataBody } from '../../documents/absence-schemas';
import { arrayOf, bool, nstr, nuuid, obj, str, uuid } from '../records';
import type { Catalogue, JsonSchema } from '../types';

/** Absences, the team calendar and personnel master data (issue #20, points 2 and 3). */
const items = (schema: JsonSchema) => obj(['items'], { items: arrayOf(schema) });
const day: JsonSchema = { type: 'string', format: 'date' };
const nday: JsonSchema = { type: ['string', 'null'], format: 'date' };
const kind: JsonSchema = { enum: ['vacation', 'sick', 'other'] };
const person = obj(['id', 'name', 'email'], { id: uuid, name: str, email: str });
const calendarItem = obj(['id', 'employee', 'kind', 'firstDay', 'lastDay', 'substitute', 'cancellable'], {
  id: uuid, employee: person, kind: { enum: ['vacation', 'sick', 'other', null] }, firstDay: day, lastDay: day,
  substitute: { oneOf: [{ type: 'null' }, obj(['name', 'email'], { name: str, email: str })] }, instanceId: nuuid, documentId: nuuid, cancellable: bool,
});
const masterData = obj(['name', 'email', 'language', 'entryDate', 'jobTitle', 'access'], {
  name: str, email: str, language: { enum: ['de', 'en'] }, entryDate: nday, jobTitle: nstr, access: { enum: ['owner', 'keeper', 'self'] },
});

export const absenceRoutes: Catalogue = {
  'GET /api/absences/me': {
    tag: 'Absences', summary: 'My absences (newest first)', auth: 'session',
    ok: { 200: { description: 'Absences', schema: items(obj(['id', 'kind', 'firstDay', 'lastDay'], { id: uuid, kind, firstDay: day, lastDay: day, substituteEmail: nstr, substituteName: nstr })) } },
  },
  'GET /api/absences/departments': {
    tag: 'Absences', summary: 'The departments whose team calendar I see (agents and owners of a department, admins)', auth: 'session',
    ok: { 200: { description: 'Departments', schema: items(obj(['id', 'name'], { id: uuid, name: str })) } },
  },
  'GET /api/absences/calendar/:departmentId': {
    tag: 'Absences', summary: "One month of a department's team calendar", auth: 'session',
    description: 'Absences the department recorded and those of its members and of the people whose files it keeps. The kind is shown only to those who keep the files of the recording department (others see null: "absent").',
    query: [{ name: 'month', description: 'Month YYYY-MM (default: the current one)', schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } }],
    ok: { 200: { description: 'The month', schema: obj(['departmentId', 'month', 'items'], { departmentId: uuid, month: str, items: arrayOf(calendarItem) }) } },
  },
  'POST /api/absences': {
    tag: 'Absences', summary: 'Record an absence (e.g. a sick note) for a person whose file my department keeps; its substitute stands in while it lasts', auth: 'session', body: absenceBody,
    ok: { 201: { description: 'Recorded', schema: obj(['id'], { id: uuid }) } },
  },
  'DELETE /api/absences/:id': { tag: 'Absences', summary: 'Cancel an absence (its substitute stops standing in at once)', auth: 'session', ok: { 204: { description: 'Cancelled' } } },
  'GET /api/personnel-files/:employeeId/absences': {
    tag: 'Personnel files', summary: 'The absences of the person whose file this is (keepers; the employee their own, read-only)', description: 'The employee\'s user id, or "me". Kind, source and cancelling only where the caller keeps the files of the recording department.', auth: 'session',
    ok: { 200: { description: 'Absences (newest first, at most 200)', schema: items(obj(['id', 'kind', 'firstDay', 'lastDay', 'substitute', 'document', 'request', 'cancellable'], {
      id: uuid, kind: { enum: ['vacation', 'sick', 'other', null] }, firstDay: day, lastDay: day,
      substitute: { oneOf: [{ type: 'null' }, obj(['name', 'email'], { name: str, email: str })] },
      document: { oneOf: [{ type: 'null' }, obj(['id', 'title'], { id: uuid, title: str })] },
      request: { oneOf: [{ type: 'null' }, obj(['id', 'reference'], { id: uuid, reference: nstr })] },
      cancellable: bool,
    })) } },
  },
  'GET /api/personnel-files/:employeeId/master-data': {
    tag: 'Personnel files', summary: 'Master data of a personnel file (entry date, job title, language)', description: 'The employee\'s user id, or "me"', auth: 'session',
    ok: { 200: { description: 'Master data', schema: masterData } },
  },
  'PUT /api/personnel-files/:employeeId/master-data': {
    tag: 'Personnel files', summary: 'Change entry date and job title (agents and owners of the keeping department)', auth: 'session', body: masterDataBody,
    ok: { 200: { description: 'Master data', schema: masterData } },
  },
};
