import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import fs from 'node:fs';
import path from 'node:path';
import { HttpError } from './errors';
import { localizeAnswer, localizeErrors } from './http/messages';
import type { AppEnv } from './http/context';
import { csrfGuard, sessionMiddleware } from './http/session';
import { nulGuard } from './http/nul';
import { adminRoutes } from './routes/admin';
import { apiTokenRoutes } from './routes/api-tokens';
import { articleRoutes } from './routes/articles';
import { authRoutes } from './routes/auth';
import { catalogRoutes } from './routes/catalog';
import { departmentRoutes } from './routes/departments';
import { directoryRoutes, userRoutes } from './routes/directory';
import type { Deps } from './routes/deps';
import { fileRoutes } from './routes/files';
import { formRoutes } from './routes/forms';
import { healthRoutes } from './routes/health';
import { currentRequestId, requestIds } from './http/request-id';
import { createMetrics, metricsAccess } from './ops/metrics';
import { Engine } from './engine/runtime/runtime';
import { serverWiring, wireEngine } from './engine-wiring';
import { groupRoutes } from './routes/groups';
import { incidentRoutes } from './routes/incidents';
import { insightRoutes } from './routes/insights';
import { instanceRoutes } from './routes/instances';
import { jobRoutes } from './routes/jobs';
import { mailboxRoutes, requestMailRoutes } from './routes/mailboxes';
import { meRoutes } from './routes/me';
import { messageRoutes, signalRoutes } from './routes/messages';
import { eventRoutes, notificationRoutes } from './routes/notifications';
import { definitionRoutes, processRoutes } from './routes/processes';
import { migrationRoutes } from './routes/migrations';
import { personnelFileRoutes } from './routes/personnel-files';
import { documentRoutes } from './routes/documents';
import { configureContentStore } from './documents/storage-s3';
import { documentTemplateRoutes } from './routes/document-templates';
import { privacyRoutes } from './routes/privacy';
import { retentionRoutes } from './routes/retention';
import { absenceRoutes } from './routes/absences';
import { masterDataRoutes } from './routes/master-data';
import { deploymentRoutes } from './routes/deployments';
import { calendarRoutes, slaRoutes } from './routes/sla';
import { secretRoutes } from './routes/secrets';
import { taskRoutes } from './routes/tasks';
import { openApiRoutes } from './routes/openapi';
import { problemRoutes } from './routes/problems';

export type { Deps } from './routes/deps';

const constraintAnswers: Record<string, [409 | 400, string, string]> = {
  '23505': [409, 'conflict', 'This already exists'],
  '23503': [409, 'conflict', 'This refers to something that does not exist or is still in use'],
  '40001': [409, 'conflict', 'A concurrent change got in the way; try again'],
  '40P01': [409, 'conflict', 'A concurrent change got in the way; try again'],
  // A NUL character that slipped past the HTTP boundary (server/http/nul.ts) is still the client's.
  '22021': [400, 'nul_character', 'The input contains a character that cannot be stored (NUL)'],
  '22P05': [400, 'nul_character', 'The input contains a character that cannot be stored (NUL)'],
};

export const MAX_BODY_BYTES = 1024 * 1024;
/** Routes that carry models (up to 5 MB of XML, JSON-escaped) or uploads. */
const LARGE_BODY_PATHS: [RegExp, number][] = [
  [/^\/api\/deployments$/, 12 * 1024 * 1024],
  [/^\/api\/processes\/[^/]+\/draft$/, 12 * 1024 * 1024],
  [/^\/api\/files$/, 26 * 1024 * 1024],
  [/^\/api\/insights\/datasets$/, 64 * 1024 * 1024],
];
/** Routes that read their body as a stream and keep their own budget (hono's bodyLimit would buffer a chunked body). */
const STREAMED_BODY_PATHS = [/^\/api\/insights\/datasets\/[^/]+\/content$/, /^\/api\/personnel-files\/[^/]+\/documents$/];

