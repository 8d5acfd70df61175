import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { badRequest, HttpError } from '../errors';
import { MAX_DOCUMENT_BYTES } from '../documents/content';
import { accessLog, fileDocument, listFiles, openFile, readFile } from '../documents/personnel';
import { openFileBody } from '../documents/schemas';
import { filingAbsence } from '../documents/filing-absence';
import type { Deps } from './deps';

/** The body as it arrives, piece by piece (never read whole); `ended` once it was read to its end. */
function bodyStream(body: ReadableStream<Uint8Array> | null) {
  const state = { ended: !body };
  async function* pieces(): AsyncGenerator<Uint8Array> {
    if (!body) return;
    const reader = body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        state.ended = true;
        return;
      }
      yield value;
    }
  }
  return { state, pieces: pieces() };
}

/**
 * Personnel files (mounted at /api/personnel-files): keepers (the department's agents and owners)
 * list and file, the employee reads their own (`me`). A document is uploaded as the raw request
 * body with its Content-Type; type, title, date and file name in the query — for a sick note filed
 * by HR also the days of the absence it records (absentFrom, absentTo, substituteEmail).
 */
export function personnelFileRoutes({ db }: Deps) {
  const employee = (c: { req: { param(n: 'employeeId'): string } }, p: { id: string }) => {
    const id = c.req.param('employeeId');
    return id === 'me' ? p.id : isUuid(id, 'Personnel file');
  };
  return new Hono<AppEnv>()
    .get('/', access(['admin', 'owner', 'agent']), async (c) => c.json({ items: await listFiles(db, principalOf(c)) }))
    .post('/', access(['admin', 'owner']), async (c) => c.json(await openFile(db, principalOf(c), await readBody(c, openFileBody)), 201))
    .get('/:employeeId', access('authenticated'), async (c) => c.json(await readFile(db, principalOf(c), employee(c, principalOf(c)))))
    .get('/:employeeId/log', access('authenticated'), async (c) => c.json({ items: await accessLog(db, principalOf(c), employee(c, principalOf(c))) }))
    .post('/:employeeId/documents', access('authenticated'), async (c) => {
      const p = principalOf(c);
      const q = (n: string) => c.req.query(n) ?? '';
      const contentType = c.req.header('content-type') ?? '';
      if (contentType.toLowerCase().startsWith('multipart/')) throw badRequest('Send the document as the request body with its own Content-Type, not as multipart');
      // A body announced larger than the limit is refused unread; one without a length is counted while it streams (content.ts).
      const length = Number(c.req.header('content-length') ?? 0);
      // A body refused before its end is not read on: the connection closes after the answer (it cannot carry another request).
      if (length > MAX_DOCUMENT_BYTES) c.header('Connection', 'close');
      if (length > MAX_DOCUMENT_BYTES) throw new HttpError(413, 'too_large', `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`, [{ path: '/file', message: `is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB` }]);
      const documentId = c.req.query('documentId');
      const meta = { type: q('type'), title: q('title'), date: q('date'), filename: q('filename'), ...(documentId ? { documentId: isUuid(documentId, 'Document') } : {}) };
      const absence = filingAbsence(p, meta.type, !documentId, { absentFrom: c.req.query('absentFrom'), absentTo: c.req.query('absentTo'), substituteEmail: c.req.query('substituteEmail') });
      const body = bodyStream(c.req.raw.body);
      try {
        const { extra, ...filed } = await fileDocument(db, p, employee(c, p), meta, body.pieces, contentType, 'uploaded', null, absence);
        return c.json({ ...filed, ...(extra ? { absenceId: extra.absenceId } : {}) }, 201);
      } catch (err) {
        if (!body.state.ended) c.header('Connection', 'close');
        throw err;
      }
    });
}
