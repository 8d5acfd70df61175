import { Hono } from 'hono';
import slaSchema from '../../schemas/api/sla.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { assertOwns } from '../definitions/definitions';
import { getRequest } from '../requests/instances';
import { changePriority, deleteCalendar, getDepartmentSla, listCalendars, saveCalendar, saveDepartmentSla, type CalendarInput, type DepartmentSlaInput } from '../sla/admin';
import type { Priority } from '../sla/clocks';
import type { Deps } from './deps';

// ajv resolves the $refs inside $defs against the schema's $id.
const calendarBody = { $id: 'urn:lotse:api:sla:calendar', $defs: slaSchema.$defs, $ref: '#/$defs/calendar' };
const departmentBody = { $id: 'urn:lotse:api:sla:department', $defs: slaSchema.$defs, $ref: '#/$defs/department' };
const priorityBody = { type: 'object', required: ['priority'], properties: { priority: { enum: ['low', 'medium', 'high', 'critical'] } }, additionalProperties: false };

/** Calendars (admins), SLA set-up per department (its owners and admins), priority changes on a request. */
export function slaRoutes({ db, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/calendars', access(['admin', 'owner']), async (c) => c.json({ items: await listCalendars(db) }))
    .post('/calendars', access(['admin']), async (c) => c.json(await saveCalendar(db, await readBody<CalendarInput>(c, calendarBody), null), 201))
    .put('/calendars/:id', access(['admin']), async (c) => c.json(await saveCalendar(db, await readBody<CalendarInput>(c, calendarBody), isUuid(c.req.param('id'), 'Calendar'))))
    .delete('/calendars/:id', access(['admin']), async (c) => {
      await deleteCalendar(db, isUuid(c.req.param('id'), 'Calendar'));
      return c.body(null, 204);
    })
    .get('/sla/departments/:id', access(['admin', 'owner']), async (c) => {
      const id = isUuid(c.req.param('id'), 'Department');
      assertOwns(principalOf(c), id);
      return c.json(await getDepartmentSla(db, id));
    })
    .put('/sla/departments/:id', access(['admin', 'owner']), async (c) => {
      const id = isUuid(c.req.param('id'), 'Department');
      assertOwns(principalOf(c), id);
      return c.json(await saveDepartmentSla(db, id, await readBody<DepartmentSlaInput>(c, departmentBody)));
    })
    .post('/process-instances/:id/priority', access(['agent', 'owner', 'admin']), async (c) => {
      const body = await readBody<{ priority: Priority }>(c, priorityBody);
      const me = principalOf(c);
      const id = isUuid(c.req.param('id'), 'Process instance');
      await getRequest(db, me, id, now()); // 404 unless the caller sees the request
      await changePriority(db, id, body.priority, me.email, now());
      return c.json(await getRequest(db, me, id, now()));
    });
}