/** Builds the HTTP app: API routes per resource, then the built SPA with a client-route fallback. */
export function createApp(base: Omit<Deps, 'engine'> & { engine?: Engine }) {
  // An engine handed in is wired by its maker (main.ts: wireEngine); one made here is wired here.
  const engine = base.engine ?? wireEngine(new Engine(base.db, base.now, base.log), serverWiring(base.config));
  const deps: Deps = { ...base, engine };
  const { log, config } = deps;
  configureContentStore(config.storage ?? null, log);
  const app = new Hono<AppEnv>();

  app.use('*', requestIds);
  const metrics = createMetrics(deps.db);
  if (!engine.ports.flushHooks.includes(metrics.engineHook)) engine.ports.flushHooks.push(metrics.engineHook);
  app.use('*', metrics.http);
  const mayScrape = metricsAccess(config.metricsToken ?? null, config.trustProxy);
  app.get('/metrics', async (c) => {
    if (!mayScrape(c)) return c.json({ error: 'Metrics need the METRICS_TOKEN or a request from this machine', code: 'forbidden', requestId: currentRequestId() }, 403);
    return c.body(await metrics.text(), 200, { 'content-type': metrics.contentType });
  });

  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - start) * 10) / 10 });
  });

  const limiters = new Map<number, ReturnType<typeof bodyLimit>>();
  const limiter = (bytes: number) => {
    let l = limiters.get(bytes);
    if (!l) {
      l = bodyLimit({
        maxSize: bytes,
        onError: () => {
          throw new HttpError(413, 'too_large', `The request body is larger than ${bytes / 1024 / 1024} MB`);
        },
      });
      limiters.set(bytes, l);
    }
    return l;
  };
  app.use('/api/*', (c, next) => STREAMED_BODY_PATHS.some((re) => re.test(c.req.path)) ? next() : limiter(LARGE_BODY_PATHS.find(([re]) => re.test(c.req.path))?.[1] ?? MAX_BODY_BYTES)(c, next));
  app.use('/api/*', sessionMiddleware(deps.db, deps.now));
  app.use('/api/*', csrfGuard);
  app.use('/api/*', nulGuard);

  // One sub-app per resource, each under its own prefix.
  const api = app
    .route('/api/health', healthRoutes(deps))
    .route('/api/auth', authRoutes(deps))
    .route('/api/me', meRoutes(deps))
    .route('/api/departments', departmentRoutes(deps))
    .route('/api/directory', directoryRoutes(deps))
    .route('/api/users', userRoutes(deps))
    .route('/api/groups', groupRoutes(deps))
    .route('/api/admin/api-tokens', apiTokenRoutes(deps))
    .route('/api/admin', adminRoutes(deps))
    .route('/api/forms', formRoutes(deps))
    .route('/api/files', fileRoutes(deps))
    .route('/api/processes', processRoutes(deps))
    .route('/api/deployments', deploymentRoutes(deps))
    .route('/api/definitions', definitionRoutes(deps))
    .route('/api/catalog', catalogRoutes(deps))
    .route('/api/process-instances', instanceRoutes(deps))
    .route('/api/tasks', taskRoutes(deps))
    .route('/api/messages', messageRoutes(deps))
    .route('/api/signals', signalRoutes(deps))
    .route('/api/jobs', jobRoutes(deps))
    .route('/api/incidents', incidentRoutes(deps))
    .route('/api/notifications', notificationRoutes(deps))
    .route('/api/events', eventRoutes(deps))
    .route('/api/calendars', calendarRoutes(deps))
    .route('/api/sla', slaRoutes(deps))
    .route('/api/insights', insightRoutes(deps))
    .route('/api/secrets', secretRoutes(deps))
    .route('/api/admin/mailboxes', mailboxRoutes(deps))
    .route('/api/request-mails', requestMailRoutes(deps))
    .route('/api/process-definitions', migrationRoutes(deps))
    .route('/api/personnel-files', personnelFileRoutes(deps))
    .route('/api/personnel-files', masterDataRoutes(deps))
    .route('/api/documents', documentRoutes(deps))
    .route('/api/document-templates', documentTemplateRoutes(deps))
    .route('/api/retention', retentionRoutes(deps))
    .route('/api/privacy', privacyRoutes(deps))
    .route('/api/absences', absenceRoutes(deps))
    .route('/api/problems', problemRoutes(deps))
    .route('/api/articles', articleRoutes(deps))
    .route('/api', openApiRoutes(() => app.routes));

  app.all('/api/*', (c) => c.json({ error: `No API route ${c.req.method} ${c.req.path}`, code: 'not_found', requestId: currentRequestId() }, 404));

  if (config.staticDir && fs.existsSync(path.join(config.staticDir, 'index.html'))) {
    const root = config.staticDir;
    app.use('*', async (c, next) => {
      await next();
      const immutable = c.req.path.startsWith('/assets/') && c.res.status === 200; // hashed file names
      c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
    app.use('*', serveStatic({ root }));
    // Client-side routes (e.g. /portal, /admin/users) get the app shell.
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      // Validation problems read as sentences in the client's language (Accept-Language, de or en).
      const lang = c.req.header('accept-language');
      const errors = err.errors ? { errors: localizeErrors(err.errors, lang) } : {};
      return c.json({ error: localizeAnswer(err.code, err.message, lang), code: err.code, ...errors, ...err.details, requestId: currentRequestId() }, err.status);
    }
    const pgCode = (err as { code?: unknown }).code;
    if (typeof pgCode === 'string' && pgCode in constraintAnswers) {
      // A race between two writers that the domain check could not see: still the client's problem, not a crash.
      const [status, code, message] = constraintAnswers[pgCode];
      return c.json({ error: message, code, requestId: currentRequestId() }, status);
    }
    log.error('unhandled error', { method: c.req.method, path: c.req.path, error: err.stack ?? String(err) });
    return c.json({ error: 'Internal server error', code: 'internal', requestId: currentRequestId() }, 500);
  });

  return api;
}

