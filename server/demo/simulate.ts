/**
 * The living demo: about three months of requests run through the real engine on a virtual clock —
 * arrivals on working days, waiting and working times per step (one clear bottleneck: the IT
 * queue), SLA sweeps and timers as time passes, ratings after completion. Seeded, so repeatable.
 */
import type { Db } from '../db/types';
import type { Logger } from '../log';
import { loadPrincipals, type Principal } from '../auth/principal';
import { fireDueTimers, runHttpJobs } from '../engine/jobs/jobs';
import { HTTP_TYPES } from '../../common/connector-types';
import { Engine } from '../engine/runtime/runtime';
import { runSlaChecks } from '../sla/escalation';
import { wireEngine } from '../engine-wiring';
import { startRequest } from '../requests/instances';
import { claimTask, completeTask } from '../tasks/tasks';
import { rateRequest } from '../requests/collaboration';
import { exp, formData, mulberry32, workingTime } from './data';
import { importLegacyLog } from './legacy-log';
import { demoProblems, incidentSummary, VPN_EXTRA_SHARE, VPN_FIXED_BEFORE_END, VPN_SUMMARY } from './problems';
import { simulateKnowledge } from './knowledge';

export interface SimulationOptions {
  seed: number;
  days: number;
  /** Mean requests per working day across all services. */
  perDay: number;
  /** The simulation ends here; requests of the last days stay open. */
  end: Date;
  /** Starts here instead of `days` before the end (filling the gap after a loaded snapshot). */
  start?: Date;
}

type Event = { at: number; seq: number; run: () => Promise<void> };

const HOUR = 3600_000;

