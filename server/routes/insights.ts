import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { datasetMap, datasetSummary, deleteDataset, importDataset, listDatasets, type ImportRequest } from '../insights/datasets';
import { createDataset, datasetProgress } from '../insights/dataset-store';
import { DEFAULT_MAX_LOG_BYTES, logTooLarge, uploadDatasetContent } from '../insights/dataset-import';
import { diagramFor, insightProcesses } from '../insights/processes';
import { cycleTimes, escalations, overview, slaReport, steps, variants } from '../insights/kpis';
import { channels } from '../insights/channels';
import { importSchema } from '../insights/schemas';
import { activityNames, CSV_HEADER, csvLines, eventPages, ocelLog, XES_HEAD, XES_TAIL, xesTraces } from '../insights/exports';
import { parseFilter, resolveScope } from '../insights/scope';
import type { Deps } from './deps';

// Analysts read every department, process owners their own (decided per query); nobody else.
const readers = access(['analyst', 'owner', 'admin']);

/** KPIs, the diagram heatmap, event-log exports and imported datasets. */
export function insightRoutes({ db, now, config }: Deps) {
  const maxLogBytes = config.maxEventLogBytes ?? DEFAULT_MAX_LOG_BYTES;
  const scope = (c: { req: { query(n: string): string | undefined } }, p: ReturnType<typeof principalOf>) =>
    resolveScope(db, p, parseFilter((n) => c.req.query(n), now()));
  const datasetId = (c: { req: { param(n: 'id'): string } }) => isUuid(c.req.param('id'), 'Dataset');
  return new Hono<AppEnv>()
    .get('/processes', readers, async (c) => c.json({ items: await insightProcesses(db, principalOf(c)) }))
    .get('/overview', readers, async (c) => c.json(await overview(db, await scope(c, principalOf(c)), now())))
    .get('/cycle-times', readers, async (c) => c.json(await cycleTimes(db, await scope(c, principalOf(c)))))
    .get('/steps', readers, async (c) => c.json(await steps(db, await scope(c, principalOf(c)))))
    .get('/sla', readers, async (c) => c.json(await slaReport(db, await scope(c, principalOf(c)))))
    .get('/escalations', readers, async (c) => c.json(await escalations(db, await scope(c, principalOf(c)))))
    .get('/variants', readers, async (c) => c.json(await variants(db, await scope(c, principalOf(c)))))
    .get('/channels', readers, async (c) => c.json(await channels(db, await scope(c, principalOf(c)))))
    .get('/diagram', readers, async (c) => c.json(await diagramFor(db, principalOf(c), c.req.query('processKey'), c.req.query('version'))))
    .get('/export/:format{csv|xes|ocel}', readers, async (c) => {
      const s = await scope(c, principalOf(c));
      const format = c.req.param('format');
      const name = `lotse-${s.filter.processKey ?? 'all'}-${s.filter.from}-${s.filter.to}`;
      if (format === 'ocel') {
        c.header('Content-Disposition', `attachment; filename="${name}.ocel.json"`);
        return c.json(await ocelLog(db, s));
      }
      const names = await activityNames(db, s);
      c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/xml; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${name}.${format}"`);
      return stream(c, async (out) => {
        await out.write(format === 'csv' ? CSV_HEADER : XES_HEAD);
        for await (const page of eventPages(db, s)) await out.write(format === 'csv' ? csvLines(page, names) : xesTraces(page, names));
        if (format === 'xes') await out.write(XES_TAIL);
      });
    })
    .get('/datasets', readers, async (c) => c.json({ items: await listDatasets(db, principalOf(c)) }))
    .post('/datasets', readers, async (c) => {
      const req = await readBody<ImportRequest>(c, importSchema);
      if (req.content !== undefined) return c.json(await importDataset(db, principalOf(c), { ...req, content: req.content }), 201);
      const id = await createDataset(db, principalOf(c), req);
      return c.json({ id, status: 'pending' as const, upload: `/api/insights/datasets/${id}/content` }, 202);
    })
    // The log itself, streamed (plain or gzip, any content type): parsed and stored while it arrives.
    .put('/datasets/:id/content', readers, async (c) => {
      const id = datasetId(c);
      const length = Number(c.req.header('content-length') ?? 0);
      // A gzip body can be a tenth of the log; only a body already over the budget is refused unread.
      if (length > maxLogBytes) {
        await deleteDataset(db, principalOf(c), id);
        throw logTooLarge(maxLogBytes);
      }
      return c.json(await uploadDatasetContent(db, principalOf(c), id, c.req.raw.body, maxLogBytes), 201);
    })
    .get('/datasets/:id/progress', readers, async (c) => c.json(await datasetProgress(db, principalOf(c), datasetId(c))))
    .get('/datasets/:id', readers, async (c) => c.json(await datasetSummary(db, principalOf(c), datasetId(c))))
    .get('/datasets/:id/map', readers, async (c) => c.json(await datasetMap(db, principalOf(c), datasetId(c))))
    .delete('/datasets/:id', readers, async (c) => {
      await deleteDataset(db, principalOf(c), datasetId(c));
      return c.body(null, 204);
    });
}
