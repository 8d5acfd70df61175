/**
 * A generic driver for real Camunda 8 models (test/fixtures/camunda8/): deploys a model unchanged
 * through the HTTP API of a Lotse server and runs one instance the way a team moving from Camunda 8
 * would — start it, complete user tasks, work the jobs of its service tasks as an external worker
 * (POST /api/jobs/activate + complete), publish the messages and signals it waits for, and let the
 * virtual clock run to its timers — until it completes or nothing moves any more.
 *
 * Two stand-ins where a Camunda user would use their own tooling: the job types an instance waits for
 * are read from the jobs table (a worker subscribed to every type of the model, including FEEL-typed
 * ones), and timers fire by moving the server's virtual clock (the HTTP API has no clock).
 *
 * Per-model inputs (variables to start with, task and job results) come from CompatInputs; the
 * defaults are empty. The result classifies the model: deploy error (with the reason), completed,
 * stuck (where and why) or needs internet (a connector to a system outside this machine).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { evalValue } from '../../common/feel';
import type { Db } from '../../server/db';
import type { Client } from './api';
import { modelFacts, type ModelFacts } from './camunda8-model';

/**
 * needs-internet: a connector to a system outside this machine; not-runnable: the model cannot
 * complete on Camunda 8 either (e.g. it calls a process its project simulates and does not ship).
 * Neither counts in the run rate.
 */
export type Outcome = 'completed' | 'stuck' | 'deploy-error' | 'needs-internet' | 'not-runnable';

export interface CompatResult {
  model: string;
  deployed: boolean;
  outcome: Outcome;
  /** Deploy error, the element and reason it is stuck at, or what needs the internet. */
  reason: string;
  /** What differs from Camunda 8 without stopping the run (e.g. a task shown without its Camunda form). */
  notes: string[];
}

export interface CompatInputs {
  /** Variables of the start (or of the start message). */
  start?: Record<string, unknown>;
  /** Element id of a user task → the variables it is completed with. */
  tasks?: Record<string, Record<string, unknown>>;
  /** Job type → the variables its jobs complete with. */
  jobs?: Record<string, Record<string, unknown>>;
  /** Job type → a BPMN error the worker throws instead of completing. */
  jobErrors?: Record<string, string>;
  /** Message name → the variables it is published with. */
  messages?: Record<string, Record<string, unknown>>;
  /** The process to start when the file has several executable ones. */
  process?: string;
  /** Why the model cannot complete on Camunda 8 either; a stuck run is then not-runnable. */
  notRunnable?: string;
  /** The model loops for ever by design (its own tests stop it): still running without an incident is its pass. */
  endless?: string;
}

export interface CompatServer {
  admin: Client;
  db: Db;
  advance(ms: number): unknown;
  now(): Date;
  /** Fires the timers due at the virtual time. */
  fire(): Promise<unknown>;
}

const MAX_ROUNDS = 40;
const RANK: Record<Outcome, number> = { 'deploy-error': 0, stuck: 1, 'needs-internet': 1, 'not-runnable': 1, completed: 2 };

/** Is `now` at least as good as `before`? (Deploying beats a deploy error; completing beats the rest.) */
export function notWorse(now: Outcome, before: Outcome): boolean {
  if (RANK[now] === 1 && RANK[before] === 1) return now === before || before === 'stuck';
  return RANK[now] >= RANK[before];
}

/** Every model file under `root` (BPMN), relative paths, sorted. */
export function listModels(root: string): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(root).sort()) {
    const full = join(root, dir);
    if (!statSync(full).isDirectory()) continue;
    for (const f of readdirSync(full).sort()) if (f.endsWith('.bpmn')) out.push(`${dir}/${f}`);
  }
  return out;
}

