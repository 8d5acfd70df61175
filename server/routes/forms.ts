import { Hono } from 'hono';
import { ownedDepartments } from '../auth/principal';
import { forbidden, notFound } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { camundaFormBody, createFormBody, updateFormBody } from '../forms/body-schemas';
import { importCamundaForm } from '../forms/camunda';
import { createForm, listForms, updateForm, type FormInput } from '../forms/store';
import { listVersionsFor, readFormFor } from '../definitions/form-visibility';
import type { Deps } from './deps';

const owners = access(['owner', 'admin']);

function versionParam(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw notFound('Form version');
  return Number(value);
}

/** Form definitions: owners manage their departments' forms; every signed-in user reads one to fill it. */
export function formRoutes({ db }: Deps) {
  return new Hono<AppEnv>()
    .get('/', owners, async (c) => {
      const owned = ownedDepartments(principalOf(c));
      const wanted = c.req.query('departmentId');
      if (wanted && owned && !owned.includes(wanted)) throw forbidden('You are not a process owner of this department');
      const scope = wanted ? [wanted] : owned;
      if (scope?.some((id) => !/^[0-9a-f-]{36}$/i.test(id))) throw notFound('Department');
      return c.json({ items: await listForms(db, scope) });
    })
    .post('/', owners, async (c) => {
      const body = await readBody<Omit<FormInput, 'departmentId'> & { departmentId?: string | null }>(c, createFormBody);
      return c.json(await createForm(db, { ...body, departmentId: body.departmentId ?? null }, principalOf(c)), 201);
    })
    .post('/import/camunda', owners, async (c) => c.json(importCamundaForm(await readBody<Record<string, unknown>>(c, camundaFormBody))))
    // Least visibility (server/definitions/form-visibility.ts): owners all versions, others the versions they use.
    .get('/:key', access('authenticated'), async (c) => c.json(await readFormFor(db, principalOf(c), c.req.param('key'), versionParam(c.req.query('version')))))
    .get('/:key/versions', owners, async (c) => c.json({ items: await listVersionsFor(db, principalOf(c), c.req.param('key')) }))
    .put('/:key', owners, async (c) => {
      const body = await readBody<Pick<FormInput, 'title' | 'definition'>>(c, updateFormBody);
      const { created, ...form } = await updateForm(db, c.req.param('key'), body, principalOf(c));
      return c.json({ ...form, created });
    });
}