/** A small binary heap of events by time (then insertion order, for repeatability). */
class Agenda {
  private items: Event[] = [];
  private seq = 0;
  get size() {
    return this.items.length;
  }
  push(at: number, run: () => Promise<void>) {
    const e = { at, seq: this.seq++, run };
    const a = this.items;
    a.push(e);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (before(a[p], a[i])) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): Event | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l], a[m])) m = l;
        if (r < a.length && before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
const before = (x: Event, y: Event) => x.at < y.at || (x.at === y.at && x.seq < y.seq);


export async function simulateDemo(db: Db, log: Logger, opts: SimulationOptions): Promise<{ requests: number; completed: number }> {
  const rng = mulberry32(opts.seed);
  const begin = opts.start ?? new Date(opts.end.getTime() - opts.days * 24 * HOUR);
  // The VPN problem is fixed five weeks before a full history ends; days simulated after a snapshot come after the fix.
  const vpnFixedAt = opts.start ? -Infinity : opts.end.getTime() - VPN_FIXED_BEFORE_END;
  let clock = begin;
  // SLA clocks yes; notifications and mails for the past, no.
  const engine = wireEngine(new Engine(db, () => clock, log), { slaClocks: true });

  const users = await db.query<{ id: string }>('SELECT id FROM users');
  const principals = await loadPrincipals(db, users.rows.map((u) => u.id));
  const byEmail = new Map(principals.map((p) => [p.email.toLowerCase(), p]));
  const requesters = principals.filter((p) => p.roles.every((r) => r.role === 'employee') && p.groups.length === 0);
  const catalog = await db.query<{ key: string; id: string; form_bindings: Record<string, { formKey: string; version: number }>; model: { startEvents: string[]; elements: Record<string, { formId?: string; event?: { kind: string } }> } }>(
    'SELECT DISTINCT ON (key) key, id, form_bindings, model FROM definitions WHERE enabled ORDER BY key, version DESC',
  );
  const services = catalog.rows.filter((d) => d.model.startEvents.some((s) => d.model.elements[s].event?.kind === 'none'));
  if (services.length === 0 || requesters.length === 0) return { requests: 0, completed: 0 };
  const forms = new Map<string, unknown>();
  for (const f of (await db.query<{ key: string; version: number; definition: unknown }>('SELECT key, version, definition FROM forms')).rows) forms.set(`${f.key}@${f.version}`, f.definition);
  const formFor = (binding?: { formKey: string; version: number }) => (binding ? forms.get(`${binding.formKey}@${binding.version}`) : undefined);

  // The as-is material comes first: how facility repairs ran by e-mail before (only on a full run).
  const admin = principals.find((p) => p.roles.some((r) => r.role === 'admin'));
  if (!opts.start && admin) await importLegacyLog(db, admin, mulberry32(opts.seed + 1), begin);

  const agenda = new Agenda();
  const scheduled = new Set<string>();
  let requests = 0;
  let completed = 0;
  const done = new Set<string>();

  /** Who works a task: its assignee, else a member of its candidate groups, else an owner or admin. */
  const workerFor = (task: { assignee: string | null; candidate_groups: string[]; approval: boolean; started_by: string | null }): Principal | undefined => {
    if (task.assignee) return byEmail.get(task.assignee);
    // Four-eyes: nobody decides an approval of their own request.
    const pool = principals.filter((p) => p.groups.some((g) => task.candidate_groups.includes(g.key)) && !(task.approval && p.id === task.started_by));
    return pool.length ? pool[Math.floor(rng() * pool.length)] : principals.find((p) => p.roles.some((r) => r.role === 'admin'));
  };

  // The job worker is polled only when it would find work: after a unit created jobs, and as long
  // as jobs of its types are ready or locked (a failed one waits out its back-off), only once one is
  // due. A poll that finds nothing changes nothing, so skipping it leaves the demo as it was — at a
  // fraction of the statements (most steps create timers, few create jobs for the worker).
  const workerTypes = [...HTTP_TYPES, ...engine.ports.workerConnectors.keys()];
  let jobsWaiting = true;
  engine.events.on('jobs', () => {
    jobsWaiting = true;
  });
  const workerJobs = async () => {
    const r = await db.query<{ due: boolean }>(
      `SELECT coalesce((status = 'ready' AND due_at <= $2) OR (status = 'locked' AND locked_until < $2), false) AS due FROM jobs
       WHERE kind = 'service' AND type = ANY($1::text[]) AND status IN ('ready', 'locked') ORDER BY 1 DESC LIMIT 1`,
      [workerTypes, clock],
    );
    jobsWaiting = r.rows.length > 0;
    return r.rows[0]?.due === true;
  };
  // A process version's form bindings never change: read once per task element.
  const bindings = new Map<string, { formKey: string; version: number } | undefined>();
  const bindingOf = async (definitionId: string, formId: string) => {
    const key = `${definitionId} ${formId}`;
    if (!bindings.has(key)) {
      const r = await db.query<{ b: { formKey: string; version: number } | null }>('SELECT form_bindings -> $2::text AS b FROM definitions WHERE id = $1', [definitionId, formId]);
      bindings.set(key, r.rows[0]?.b ?? undefined);
    }
    return bindings.get(key);
  };
  const follow = async (instanceId: string, active = false) => {
    // Service tasks the job worker runs (documents, absences, master data) go on at the virtual time.
    if (jobsWaiting && (await workerJobs())) {
      for (let round = 0; round < 5; round++) {
        const ran = await runHttpJobs(engine).catch((err) => {
          log.debug('demo jobs skipped', { error: String(err) });
          return 0;
        });
        if (!ran) break;
        active = false;
      }
      jobsWaiting = true;
    }
    // (settle has just read the status; a job the worker ran may have changed it)
    if (!active) {
      const now = await db.query<{ status: string }>('SELECT status FROM process_instances WHERE id = $1', [instanceId]);
      if (now.rows[0]?.status === 'completed') return settle(instanceId);
    }
    const tasks = await db.query<{ id: string; assignee: string | null; candidate_groups: string[]; form_id: string | null; definition_id: string; status: string; approval: boolean; started_by: string | null }>(
      "SELECT t.id, t.assignee, t.candidate_groups, t.form_id, p.definition_id, p.status, t.approval, p.started_by FROM tasks t JOIN process_instances p ON p.id = t.instance_id WHERE t.instance_id = $1 AND t.status = 'open'",
      [instanceId],
    );
    for (const t of tasks.rows) {
      if (scheduled.has(t.id)) continue;
      scheduled.add(t.id);
      const worker = workerFor(t);
      if (!worker) continue;
      // The IT queue is understaffed and falls further behind month by month: the bottleneck the
      // insights should reveal (waiting time per step, its trend, the backlog in the task list).
      // A few tasks of every team are forgotten for days: SLA breaches, escalations, old queue items.
      const behind = Math.min(1, Math.max(0, 1 - (opts.end.getTime() - clock.getTime()) / (90 * 24 * HOUR)));
      const waitMean = rng() < 0.04 ? 72 * HOUR : (t.candidate_groups.includes('it') ? 5 + 12 * behind : 1.5) * HOUR;
      const claimAt = workingTime(clock.getTime() + exp(rng, waitMean));
      const doneAt = workingTime(claimAt + exp(rng, 0.75 * HOUR));
      const binding = await bindingOf(t.definition_id, t.form_id ?? '');
      if (!t.assignee) agenda.push(claimAt, async () => void (await claimTask(engine, worker, t.id).catch(() => {})));
      agenda.push(doneAt, async () => {
        const vars = formData(formFor(binding), rng, principals, binding?.formKey, clock);
        await completeTask(engine, worker, t.id, vars).catch((err) => log.debug('demo task skipped', { error: String(err), errors: (err as { errors?: unknown }).errors }));
        await settle(instanceId);
      });
    }
  };

  const settle = async (instanceId: string) => {
    const r = await db.query<{ status: string; started_by: string | null }>('SELECT status, started_by FROM process_instances WHERE id = $1', [instanceId]);
    const row = r.rows[0];
    if (row?.status === 'completed') {
      if (done.has(instanceId)) return;
      done.add(instanceId);
      completed++;
      const requester = principals.find((p) => p.id === row.started_by);
      if (requester && rng() < 0.6) {
        const score = Math.min(5, Math.max(1, Math.round(4.2 + (rng() - 0.6) * 3)));
        agenda.push(clock.getTime() + exp(rng, 6 * HOUR), async () => void (await rateRequest(engine, requester, instanceId, score).catch(() => {})));
      }
    } else if (row?.status === 'active') await follow(instanceId, true);
  };

  // Arrivals: Poisson per working hour, weighted towards the morning.
  const itIncident = services.find((s) => s.key === 'it-incident');
  const span = Math.ceil((opts.end.getTime() - begin.getTime()) / (24 * HOUR));
  for (let day = 0; day < span; day++) {
    const date = new Date(begin.getTime() + day * 24 * HOUR);
    const dow = date.getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const n = Math.round(opts.perDay * (0.7 + rng() * 0.6));
    for (let i = 0; i < n; i++) {
      const at = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 8) + Math.floor(Math.pow(rng(), 1.3) * 9 * HOUR);
      if (at >= opts.end.getTime() || at < begin.getTime()) continue;
      // Until the VPN gateway's fix (demo/problems.ts) its drops add IT incidents of their own: the
      // incidents per week fall visibly once the problem is resolved.
      const vpnDrop = at < vpnFixedAt && itIncident !== undefined && rng() < VPN_EXTRA_SHARE;
      const service = vpnDrop ? itIncident : services[Math.floor(rng() * services.length)];
      const requester = requesters[Math.floor(rng() * requesters.length)];
      agenda.push(at, async () => {
        const startForm = service.model.startEvents.map((s) => service.model.elements[s]).find((e) => e.event?.kind === 'none')?.formId;
        const binding = startForm ? service.form_bindings[startForm] : undefined;
        const vars = formData(formFor(binding), rng, principals, binding?.formKey, clock);
        if (service.key === 'it-incident') vars.summary = vpnDrop ? VPN_SUMMARY : incidentSummary(vars.summary, clock.getTime(), vpnFixedAt, rng);
        try {
          const started = await startRequest(engine, requester, { processKey: service.key, variables: vars });
          requests++;
          await settle(started.id);
        } catch (err) {
          log.debug('demo request skipped', { process: service.key, error: String(err) });
        }
      });
    }
  }

  let lastSweep = clock.getTime();
  for (let e = agenda.pop(); e; e = agenda.pop()) {
    if (e.at >= opts.end.getTime()) break;
    if (e.at > clock.getTime()) clock = new Date(e.at);
    if (clock.getTime() - lastSweep >= HOUR) {
      const since = new Date(lastSweep);
      lastSweep = clock.getTime();
      // Most hours no timer is due: one look instead of a wave of claims that find nothing.
      const due = await db.query("SELECT 1 FROM jobs WHERE status = 'ready' AND kind IN ('timer', 'start_timer') AND due_at <= $1 LIMIT 1", [clock]);
      if (due.rows.length > 0 && (await fireDueTimers(engine, 500)) > 0) {
        // Timers may have opened tasks (escalations, reminders): schedule their work too.
        const fresh = await db.query<{ instance_id: string }>("SELECT DISTINCT instance_id FROM tasks WHERE status = 'open' AND created_at >= $1", [since]);
        for (const a of fresh.rows) await follow(a.instance_id);
      }
      await runSlaChecks(db, clock, 1000);
    }
    await e.run();
    // PGlite answers in microtasks: yield to the event loop so the server keeps serving meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }
  clock = opts.end;
  await runSlaChecks(db, clock, 5000);
  if (!opts.start) log.info('demo problems', { linkedIncidents: await demoProblems(db, new Date(vpnFixedAt), begin) });
  // Self-service around the requests: sessions, deflections by articles, views and votes.
  await simulateKnowledge(db, opts.seed, begin, opts.end);
  // Mails of the simulated past are kept for the record but never sent.
  await db.query("UPDATE mail_outbox SET status = 'sent', last_error = 'demo history: not delivered' WHERE status = 'pending'");
  // People read their notifications: only those of the last two days are still unread.
  await db.query("UPDATE notifications SET read_at = created_at + interval '1 hour' WHERE read_at IS NULL AND created_at < $1", [new Date(opts.end.getTime() - 48 * HOUR)]);
  return { requests, completed };
}
