import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { readMasterData, updateMasterData } from '../documents/master-data';
import { masterDataBody } from '../documents/absence-schemas';
import { fileAbsences } from '../documents/absences';
import type { Deps } from './deps';

/**
 * Master data and absences of a personnel file (mounted at /api/personnel-files beside the file's routes):
 * keepers change the master data and see the absences, the employee reads their own.
 */
export function masterDataRoutes({ db }: Deps) {
  const employee = (id: string, self: string) => (id === 'me' ? self : isUuid(id, 'Personnel file'));
  return new Hono<AppEnv>()
    .get('/:employeeId/master-data', access('authenticated'), async (c) => c.json(await readMasterData(db, principalOf(c), employee(c.req.param('employeeId'), principalOf(c).id))))
    .get('/:employeeId/absences', access('authenticated'), async (c) => c.json({ items: await fileAbsences(db, principalOf(c), employee(c.req.param('employeeId'), principalOf(c).id)) }))
    .put('/:employeeId/master-data', access(['admin', 'owner', 'agent']), async (c) => {
      const body = await readBody<{ entryDate?: string | null; jobTitle?: string | null }>(c, masterDataBody);
      return c.json(await updateMasterData(db, principalOf(c), employee(c.req.param('employeeId'), principalOf(c).id), body));
    });
}
