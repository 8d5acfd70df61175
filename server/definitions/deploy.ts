/**
 * Deployment: compile, check references and permissions, then store each executable process as a
 * new version (or return the existing one when the XML is unchanged), with its start subscriptions.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types';
import { forbidden, validationFailed, type FieldError } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { BUILT_IN_TYPES } from '../../common/connector-types';
import { bindForms, checkDefinition, type FormBinding } from '../forms';
import { definitionHash } from '../forms/store';
import { assertKeyWritable, claimKey, keyOwnedError, keyOwner, mayActFor } from '../accounts/key-owners';
import { compileInWorker } from '../engine/compile/compile-pool';
import { firstStartTimer, startTimerErrors } from '../engine/compile/deploy-limits';
import type { CompiledDecision } from '../engine/core/dmn';
import type { CompiledProcess, ModelError } from '../engine/core/model';
import type { Engine } from '../engine/runtime/runtime';
import { importEmbeddedForms, sortResources, type BundledForm, type DeployResource } from './deploy-resources';

export interface DeployInput {
  /** One BPMN document (the modeller's deploy); or `resources`. */
  xml?: string;
  decisions?: string[];
  comment?: string;
  /** Forms shipped with the model; stored as a new version where they changed, then bound. */
  forms?: { key: string; title: { de?: string; en?: string }; definition: unknown }[];
  /** A Camunda project as it is: BPMN, DMN, `.form` (and Lotse form `.json`) files, deployed all or nothing. */
  resources?: DeployResource[];
}

export interface DeployedProcess {
  id: string;
  key: string;
  version: number;
  created: boolean;
}

export interface DeployedForm {
  key: string;
  version: number;
  created: boolean;
  resource?: string;
}