/** The other files of the model's folder that define a process, decision or form it references. */
function companions(root: string, model: string, facts: ModelFacts, all: Map<string, ModelFacts>) {
  const dir = join(root, dirname(model));
  const files = readdirSync(dir).sort();
  const decisions = files
    .filter((f) => f.endsWith('.dmn'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((xml) => facts.calledDecisions.some((id) => new RegExp(`<(\\w+:)?decision\\b[^>]*\\bid="${id}"`).test(xml)));
  const forms = files
    .filter((f) => f.endsWith('.form'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { id?: string })
    .filter((form) => form.id && facts.formIds.includes(form.id));
  const called = [...all.entries()]
    .filter(([m, f]) => m !== model && dirname(m) === dirname(model) && f.definedProcesses.some((p) => facts.calledProcesses.includes(p) && !facts.definedProcesses.includes(p)))
    .map(([m]) => m);
  return { decisions, forms, called };
}

const brief = (body: any): string => {
  if (!body || typeof body !== 'object') return String(body);
  const fields = Array.isArray(body.errors) ? body.errors : Array.isArray(body.fields) ? body.fields : null;
  if (fields?.length) return fields.map((e: any) => `${e.elementId ?? e.path ?? ''}: ${e.message}`).join('; ');
  return body.message ?? body.error ?? JSON.stringify(body).slice(0, 300);
};

/** Deploys a model with its referenced decisions and forms; forms go through the Camunda form import. */
async function deployModel(s: CompatServer, root: string, model: string, facts: ModelFacts, all: Map<string, ModelFacts>, seen = new Set<string>()): Promise<string | null> {
  seen.add(model);
  const { decisions, forms, called } = companions(root, model, facts, all);
  for (const c of called) {
    if (seen.has(c)) continue;
    const err = await deployModel(s, root, c, all.get(c)!, all, seen);
    if (err) return `called process in ${basename(c)}: ${err}`;
  }
  const lotseForms = [];
  for (const form of forms) {
    const r = await s.admin.post('/api/forms/import/camunda', form);
    if (r.status !== 200) return `form ${form.id}: ${r.status} ${brief(r.body)}`;
    lotseForms.push({ key: r.body.key, title: r.body.title, definition: r.body.definition });
  }
  const xml = readFileSync(join(root, model), 'utf8');
  const r = await s.admin.post('/api/deployments', { xml, ...(decisions.length ? { decisions } : {}), ...(lotseForms.length ? { forms: lotseForms } : {}) });
  if (r.status === 200 || r.status === 201) return null;
  return `${r.status} ${brief(r.body)}`;
}

/** Does the task list show this task with a form? (What the app does: the task's formId, then GET /api/forms/:key.) */
async function taskShowsForm(admin: Client, taskId: string): Promise<boolean> {
  const formId = (await admin.get(`/api/tasks/${taskId}`)).body?.formId;
  return !!formId && (await admin.get(`/api/forms/${encodeURIComponent(formId)}`)).status === 200;
}

/**
 * Completes a task the way a person fills its form: with the given variables, then, while the form
 * refuses them (422), with a plain value for each field it names (required, wrong type, allowed values).
 */
async function completeTask(admin: Client, taskId: string, given: Record<string, unknown>) {
  const variables = structuredClone(given);
  let r = await admin.post(`/api/tasks/${taskId}/complete`, { variables });
  for (let attempt = 0; attempt < 5 && r.status === 422 && Array.isArray(r.body?.errors); attempt++) {
    for (const e of r.body.errors as { path?: string; message?: string; keyword?: string; params?: Record<string, any> }[]) {
      const segments = (e.path ?? '').split('/').filter(Boolean).map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (segments[0] === 'variables') segments.shift();
      if (e.params?.missingProperty && segments.at(-1) !== e.params.missingProperty) segments.push(String(e.params.missingProperty));
      if (!segments.length) continue;
      setPath(variables, segments, e.message?.includes('not a field') ? undefined : plainValue(e));
    }
    r = await admin.post(`/api/tasks/${taskId}/complete`, { variables });
  }
  return r;
}

function plainValue(e: { message?: string; params?: Record<string, any> }): unknown {
  const m = e.message ?? '';
  const type = e.params?.type ?? /must be (?:an? )?(\w+)/.exec(m)?.[1];
  if (Array.isArray(e.params?.allowedValues) && e.params.allowedValues.length) return e.params.allowedValues[0];
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  if (type === 'object') return {};
  const format = e.params?.format ?? /format "([\w-]+)"/.exec(m)?.[1];
  if (format === 'date') return '2026-01-15';
  if (format === 'date-time') return '2026-01-15T10:00:00Z';
  if (format === 'time') return '10:00';
  if (format === 'email') return 'compat@example.com';
  return 'compat';
}

function setPath(target: Record<string, any>, segments: string[], value: unknown) {
  let at = target;
  for (const s of segments.slice(0, -1)) at = at[s] && typeof at[s] === 'object' ? at[s] : (at[s] = {});
  const last = segments[segments.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
}

async function instanceTree(db: Db, root: string): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `WITH RECURSIVE t(id) AS (SELECT $1::uuid UNION ALL SELECT p.id FROM process_instances p JOIN t ON p.parent_id = t.id)
     SELECT p.id FROM t JOIN process_instances p ON p.id = t.id WHERE p.status = 'active'`,
    [root],
  );
  return r.rows.map((x) => x.id);
}

/** Runs one instance to its end: the outcome and, when stuck, where and why. */
async function drive(s: CompatServer, facts: ModelFacts, inputs: CompatInputs, instanceId: string, notes: string[]): Promise<{ outcome: Outcome; reason: string }> {
  const { admin, db } = s;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const root = await admin.get(`/api/process-instances/${instanceId}`);
    if (root.status !== 200) return { outcome: 'stuck', reason: `instance: ${root.status} ${brief(root.body)}` };
    if (root.body.status === 'completed') return { outcome: 'completed', reason: '' };
    if (root.body.status !== 'active') return { outcome: 'stuck', reason: `instance ${root.body.status}` };
    let moved = false;
    const ids = await instanceTree(db, instanceId);
    for (const id of ids) {
      const d = id === instanceId ? root.body : (await admin.get(`/api/process-instances/${id}`)).body;
      const incident = d.incidents?.find((i: any) => i.status === 'open');
      if (incident) return { outcome: 'stuck', reason: `incident at ${incident.elementId}: ${incident.message}` };
      for (const t of d.tasks.filter((x: any) => x.status === 'open')) {
        if (facts.formElements.has(t.elementId) && !(await taskShowsForm(admin, t.id))) {
          notes.push(`user task ${t.elementId} has no form (its Camunda form was not linked)`);
        }
        // Camunda completes a task whoever holds it; in Lotse the admin takes it over first.
        if (t.assignee) await admin.post(`/api/tasks/${t.id}/assign`, { assignee: 'admin@lotse.demo' });
        const r = await completeTask(admin, t.id, inputs.tasks?.[t.elementId] ?? {});
        if (r.status !== 204) return { outcome: 'stuck', reason: `user task ${t.elementId}: completing answered ${r.status} ${brief(r.body)}` };
        moved = true;
      }
      if (moved) break;
      // A worker subscribed to every type the instance waits for.
      const types = await db.query<{ type: string }>("SELECT DISTINCT type FROM jobs WHERE instance_id = $1 AND kind = 'service' AND status = 'ready' ORDER BY type", [id]);
      for (const { type } of types.rows) {
        const a = await admin.post('/api/jobs/activate', { type, maxJobs: 10, worker: 'compat' });
        if (a.status !== 200) return { outcome: 'stuck', reason: `job ${type}: activate answered ${a.status} ${brief(a.body)}` };
        for (const job of a.body.jobs) {
          const errorCode = inputs.jobErrors?.[type];
          const r = errorCode
            ? await admin.post(`/api/jobs/${job.id}/error`, { errorCode })
            : await admin.post(`/api/jobs/${job.id}/complete`, { variables: inputs.jobs?.[type] ?? {} });
          if (r.status !== 204) return { outcome: 'stuck', reason: `job ${type} at ${job.elementId}: ${r.status} ${brief(r.body)}` };
          moved = true;
        }
      }
      if (moved) break;
      const waiting = d.activeElementIds.flatMap((e: string) => [e, ...(facts.eventGateways.get(e) ?? [])]);
      for (const e of waiting) {
        const m = facts.messages.get(e);
        if (m) {
          let correlationKey = '';
          if (m.correlationKey) {
            const v = evalValue(m.correlationKey, d.variables ?? {}, s.now());
            correlationKey = v.ok && v.value !== null && v.value !== undefined ? String(v.value) : '';
          }
          const named = evalValue(m.name, d.variables ?? {}, s.now());
          const name = named.ok ? String(named.value) : m.name;
          const r = await admin.post('/api/messages', { name, correlationKey, variables: inputs.messages?.[name] ?? {} });
          if (r.status === 200) {
            moved = true;
            break;
          }
        }
        const signal = facts.signals.get(e);
        if (signal) {
          const r = await admin.post('/api/signals', { name: signal });
          if (r.status === 200 && r.body.reached > 0) {
            moved = true;
            break;
          }
        }
      }
      if (moved) break;
    }
    if (moved) continue;
    // Nothing to do but wait: move the virtual clock to the next timer of the instance.
    const next = await db.query<{ due: Date }>("SELECT min(due_at) AS due FROM jobs WHERE instance_id = ANY($1::uuid[]) AND kind = 'timer' AND status = 'ready'", [ids]);
    const due = next.rows[0]?.due;
    if (due) {
      s.advance(Math.max(0, new Date(due).getTime() - s.now().getTime()) + 1000);
      await s.fire();
      continue;
    }
    const at: string[] = [];
    for (const id of ids) at.push(...((await admin.get(`/api/process-instances/${id}`)).body.activeElementIds ?? []));
    return { outcome: 'stuck', reason: `waits at ${at.join(', ') || '(nothing active)'} with nothing the driver can do` };
  }
  if (inputs.endless) return { outcome: 'completed', reason: `endless by design (${inputs.endless}): still running after ${MAX_ROUNDS} rounds, no incident` };
  return { outcome: 'stuck', reason: `still running after ${MAX_ROUNDS} rounds` };
}

/** Starts an instance of the model's process; its id, or why it could not start. */
async function start(s: CompatServer, facts: ModelFacts, inputs: CompatInputs): Promise<{ id: string } | { error: string }> {
  const process = facts.processes.find((p) => p.id === inputs.process) ?? facts.processes.find((p) => p.starts.some((x) => x.kind === 'none')) ?? facts.processes[0];
  if (!process) return { error: 'no executable process' };
  const variables = inputs.start ?? {};
  const before = await s.db.query<{ id: string }>('SELECT id FROM process_instances WHERE process_key = $1', [process.id]);
  const known = new Set(before.rows.map((r) => r.id));
  const none = process.starts.find((x) => x.kind === 'none');
  if (none || process.starts.length === 0) {
    const r = await s.admin.post('/api/process-instances', { processKey: process.id, variables });
    return r.status === 201 ? { id: r.body.id } : { error: `start: ${r.status} ${brief(r.body)}` };
  }
  const first = process.starts[0];
  if (first.kind === 'message') {
    const r = await s.admin.post('/api/messages', { name: first.name, variables });
    if (r.status !== 200) return { error: `start message "${first.name}": ${r.status} ${brief(r.body)}` };
  } else if (first.kind === 'signal') {
    const r = await s.admin.post('/api/signals', { name: first.name, variables });
    if (r.status !== 200) return { error: `start signal "${first.name}": ${r.status} ${brief(r.body)}` };
  } else {
    const next = await s.db.query<{ due: Date }>("SELECT min(due_at) AS due FROM jobs j JOIN definitions d ON d.id = j.definition_id WHERE j.kind = 'start_timer' AND j.status = 'ready' AND d.key = $1", [process.id]);
    if (!next.rows[0]?.due) return { error: 'no start timer scheduled' };
    s.advance(Math.max(0, new Date(next.rows[0].due).getTime() - s.now().getTime()) + 1000);
    await s.fire();
  }
  const after = await s.db.query<{ id: string }>('SELECT id FROM process_instances WHERE process_key = $1 ORDER BY started_at', [process.id]);
  const id = after.rows.map((r) => r.id).find((x) => !known.has(x));
  return id ? { id } : { error: `the ${first.kind} start created no instance` };
}

/** Deploys and runs one model; never throws for what the server answers. */
export async function runModel(s: CompatServer, root: string, model: string, all: Map<string, ModelFacts>, inputs: CompatInputs = {}): Promise<CompatResult> {
  const facts = all.get(model)!;
  const notes: string[] = [];
  const deployError = await deployModel(s, root, model, facts, all);
  if (deployError) return { model, deployed: false, outcome: 'deploy-error', reason: deployError, notes };
  if (facts.needsInternet) return { model, deployed: true, outcome: 'needs-internet', reason: facts.needsInternet, notes };
  const started = await start(s, facts, inputs);
  if ('error' in started) return { model, deployed: true, outcome: 'stuck', reason: started.error, notes };
  const run = await drive(s, facts, inputs, started.id, notes);
  if (run.outcome !== 'completed') await s.admin.post(`/api/process-instances/${started.id}/cancel`);
  if (run.outcome === 'stuck' && inputs.notRunnable) return { model, deployed: true, outcome: 'not-runnable', reason: `${inputs.notRunnable} (${run.reason})`, notes };
  return { model, deployed: true, ...run, notes };
}

/** The facts of every model under root (a model that does not parse has none and fails at deploy). */
export async function readModels(root: string): Promise<Map<string, ModelFacts>> {
  const all = new Map<string, ModelFacts>();
  for (const m of listModels(root)) {
    try {
      all.set(m, await modelFacts(readFileSync(join(root, m), 'utf8')));
    } catch {
      all.set(m, { processes: [], definedProcesses: [], messages: new Map(), signals: new Map(), eventGateways: new Map(), calledProcesses: [], calledDecisions: [], formIds: [], formElements: new Set(), needsInternet: null });
    }
  }
  return all;
}

/** The table and the rates: deploy rate over all, run rate over those deployed that need no internet. */
export function summarise(results: CompatResult[]) {
  const deployed = results.filter((r) => r.deployed).length;
  const offline = results.filter((r) => r.deployed && r.outcome !== 'needs-internet' && r.outcome !== 'not-runnable');
  const completed = offline.filter((r) => r.outcome === 'completed').length;
  const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : 0);
  const cell = (t: string) => t.replace(/\|/g, '\\|').slice(0, 200);
  const table = results.map((r) => `| ${r.model} | ${r.deployed ? 'yes' : 'no'} | ${r.outcome} | ${cell(r.reason)} | ${cell([...new Set(r.notes)].join('; '))} |`).join('\n');
  return {
    models: results.length,
    deployed,
    deployRate: pct(deployed, results.length),
    offline: offline.length,
    completed,
    runRate: pct(completed, offline.length),
    notes: results.filter((r) => r.notes.length).length,
    table: `| model | deploys | outcome | reason | notes |\n|---|---|---|---|---|\n${table}`,
  };
}
