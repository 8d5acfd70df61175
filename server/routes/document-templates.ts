import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { listTemplates, previewTemplate, readTemplate, saveTemplate, type TemplateInput } from '../documents/templates';
import { previewBody, templateBody } from '../documents/schemas';
import type { Deps } from './deps';

const pdf = (bytes: Buffer) => new Response(new Uint8Array(bytes), { status: 200, headers: { 'Content-Type': 'application/pdf', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' } });

/** Document templates (mounted at /api/document-templates): the department's owners and admins manage them. */
export function documentTemplateRoutes({ db }: Deps) {
  return new Hono<AppEnv>()
    .get('/', access(['admin', 'owner']), async (c) => c.json({ items: await listTemplates(db, principalOf(c)) }))
    .post('/preview', access(['admin', 'owner']), async (c) => {
      const b = await readBody<{ body: string; sample?: Record<string, unknown>; title?: string }>(c, previewBody);
      return pdf(await previewTemplate(b.body, b.sample ?? {}, b.title));
    })
    .get('/:key', access(['admin', 'owner']), async (c) => c.json(await readTemplate(db, principalOf(c), c.req.param('key'))))
    .put('/:key', access(['admin', 'owner']), async (c) => {
      const saved = await saveTemplate(db, principalOf(c), c.req.param('key'), await readBody<TemplateInput>(c, templateBody));
      return c.json(saved, saved.created ? 201 : 200);
    });
}
