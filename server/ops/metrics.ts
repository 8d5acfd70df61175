/**
 * GET /metrics in the Prometheus text format (prom-client): HTTP latency by route, engine steps,
 * jobs, incidents, timers, SLA breaches, database pool and Node's own (event-loop lag, memory, CPU).
 *
 * Access: with METRICS_TOKEN set, only with `Authorization: Bearer <token>`; without it only from
 * the machine itself (loopback address of the socket, or of the client behind TRUST_PROXY proxies).
 * Counts that need the database are read when scraped, each with one indexed count.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/types';
import type { FlushHook } from '../engine/runtime/ports';
import { clientAddress } from '../http/client-address';

export interface Metrics {
  /** The text of GET /metrics: this process's metrics and this app's database counts. */
  text(): Promise<string>;
  contentType: string;
  /** Middleware timing every request by its route pattern (not the concrete path: bounded labels). */
  http: MiddlewareHandler;
  /** Engine flush hook counting units and history steps. */
  engineHook: FlushHook;
}

/** Metrics of the process (Node, HTTP, engine): made once, shared by every app in it (tests make many). */
let shared: { registry: Registry; httpDuration: Histogram; units: Counter; steps: Counter } | null = null;
function processMetrics() {
  if (shared) return shared;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lotse_' });
  const httpDuration = new Histogram({
    name: 'lotse_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const units = new Counter({ name: 'lotse_engine_units_total', help: 'Engine units of work written (each a start, completion, message, timer or job result with what it caused)', registers: [registry] });
  const steps = new Counter({ name: 'lotse_engine_steps_total', help: 'History steps the engine wrote, by kind (element_completed, job_failed, incident_created, …)', labelNames: ['kind'], registers: [registry] });
  shared = { registry, httpDuration, units, steps };
  return shared;
}

export function createMetrics(db: Db): Metrics {
  const { registry: processRegistry, httpDuration, units, steps } = processMetrics();
  const registry = new Registry();
  const countOf = (name: string, help: string, sql: string, labelNames: string[] = []) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = (await db.query<Record<string, string>>(sql)).rows;
        for (const r of rows) {
          const labels = Object.fromEntries(labelNames.map((l) => [l, r[l] ?? '']));
          this.set(labels, Number(r.n));
        }
      },
    });
  countOf('lotse_incidents_open', 'Open incidents', "SELECT count(*) AS n FROM incidents WHERE status = 'open'");
  countOf('lotse_timers_due', 'Timers whose time has come but that have not fired yet', "SELECT count(*) AS n FROM jobs WHERE kind IN ('timer', 'start_timer') AND status = 'ready' AND due_at <= now()");
  countOf('lotse_jobs', 'Service-task jobs by state (ready: waiting for a worker; locked: activated; failed: no retries left, an incident)', JOBS_SQL, ['state']);
  countOf('lotse_sla_breaches', 'SLA clocks breached, by target (response, resolution, step)', SLA_SQL, ['target']);
  new Gauge({
    name: 'lotse_db_pool_connections',
    help: 'Database connections by state (PGlite: one connection, always "total" 1)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = db.poolStats?.() ?? { total: 1, idle: 0, waiting: 0 };
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });

  const http: MiddlewareHandler = async (c, next) => {
    const end = httpDuration.startTimer();
    try {
      await next();
    } finally {
      end({ method: c.req.method, route: routeOf(c), status: String(c.res.status) });
    }
  };
  const engineHook: FlushHook = async (_tx, unit) => {
    units.inc();
    const byKind = new Map<string, number>();
    for (const row of unit.flushed) byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + 1);
    for (const [kind, n] of byKind) steps.inc({ kind }, n);
  };
  return {
    text: () => Registry.merge([processRegistry, registry]).metrics(),
    contentType: registry.contentType,
    http,
    engineHook,
  };
}

/** The matched route pattern (e.g. /api/tasks/:id), or "unmatched" for 404s and static files. */
function routeOf(c: Context): string {
  const p = c.req.routePath;
  return !p || p === '*' || p === '/*' ? (c.req.path.startsWith('/api/') ? 'unmatched' : 'static') : p;
}

const JOBS_SQL = `SELECT status AS state, count(*) AS n FROM jobs WHERE kind = 'service' AND status IN ('ready', 'locked', 'failed') GROUP BY 1`;
const SLA_SQL = `SELECT target, count(*) AS n FROM sla_clocks WHERE state = 'breached' GROUP BY 1`;

/** Who may scrape: the bearer token when METRICS_TOKEN is set, else only the machine itself. */
export function metricsAccess(token: string | null, trustProxy: number): (c: Context) => boolean {
  return (c) => {
    if (token) {
      const given = Buffer.from((c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, ''));
      const want = Buffer.from(token);
      return given.length === want.length && timingSafeEqual(given, want);
    }
    const a = clientAddress(c, trustProxy);
    return a === '127.0.0.1' || a === '0000:0000:0000:0000::/64'; // ::1 is kept as its /64
  };
}
