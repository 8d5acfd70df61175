/**
 * Shared set-up for the template tests (test/api/template-*.test.ts): a seeded app on a virtual
 * clock whose engine the test holds, so timers fire with fireDueTimers when the clock moves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createApp } from '../../server/app';
import type { Db } from '../../server/db';
import { fireDueTimers } from '../../server/engine/jobs/jobs';
import { Engine } from '../../server/engine/runtime/runtime';
import { serverWiring, wireEngine } from '../../server/engine-wiring';
import { silentLogger } from '../../server/log';
import { seed } from '../../server/seed';
import { Client, testConfig } from '../support/api';
import type { DbTarget } from '../support/db';
import { processDeployment } from '../support/processes';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

export interface Task {
  id: string;
  elementId: string;
  name: string;
  status: string;
  assignee: string | null;
  candidateGroups: string[];
  dueAt: string | null;
}

/** POST /api/deployments body for a template: model, forms, and every .dmn file of its folder. */
export function templateDeployment(name: string) {
  const dir = fileURLToPath(new URL(`../../processes/${name}/`, import.meta.url));
  const decisions = readdirSync(dir).filter((f) => f.endsWith('.dmn')).sort().map((f) => readFileSync(dir + f, 'utf8'));
  return { ...processDeployment(name), ...(decisions.length ? { decisions } : {}) };
}

export async function templateHarness(target: DbTarget, start = '2026-03-09T08:00:00Z') {
  const opened = await target.open();
  const db: Db = opened.db;
  let clock = new Date(start);
  const now = () => clock;
  const engine = wireEngine(new Engine(db, now, silentLogger), serverWiring(testConfig));
  await seed(db, testConfig, silentLogger);
  const app = createApp({ db, config: testConfig, log: silentLogger, now, engine });
  const clients = new Map<string, Client>();
  const as = async (email: string) => {
    const known = clients.get(email);
    if (known) return known;
    const client = new Client(app);
    const r = await client.post('/api/auth/login', { email, password: 'demo' });
    if (r.status !== 200) throw new Error(`login as ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
    clients.set(email, client);
    return client;
  };
  const admin = await as('admin@lotse.demo');

  const h = {
    db,
    app,
    engine,
    as,
    admin,
    now,
    setClock: (iso: string) => (clock = new Date(iso)),
    advance: (ms: number) => (clock = new Date(clock.getTime() + ms)),
    /** Fires the timers due at the current virtual time. */
    fire: () => fireDueTimers(engine),
    dispose: () => opened.dispose(),

    async deploy(deployer: Client, name: string) {
      const r = await deployer.post('/api/deployments', templateDeployment(name));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { id: string; key: string; version: number; warnings: { elementId: string; message: string }[] };
    },

    /** Starts a request as `requester`; returns the instance id. */
    async start(requester: Client, processKey: string, variables: Record<string, unknown>) {
      const r = await requester.post('/api/process-instances', { processKey, variables });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    },

    /** The request as an admin sees it (or as `viewer`). */
    async detail(id: string, viewer: Client = admin) {
      const r = await viewer.get(`/api/process-instances/${id}`);
      expect(r.status).toBe(200);
      return r.body;
    },

    async openTasks(id: string): Promise<Task[]> {
      return (await h.detail(id)).tasks.filter((t: Task) => t.status === 'open');
    },

    /** The one open task of `elementId` (fails when there is none or more than one). */
    async task(id: string, elementId: string): Promise<Task> {
      const open = (await h.openTasks(id)).filter((t) => t.elementId === elementId);
      expect(open.map((t) => t.elementId), `open tasks of ${id}: ${JSON.stringify((await h.openTasks(id)).map((t) => t.elementId))}`).toEqual([elementId]);
      return open[0];
    },

    /** Completes the open task of `elementId` as `worker` (who must see it in their inbox); returns the task. */
    async complete(worker: Client, id: string, elementId: string, variables: Record<string, unknown> = {}) {
      const t = await h.task(id, elementId);
      const seen = await worker.get(`/api/tasks/${t.id}`);
      expect(seen.status, `task ${elementId} visible to the worker`).toBe(200);
      const r = await worker.post(`/api/tasks/${t.id}/complete`, { variables });
      expect(r.status, `complete ${elementId}: ${JSON.stringify(r.body)}`).toBe(204);
      return t;
    },

    /** The path so far: element ids of completed elements, in order. */
    async completed(id: string): Promise<string[]> {
      return (await h.detail(id)).history.filter((e: { kind: string }) => e.kind === 'element_completed').map((e: { elementId: string }) => e.elementId);
    },

    /** The end of a process mail to the requester alone: a blank line and the link to their request (PUBLIC_URL). */
    requestFooter: (id: string) => `\n\nIhre Anfrage: ${testConfig.publicUrl}/portal/requests/${id}`,

    /** Mails the process sent (email connector), without Lotse's own notification mails. */
    async mails(id: string) {
      const r = await db.query<{ recipients: string[]; subject: string; body: string }>(
        `SELECT recipients, subject, body FROM mail_outbox m WHERE instance_id = $1
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.instance_id = m.instance_id AND n.title = m.subject)
         ORDER BY created_at, subject`,
        [id],
      );
      return r.rows;
    },
  };
  return h;
}

export type TemplateHarness = Awaited<ReturnType<typeof templateHarness>>;
