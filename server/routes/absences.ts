import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { validationFailed } from '../errors';
import { calendarDepartments, cancelAbsence, myAbsences, recordAbsence, teamCalendar, type RecordBody } from '../documents/absences';
import { absenceBody } from '../documents/absence-schemas';
import type { Deps } from './deps';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Absences (mounted at /api/absences): the team calendar of a department for its agents and owners,
 * HR recording an absence (a sick note) and cancelling one, and the employee's own absences.
 */
export function absenceRoutes({ db, now }: Deps) {
  const team = access(['admin', 'owner', 'agent']);
  return new Hono<AppEnv>()
    .get('/me', access('authenticated'), async (c) => c.json({ items: await myAbsences(db, principalOf(c)) }))
    .get('/departments', team, async (c) => c.json({ items: await calendarDepartments(db, principalOf(c)) }))
    .get('/calendar/:departmentId', team, async (c) => {
      const month = c.req.query('month') ?? now().toISOString().slice(0, 7);
      const m = MONTH.exec(month);
      if (!m || Number(m[1]) < 1970 || Number(m[1]) > 2200) throw validationFailed([{ path: '/month', message: 'must be a month YYYY-MM' }]);
      return c.json(await teamCalendar(db, principalOf(c), isUuid(c.req.param('departmentId'), 'Department'), month));
    })
    .post('/', team, async (c) => c.json(await recordAbsence(db, principalOf(c), await readBody<RecordBody>(c, absenceBody)), 201))
    .delete('/:id', team, async (c) => {
      await cancelAbsence(db, principalOf(c), isUuid(c.req.param('id'), 'Absence'), now());
      return c.body(null, 204);
    });
}