export interface DeployResult extends Partial<DeployedProcess> {
  processes: (DeployedProcess & { resource?: string })[];
  decisions: { key: string; version: number; resource?: string }[];
  forms: DeployedForm[];
  warnings: (ModelError & { resource?: string })[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const toFieldErrors = (errors: (ModelError & { resource?: string })[]): FieldError[] =>
  errors.map((e) => ({ elementId: e.elementId, ...(e.resource ? { resource: e.resource } : {}), message: e.message }));

/** Compiles and stores a deployment; 422 with element ids (and file names) for anything the engine cannot run. */
export async function deploy(engine: Engine, input: DeployInput & { xml: string }, principal: Principal): Promise<DeployResult & DeployedProcess>;
export async function deploy(engine: Engine, input: DeployInput, principal: Principal): Promise<DeployResult>;
export async function deploy(engine: Engine, input: DeployInput, principal: Principal): Promise<DeployResult> {
  const bundle = input.resources
    ? sortResources(input.resources)
    : { bpmn: [{ name: '', content: input.xml ?? '' }], dmn: (input.decisions ?? []).map((content, i) => ({ name: `decisions[${i}]`, content })), forms: [], warnings: [] };
  const shipped: BundledForm[] = [...(input.forms ?? []), ...bundle.forms];
  const errors: (ModelError & { resource?: string })[] = [];
  const tag = (resource: string) => (e: ModelError) => ({ ...e, ...(resource ? { resource, message: `${resource}: ${e.message}` } : {}) });

  // Parse, lint and compile in the worker thread (compile-pool.ts), then the start-timer limits.
  const docs: { resource: string; xml: string; processes: CompiledProcess[] }[] = [];
  const warnings: (ModelError & { resource?: string })[] = [...bundle.warnings];
  const dmn: Record<string, CompiledDecision> = {};
  const dmnXml: Record<string, string> = {};
  const dmnFile: Record<string, string> = {};
  const units = bundle.bpmn.length ? bundle.bpmn : [{ name: '', content: '' }];
  for (const [n, doc] of units.entries()) {
    const decisions = n === 0 ? bundle.dmn.map((d) => d.content) : [];
    const { bpmn: compiled, dmn: dmnResults } = await compileInWorker({ xml: doc.content, decisions });
    errors.push(...[...compiled.errors, ...startTimerErrors(compiled.processes, engine.now())].map(tag(doc.name)));
    warnings.push(...compiled.warnings.map(tag(doc.name)));
    if (bundle.bpmn.length) docs.push({ resource: doc.name, xml: doc.content, processes: compiled.processes });
    for (const [i, r] of dmnResults.entries()) {
      const file = bundle.dmn[i].name;
      errors.push(...r.errors.map((e) => ({ elementId: e.elementId, ...(input.resources ? { resource: file } : {}), message: `${file}: ${e.message}` })));
      for (const id of Object.keys(r.decisions)) {
        dmn[id] = r.decisions[id];
        dmnXml[id] = bundle.dmn[i].content;
        dmnFile[id] = file;
      }
    }
  }
  const processes = docs.flatMap((d) => d.processes.map((p) => ({ p, doc: d })));
  const seen = new Map<string, string>();
  for (const { p, doc } of processes) {
    if (seen.has(p.id)) errors.push({ elementId: p.id, resource: doc.resource, message: `${doc.resource}: process "${p.id}" is also in ${seen.get(p.id)}` });
    seen.set(p.id, doc.resource);
  }
  // Embedded Camunda forms become Lotse forms of the process; the elements link to them.
  const embedded = new Map<string, BundledForm[]>();
  for (const { p, doc } of processes) {
    const errs: ModelError[] = [];
    const warns: ModelError[] = [];
    embedded.set(p.id, importEmbeddedForms(p, doc.resource || undefined, errs, warns));
    errors.push(...errs.map(tag(doc.resource)));
    warnings.push(...warns.map(tag(doc.resource)));
  }
  const allForms = [...shipped, ...[...embedded.values()].flat()];
  allForms.forEach((f, i) => {
    for (const e of checkDefinition(f.definition)) {
      errors.push({ elementId: f.key, ...(f.resource ? { resource: f.resource } : {}), message: `${f.resource ?? `forms[${i}]`} ${e.path}: ${e.message}` });
    }
  });
  if (errors.length) throw validationFailed(toFieldErrors(errors), 'The model cannot be deployed');

  const db = engine.db;
  const departments = new Map(
    (await db.query<{ id: string; key: string }>('SELECT id, key FROM departments')).rows.flatMap((d) => [
      [d.key, d.id],
      [d.id, d.id],
    ]),
  );
  const knownDecisions = new Set((await db.query<{ key: string }>('SELECT DISTINCT key FROM decisions')).rows.map((r) => r.key));
  const knownProcesses = new Set((await db.query<{ key: string }>('SELECT DISTINCT key FROM definitions')).rows.map((r) => r.key));
  const owned = ownedDepartments(principal);
  const departmentOf = new Map<string, string | null>();
  for (const { p, doc } of processes) {
    const at = tag(doc.resource);
    let departmentId: string | null = null;
    let known = true;
    // An owned key keeps its department: a deploy never moves it (that is the admins' transfer).
    const owner = await keyOwner(db, 'process', p.id);
    if (p.department) {
      departmentId = departments.get(p.department) ?? null;
      if (!departmentId) {
        known = false;
        errors.push(at({ elementId: p.id, message: `unknown department "${p.department}" (esm:department)` }));
      }
    } else if (owner) {
      departmentId = owner.departmentId;
    } else if (owned && owned.length === 1) {
      departmentId = owned[0];
    } else if (!isAdmin(principal)) {
      errors.push(at({ elementId: p.id, message: 'set the department of the process (esm:department)' }));
    }
    if (owner && known && (departmentId !== owner.departmentId || !mayActFor(principal, owner.departmentId))) {
      throw await keyOwnedError(db, 'process', p.id, owner.departmentId);
    }
    if (departmentId && owned && !owned.includes(departmentId)) {
      throw forbidden(`You are not a process owner of the department of process ${p.id}`);
    }
    departmentOf.set(p.id, departmentId);
    for (const el of Object.values(p.elements)) {
      if (el.calledDecision && !dmn[el.calledDecision.decisionId] && !knownDecisions.has(el.calledDecision.decisionId)) {
        errors.push(at({ elementId: el.id, message: `decision "${el.calledDecision.decisionId}" is not deployed; deploy its DMN with this model` }));
      }
      const called = el.calledElement?.processId;
      if (called && !called.startsWith('=') && !seen.has(called) && !knownProcesses.has(called)) {
        warnings.push(at({ elementId: el.id, message: `called process "${called}" is not deployed yet; deploy it before an instance reaches this call activity` }));
      }
    }
    errors.push(...formLinkErrors(p, allForms).map(at));
  }
  if (errors.length) throw validationFailed(toFieldErrors(errors), 'The model cannot be deployed');

  // Decisions and forms shipped with the model belong to the department of its (first) process;
  // embedded forms to the department of their own process.
  const shippedDepartment = processes.length ? departmentOf.get(processes[0].p.id) ?? null : owned?.length === 1 ? owned[0] : null;
  const departmentOfForm = (f: BundledForm) => (f.processId ? departmentOf.get(f.processId) ?? null : shippedDepartment);
  for (const key of Object.keys(dmn)) await assertKeyWritable(db, principal, 'decision', key, shippedDepartment);
  for (const f of allForms) await assertKeyWritable(db, principal, 'form', f.key, departmentOfForm(f));

  warnings.push(...connectorWarnings(processes.map((x) => x.p)));
  const now = engine.now();
  return db.transaction(async (tx) => {
    // Every key is claimed (or checked again, under a row lock) in the same transaction: a refused
    // key rolls back the whole deployment.
    const decisions: DeployResult['decisions'] = [];
    for (const [key, model] of Object.entries(dmn)) {
      await claimKey(tx, principal, 'decision', key, shippedDepartment, now);
      decisions.push({ ...(await storeDecision(tx, key, model, dmnXml[key], shippedDepartment, now)), ...(input.resources ? { resource: dmnFile[key] } : {}) });
    }
    const forms: DeployedForm[] = [];
    for (const f of allForms) {
      await claimKey(tx, principal, 'form', f.key, departmentOfForm(f), now);
      forms.push({ ...(await storeForm(tx, f, departmentOfForm(f), principal.id)), ...(f.resource ? { resource: f.resource } : {}) });
    }
    const stored: DeployResult['processes'] = [];
    for (const { p, doc } of processes) {
      const departmentId = departmentOf.get(p.id) ?? null;
      await claimKey(tx, principal, 'process', p.id, departmentId, now);
      const bound = await bindForms(tx, formRefs(p), departmentId);
      if (bound.errors.length) throw validationFailed(toFieldErrors(bound.errors.map(tag(doc.resource))), 'The model cannot be deployed');
      const result = await storeProcess(tx, p, doc.xml, input.comment, departmentId, principal.id, now, bound.bindings);
      stored.push({ ...result, ...(doc.resource ? { resource: doc.resource } : {}) });
    }
    return { ...stored[0], processes: stored, decisions, forms, warnings };
  });
}

/**
 * bindingType of zeebe:formDefinition: `latest` binds the newest version at deploy; `deployment`
 * needs the form in this deployment; `versionTag` a form of this deployment with that versionTag
 * (Lotse keeps no version tags of earlier deployments). Forms are stored before processes bind,
 * so both resolve to the version this deployment stores.
 */
function formLinkErrors(p: CompiledProcess, forms: BundledForm[]): ModelError[] {
  const errors: ModelError[] = [];
  for (const el of Object.values(p.elements)) {
    const link = el.formLink;
    const formId = el.type === 'startEvent' ? el.formId : el.userTask?.formId;
    if (!link || !formId) continue;
    const inDeployment = forms.find((f) => f.key === formId);
    if (link.bindingType === 'deployment' && !inDeployment) {
      errors.push({ elementId: el.id, message: `form "${formId}" is bound to this deployment (bindingType="deployment") but is not in it` });
    } else if (link.bindingType === 'versionTag' && inDeployment?.versionTag !== link.versionTag) {
      errors.push({ elementId: el.id, message: `no form "${formId}" with versionTag "${link.versionTag ?? ''}" in this deployment (Lotse resolves version tags only among the files deployed together)` });
    } else if (link.bindingType !== 'deployment' && link.bindingType !== 'versionTag') {
      errors.push({ elementId: el.id, message: `bindingType "${link.bindingType}" is not supported (latest, deployment, versionTag)` });
    }
  }
  return errors;
}

function connectorWarnings(processes: CompiledProcess[]): ModelError[] {
  return processes.flatMap((p) =>
    Object.values(p.elements).flatMap((el) => {
      const type = el.taskDefinition?.type;
      if (!type || type.startsWith('=') || BUILT_IN_TYPES.has(type)) return [];
      return [{ elementId: el.id, message: `no built-in connector serves job type "${type}": an external job worker must activate these jobs` }];
    }),
  );
}

async function storeDecision(tx: Queryable, key: string, model: CompiledDecision, xml: string, departmentId: string | null, now: Date) {
  const hash = sha256(JSON.stringify(model));
  const latest = await tx.query<{ version: number; xml_hash: string }>('SELECT version, xml_hash FROM decisions WHERE key = $1 ORDER BY version DESC LIMIT 1', [key]);
  if (latest.rows[0]?.xml_hash === hash) return { key, version: latest.rows[0].version };
  const version = (latest.rows[0]?.version ?? 0) + 1;
  await tx.query('INSERT INTO decisions (key, version, name, xml_hash, xml, model, deployed_at, department_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    key, version, (model as { name?: string }).name ?? null, hash, xml, JSON.stringify(model), now, departmentId,
  ]);
  return { key, version };
}

/** The form references of a process: start events and user tasks (zeebe:formDefinition formId). */
function formRefs(p: CompiledProcess) {
  return Object.values(p.elements).flatMap((el) => {
    const formId = el.type === 'startEvent' ? el.formId : el.type === 'userTask' ? el.userTask?.formId : undefined;
    return formId ? [{ elementId: el.id, formId }] : [];
  });
}

/** Stores one shipped form (its key is claimed): version 1, or a new version when the definition changed. */
async function storeForm(tx: Queryable, f: BundledForm, departmentId: string | null, userId: string): Promise<DeployedForm> {
  const hash = definitionHash(f.definition, f.title);
  const head = await tx.query<{ version: number; definition_hash: string }>(
    'SELECT version, definition_hash FROM forms WHERE key = $1 ORDER BY version DESC LIMIT 1',
    [f.key],
  );
  const latest = head.rows[0];
  if (latest?.definition_hash === hash) return { key: f.key, version: latest.version, created: false };
  const version = (latest?.version ?? 0) + 1;
  await tx.query('INSERT INTO forms (key, version, department_id, title, definition, definition_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    f.key, version, departmentId, JSON.stringify(f.title), JSON.stringify(f.definition), hash, userId,
  ]);
  return { key: f.key, version, created: true };
}

