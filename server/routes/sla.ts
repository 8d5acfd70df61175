import { Hono } from 'hono';
import slaSchema from '../../schemas/api/sla.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { assertOwns } from '../definitions/definitions';
import { deleteCalendar, getDepartmentSla, listCalendars, saveCalendar, saveDepartmentSla, type CalendarInput, type DepartmentSlaInput } from '../sla/admin';
import type { Deps } from './deps';

// ajv resolves the $refs inside $defs against the schema's $id.
const calendarBody = { $id: 'urn:lotse:api:sla:calendar', $defs: slaSchema.$defs, $ref: '#/$defs/calendar' };
const departmentBody = { $id: 'urn:lotse:api:sla:department', $defs: slaSchema.$defs, $ref: '#/$defs/department' };

/** Working-time calendars (mounted at /api/calendars): owners read them, admins manage them. */
export function calendarRoutes({ db }: Deps) {
  return new Hono<AppEnv>()
    .get('/', access(['admin', 'owner']), async (c) => c.json({ items: await listCalendars(db) }))
    .post('/', access(['admin']), async (c) => c.json(await saveCalendar(db, await readBody<CalendarInput>(c, calendarBody), null), 201))
    .put('/:id', access(['admin']), async (c) => c.json(await saveCalendar(db, await readBody<CalendarInput>(c, calendarBody), isUuid(c.req.param('id'), 'Calendar'))))
    .delete('/:id', access(['admin']), async (c) => {
      await deleteCalendar(db, isUuid(c.req.param('id'), 'Calendar'));
      return c.body(null, 204);
    });
}

/** SLA set-up per department (mounted at /api/sla): its owners and admins. A request's priority: routes/instances.ts. */
export function slaRoutes({ db }: Deps) {
  return new Hono<AppEnv>()
    .get('/departments/:id', access(['admin', 'owner']), async (c) => {
      const id = isUuid(c.req.param('id'), 'Department');
      assertOwns(principalOf(c), id);
      return c.json(await getDepartmentSla(db, id));
    })
    .put('/departments/:id', access(['admin', 'owner']), async (c) => {
      const id = isUuid(c.req.param('id'), 'Department');
      assertOwns(principalOf(c), id);
      return c.json(await saveDepartmentSla(db, id, await readBody<DepartmentSlaInput>(c, departmentBody)));
    });
}
