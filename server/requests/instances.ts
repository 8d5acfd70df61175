/** Requests (process instances) as users see them: start, list, read, cancel. */
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types';
import { conflict, forbidden, notFound, validationFailed } from '../errors';
import { hasRole, isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { activeElementIds } from '../engine/core/core';
import type { CatalogDefinition } from '../engine/core/model';
import type { Engine } from '../engine/runtime/runtime';
import type { InstanceState, Variables } from '../engine/core/types';
import { instanceVisibility } from '../auth/visibility';
import { reservedVariableErrors } from '../../common/task-rules';
import { seesInternalNotes } from '../auth/internal-notes';
import { listComments } from './comments';
import { clockView } from '../sla/clocks';
import { applyRoutingRules } from '../sla/admin';
import { getFormDefinitions, linkFormFiles, submissionRefused, validateSubmission, type FormBinding } from '../forms';
import { describeFields } from '../../common/forms/describe';
import type { Channel } from '../../common/channels';

export interface StartRequest {
  processKey: string;
  version?: number;
  businessKey?: string;
  variables?: Variables;
}

/** Catalog "requesters": roles (employee, agent, …) or group keys; empty means every employee. */
export function mayRequest(p: Principal, catalog: CatalogDefinition | null, departmentId: string | null): boolean {
  if (isAdmin(p) || (departmentId && (ownedDepartments(p) ?? []).includes(departmentId))) return true;
  const who = catalog?.requesters ?? [];
  if (who.length === 0) return true;
  return who.some((r) => {
    const name = r.replace(/^group:/, '');
    return (['employee', 'agent', 'analyst', 'owner', 'admin'] as const).some((role) => role === name && hasRole(p, role)) || p.groups.some((g) => g.key === name);
  });
}

async function nextReference(tx: Queryable, departmentKey: string | null, now: Date): Promise<string> {
  const prefix = `${(departmentKey ?? 'REQ').toUpperCase()}-${now.getUTCFullYear()}`;
  const r = await tx.query<{ last: number }>(
    `INSERT INTO reference_counters (prefix, last) VALUES ($1, 1)
     ON CONFLICT (prefix) DO UPDATE SET last = reference_counters.last + 1 RETURNING last`,
    [prefix],
  );
  return `${prefix}-${String(r.rows[0].last).padStart(6, '0')}`;
}

/** The transaction-local setting that names a new request's channel (see 031_insights_channel.sql). */
const channelSetting = (instanceId: string) => `lotse.channel_${instanceId.replace(/-/g, '')}`;

/**
 * Starts a request. With an Idempotency-Key the same key and body return the same instance
 * (200 instead of 201); the same key with another body is a 409.
 */
export async function startRequest(
  engine: Engine,
  p: Principal,
  req: StartRequest,
  idempotencyKey?: string,
  /** More writes in the start's own transaction (a mail request: its mail record and attachments). */
  within?: (tx: Queryable, started: { id: string; reference: string }) => Promise<void>,
  /** How the request came in: 'portal' (the default; also the API) or 'mail' (a department mailbox). */
  options: { channel?: Channel } = {},
): Promise<{ created: boolean; id: string; status: string; reference: string | null }> {
  const db = engine.db;
  const def = await db.query<{ id: string; version: number; enabled: boolean; department_id: string | null; catalog: CatalogDefinition | null; dep_key: string | null; form_bindings: Record<string, FormBinding> }>(
    `SELECT d.id, d.version, d.enabled, d.department_id, d.catalog, dep.key AS dep_key, d.form_bindings FROM definitions d LEFT JOIN departments dep ON dep.id = d.department_id
     WHERE d.key = $1 AND ($2::int IS NULL OR d.version = $2) AND ($2::int IS NOT NULL OR d.enabled)
     ORDER BY d.version DESC LIMIT 1`,
    [req.processKey, req.version ?? null],
  );
  const definition = def.rows[0];
  if (!definition) throw notFound(`Process "${req.processKey}"${req.version ? ` version ${req.version}` : ''}`);
  if (!mayRequest(p, definition.catalog, definition.department_id)) throw forbidden('You may not request this service');
  // A disabled version stays disabled when a caller names its number (only enabled versions start).
  if (!definition.enabled) throw conflict(`Version ${definition.version} of "${req.processKey}" is disabled and cannot be started`, 'version_disabled');
  const reserved = reservedVariableErrors(req.variables);
  if (reserved.length) throw validationFailed(reserved, 'These variables are set by Lotse and cannot be submitted');

  const hash = idempotencyKey ? createHash('sha256').update(JSON.stringify([req.processKey, req.version ?? null, req.businessKey ?? null, req.variables ?? {}])).digest('hex') : null;
  const existing = async () => {
    const r = await db.query<{ id: string; status: string; reference: string | null; idempotency_hash: string }>(
      'SELECT id, status, reference, idempotency_hash FROM process_instances WHERE started_by = $1 AND idempotency_key = $2',
      [p.id, idempotencyKey],
    );
    const row = r.rows[0];
    if (!row) return null;
    if (row.idempotency_hash !== hash) throw conflict('This Idempotency-Key was used with a different request body', 'idempotency_mismatch');
    return { created: false, id: row.id, status: row.status, reference: row.reference };
  };
  if (idempotencyKey) {
    const found = await existing();
    if (found) return found;
  }
  // The start form decides what may be submitted (unknown fields refused, hidden ones dropped).
  const model = (await engine.definition(db, definition.id)).model;
  const startForm = model.startEvents.map((e) => model.elements[e]).find((e) => e.event?.kind === 'none')?.formId;
  const binding = startForm ? definition.form_bindings[startForm] : undefined;
  let submitted = req.variables ?? {};
  if (binding) {
    const checked = await validateSubmission(db, binding, submitted, { now: engine.now() });
    if (!checked.ok) throw submissionRefused(checked.errors);
    submitted = checked.data;
  }
  const id = randomUUID();
  const channel = options.channel ?? 'portal';
  // The requester is known to the process as `initiator` (e-mail), e.g. for `assignee="=initiator"`.
  const variables = await applyRoutingRules(db, definition.department_id, req.processKey, { initiator: p.email.toLowerCase(), ...submitted }, engine.now());
  try {
    const unit = await engine.transact(async (tx) => {
      const reference = await nextReference(tx, definition.dep_key, engine.now());
      // The row gets its channel as the engine inserts it (migration 031's trigger reads this
      // transaction-local setting), so the roll-up in that same statement counts it right.
      if (channel !== 'portal') await tx.query('SELECT set_config($1, $2, true)', [channelSetting(id), channel]);
      const u = await engine.runIn(
        tx,
        [{ kind: 'start', instanceId: id, definitionId: definition.id, input: { variables, businessKey: req.businessKey }, startedBy: p.id, idempotency: idempotencyKey ? { key: idempotencyKey, hash: hash! } : undefined, reference }],
        p.email,
      );
      if (binding) {
        const fileErrors = await linkFormFiles(tx, binding, submitted, id, p.id);
        if (fileErrors.length) throw submissionRefused(fileErrors.map((e) => ({ path: e.path ?? '/', message: e.message })));
      }
      await within?.(tx, { id, reference });
      return { u, reference };
    });
    engine.afterCommit(unit.u);
    return { created: true, id, status: unit.u.loaded.get(id)!.state.status, reference: unit.reference };
  } catch (err) {
    // Two requests with the same key raced: the loser answers like a repeat.
    if (idempotencyKey && (err as { code?: string }).code === '23505') {
      const found = await existing();
      if (found) return found;
    }
    throw err;
  }
}

export interface InstanceFilter {
  mine?: boolean;
  status?: string;
  processKey?: string;
  limit: number;
  offset: number;
}

export async function listRequests(db: Queryable, p: Principal, f: InstanceFilter) {
  const vis = instanceVisibility(p, 1);
  const params: unknown[] = [...vis.params];
  const where = [vis.sql];
  if (f.mine) where.push(`p.started_by = $${params.push(p.id)}`);
  if (f.status) where.push(`p.status = $${params.push(f.status)}`);
  if (f.processKey) where.push(`p.process_key = $${params.push(f.processKey)}`);
  const r = await db.query<any>(
    `SELECT p.id, p.process_key, p.reference, p.business_key, p.status, p.started_at, p.ended_at, d.version, d.name AS process_name, d.catalog ->> 'title' AS service_title, d.catalog ->> 'titleDe' AS service_title_de,
            p.department_id, u.name AS started_by_name, count(*) OVER ()::int AS total,
            (SELECT coalesce(json_agg(json_build_object('elementId', t.element_id, 'name', t.name, 'nameDe', t.name_de, 'dueAt', t.due_at, 'assignee', t.assignee)), '[]')
               FROM tasks t WHERE t.instance_id = p.id AND t.status = 'open') AS open_tasks
     FROM process_instances p JOIN definitions d ON d.id = p.definition_id LEFT JOIN users u ON u.id = p.started_by
     WHERE ${where.join(' AND ')} ORDER BY p.started_at DESC, p.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return {
    total: r.rows[0]?.total ?? 0,
    items: r.rows.map((row) => ({
      id: row.id,
      processKey: row.process_key,
      processName: row.process_name,
      serviceTitle: row.service_title ?? null,
      serviceTitleDe: row.service_title_de ?? null,
      version: row.version,
      reference: row.reference,
      businessKey: row.business_key,
      status: row.status,
      departmentId: row.department_id,
      startedBy: row.started_by_name,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      openTasks: row.open_tasks,
    })),
  };
}

/** One request with its state, open tasks, incidents and history; 404 when the caller may not see it. */
export async function getRequest(db: Queryable, p: Principal, id: string, now: Date = new Date()) {
  const vis = instanceVisibility(p, 2);
  const r = await db.query<any>(
    `SELECT p.*, d.version, d.name AS process_name, d.catalog ->> 'title' AS service_title, d.catalog ->> 'titleDe' AS service_title_de, u.name AS started_by_name, u.email AS started_by_email,
       d.form_bindings, (SELECT d.model -> 'elements' -> s.id ->> 'formId' FROM jsonb_array_elements_text(d.model -> 'startEvents') s(id)
                         WHERE d.model -> 'elements' -> s.id -> 'event' ->> 'kind' = 'none' LIMIT 1) AS start_form
     FROM process_instances p JOIN definitions d ON d.id = p.definition_id LEFT JOIN users u ON u.id = p.started_by
     WHERE p.id = $1 AND ${vis.sql}`,
    [id, ...vis.params],
  );
  const row = r.rows[0];
  if (!row) throw notFound('Process instance');
  // Internal notes, their files and their timeline entries stay with the people working on the request.
  const internal = seesInternalNotes(p, { startedById: row.started_by, initiator: row.variables?.initiator ?? null });
  // The labels of the forms' fields and options, start form first, so the data reads as the form asked it.
  const bindings = Object.entries((row.form_bindings ?? {}) as Record<string, FormBinding>).sort(([a], [b]) => Number(b === row.start_form) - Number(a === row.start_form));
  const [tasks, incidents, history, comments, attachments, clocks, forms] = await Promise.all([
    db.query<any>('SELECT id, element_id, name, name_de, status, assignee, candidate_groups, due_at, created_at, completed_at FROM tasks WHERE instance_id = $1 ORDER BY created_at', [id]),
    db.query<any>('SELECT id, element_id, message, status, created_at, resolved_at FROM incidents WHERE instance_id = $1 ORDER BY created_at', [id]),
    db.query<any>(
      `SELECT id, kind, element_id, element_type, time, actor, data FROM history
       WHERE instance_id = $1 AND ($2::boolean OR kind <> 'comment_added' OR coalesce((data ->> 'internal')::boolean, false) = false) ORDER BY id`,
      [id, internal],
    ),
    listComments(db, id, internal),
    db.query<any>(
      `SELECT f.id, f.filename, f.size, f.content_type, f.created_at, f.comment_id FROM files f LEFT JOIN comments c ON c.id = f.comment_id
       WHERE f.instance_id = $1 AND ($2::boolean OR c.internal IS NOT TRUE) ORDER BY f.created_at, f.id`,
      [id, internal],
    ),
    db.query<any>("SELECT target, due_at, at_risk_at, state, breached FROM sla_clocks WHERE instance_id = $1 AND target <> 'step' ORDER BY (target = 'resolution') DESC", [id]),
    getFormDefinitions(db, bindings.map(([, b]) => b)),
  ]);
  const rating = history.rows.find((h) => h.kind === 'satisfaction');
  const state = row.state as InstanceState;
  return {
    id: row.id,
    processKey: row.process_key,
    processName: row.process_name,
    serviceTitle: row.service_title ?? null,
    serviceTitleDe: row.service_title_de ?? null,
    version: row.version,
    definitionId: row.definition_id,
    reference: row.reference,
    businessKey: row.business_key,
    status: row.status,
    departmentId: row.department_id,
    variables: row.variables,
    fields: describeFields(forms),
    activeElementIds: row.status === 'active' ? activeElementIds(state) : [],
    startedBy: row.started_by ? { id: row.started_by, name: row.started_by_name, email: row.started_by_email } : null,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    parentId: row.parent_id,
    tasks: tasks.rows.map((t) => ({ id: t.id, elementId: t.element_id, name: t.name, nameDe: t.name_de ?? null, status: t.status, assignee: t.assignee, candidateGroups: t.candidate_groups, dueAt: t.due_at, createdAt: t.created_at, completedAt: t.completed_at })),
    incidents: incidents.rows.map((i) => ({ id: i.id, elementId: i.element_id, message: i.message, status: i.status, createdAt: i.created_at, resolvedAt: i.resolved_at })),
    history: history.rows.map((h) => ({ id: Number(h.id), kind: h.kind, elementId: h.element_id, elementType: h.element_type, time: h.time, actor: h.actor, data: h.data })),
    comments,
    attachments: attachments.rows.map((f) => ({ id: f.id, name: f.filename, size: f.size, contentType: f.content_type, createdAt: f.created_at, commentId: f.comment_id ?? null })),
    /** May this caller read and write internal notes (agents, owners, admins; never the requester)? */
    internalNotes: internal,
    rating: rating ? { score: rating.data.score, comment: rating.data.comment } : null,
    priority: row.priority,
    channel: (row.channel ?? 'portal') as 'portal' | 'mail',
    sla: clockView(clocks.rows[0] ?? null, now),
    slaClocks: clocks.rows.map((c) => clockView(c, now)),
    canCancel: row.status === 'active' && (isAdmin(p) || row.started_by === p.id || (!!row.department_id && (ownedDepartments(p) ?? []).includes(row.department_id))),
  };
}

/** The requester, the department's owners and admins may cancel an active request. */
export async function cancelRequest(engine: Engine, p: Principal, id: string) {
  const req = await getRequest(engine.db, p, id);
  if (req.status !== 'active') throw conflict(`The request is already ${req.status}`, 'not_active');
  if (!req.canCancel) throw forbidden('Only the requester or the process owner may cancel this request');
  await engine.run([{ kind: 'trigger', instanceId: id, trigger: { type: 'cancel' } }], p.email);
  return { id, status: 'terminated' };
}