async function storeProcess(
  tx: Queryable, p: CompiledProcess, xml: string, comment: string | undefined, departmentId: string | null, userId: string, now: Date, formBindings: Record<string, FormBinding>,
): Promise<DeployedProcess> {
  // The hash covers the document and the bound form versions: a changed diagram or form is a new version.
  const hash = sha256(xml + JSON.stringify(formBindings));
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`definition:${p.id}`]);
  const latest = await tx.query<{ id: string; version: number; xml_hash: string }>(
    'SELECT id, version, xml_hash FROM definitions WHERE key = $1 ORDER BY version DESC LIMIT 1',
    [p.id],
  );
  if (latest.rows[0]?.xml_hash === hash) return { id: latest.rows[0].id, key: p.id, version: latest.rows[0].version, created: false };
  const version = (latest.rows[0]?.version ?? 0) + 1;
  const id = randomUUID();
  await tx.query(
    `INSERT INTO definitions (id, key, version, name, department_id, xml, xml_hash, model, catalog, comment, deployed_by, deployed_at, form_bindings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [id, p.id, version, p.name ?? null, departmentId, xml, hash, JSON.stringify(p), p.catalog ? JSON.stringify(p.catalog) : null, comment ?? null, userId, now, JSON.stringify(formBindings)],
  );
  // Only the newest version listens for message/signal/timer starts.
  await tx.query('DELETE FROM start_events WHERE process_key = $1', [p.id]);
  await tx.query("UPDATE jobs SET status = 'cancelled' WHERE kind = 'start_timer' AND status = 'ready' AND definition_id IN (SELECT id FROM definitions WHERE key = $1)", [p.id]);
  for (const startId of p.startEvents) {
    const ev = p.elements[startId].event;
    if (ev?.kind === 'message' && ev.messageName) {
      await tx.query("INSERT INTO start_events (definition_id, process_key, kind, name, element_id) VALUES ($1, $2, 'message', $3, $4)", [id, p.id, ev.messageName, startId]);
    } else if (ev?.kind === 'signal' && ev.signalName) {
      await tx.query("INSERT INTO start_events (definition_id, process_key, kind, name, element_id) VALUES ($1, $2, 'signal', $3, $4)", [id, p.id, ev.signalName, startId]);
    } else if (ev?.kind === 'timer' && ev.timer) {
      const first = firstStartTimer(ev.timer.kind, ev.timer.expression, now);
      if (!first) continue;
      await tx.query(
        `INSERT INTO jobs (id, kind, definition_id, element_id, status, retries, due_at, cycle, created_at)
         VALUES ($1, 'start_timer', $2, $3, 'ready', 3, $4, $5, $6)`,
        [randomUUID(), id, startId, first.due, first.cycle ? JSON.stringify(first.cycle) : null, now],
      );
    }
  }
  return { id, key: p.id, version, created: true };
}
