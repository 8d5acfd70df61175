/**
 * Imports an event log as it arrives: the request body (gzip or plain) is read piece by piece,
 * unzipped, decoded and parsed while it streams in, and the events are written in batches; the
 * log as a whole is never held in memory (CSV excepted, see below). A budget on the uncompressed
 * size answers 413; a client that aborts the upload, a problem in the log or a DELETE of the
 * dataset meanwhile leave nothing stored.
 *
 * CSV logs are collected as text (within the same budget) and parsed at the end: the duplicate
 * check and the date-format detection need the whole file, and the CSV parser is shared with the
 * browser's preview. Their events are still stored in batches.
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Principal } from '../auth/principal';
import type { Db } from '../db/types';
import { HttpError } from '../errors';
import { parseCsvLog, type LogEvent } from '../../common/eventlog';
import {
  BATCH, claimDataset, createDataset, discardDataset, finishDataset, logRefused, saveProgress, storeBatch,
  type DatasetMeta, type ImportProgress, type ImportReport,
} from './dataset-store';
import { XesReader } from './xes';

/** The default budget of one log, uncompressed (EVENTLOG_MAX_MB). */
export const DEFAULT_MAX_LOG_BYTES = 512 * 1024 * 1024;

export const logTooLarge = (maxBytes: number) =>
  new HttpError(413, 'too_large', `The event log is larger than ${Math.round(maxBytes / 1024 / 1024)} MB (uncompressed), the most one import takes`);

/**
 * The body as text pieces: unzipped when it starts with gzip's magic bytes (1f 8b), whatever the
 * headers say; throws 413 as soon as the uncompressed size passes `maxBytes`.
 */
export async function* bodyText(body: ReadableStream<Uint8Array>, maxBytes: number, progress: ImportProgress): AsyncGenerator<string> {
  const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  const chunks = source[Symbol.asyncIterator]();
  const head = await chunks.next();
  if (head.done) return;
  const firstChunk = Buffer.from(head.value as Uint8Array);
  const gzip = firstChunk[0] === 0x1f && firstChunk[1] === 0x8b;
  async function* counted() {
    progress.received += firstChunk.length;
    yield firstChunk;
    for (let n = await chunks.next(); !n.done; n = await chunks.next()) {
      progress.received += (n.value as Uint8Array).length;
      yield n.value as Uint8Array;
    }
  }
  const raw = Readable.from(counted());
  const plain = gzip ? pipeline(raw, createGunzip({ chunkSize: 1 << 16 }), () => {}) : raw;
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of plain as AsyncIterable<Uint8Array>) {
      progress.bytes += chunk.length;
      if (progress.bytes > maxBytes) throw logTooLarge(maxBytes);
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    if ((e as { code?: string }).code?.startsWith('Z_')) throw new HttpError(400, 'bad_gzip', 'The upload starts like a gzip file but cannot be unzipped');
    throw e;
  } finally {
    plain.destroy();
    source.destroy();
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** A string in pieces, for the JSON route (small logs sent inline). */
async function* pieces(text: string): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += 1 << 20) yield text.slice(i, i + (1 << 20));
}

type Source = AsyncIterable<string>;

async function importXes(db: Db, id: string, text: Source, progress: ImportProgress) {
  const reader = new XesReader();
  let pending: LogEvent[] = [];
  let seq = 1;
  // One batch is written while the next is parsed: on PostgreSQL the two overlap (PGlite shares
  // this thread, so there it changes nothing). At most two batches are held.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (all: boolean) => {
    while (pending.length >= BATCH || (all && pending.length)) {
      const batch = pending.length > BATCH ? pending.slice(0, BATCH) : pending;
      pending = pending.length > BATCH ? pending.slice(BATCH) : [];
      await writing;
      progress.events += batch.length;
      progress.traces = reader.traces;
      const from = seq;
      seq += batch.length;
      writing = storeBatch(db, id, from, batch, { ...progress });
      writing.catch(() => {}); // awaited at the next batch or at the end
    }
    if (all) await writing;
  };
  for await (const piece of text) {
    reader.write(piece);
    if (reader.stopped) break;
    for (const e of reader.drain()) pending.push(e);
    if (reader.failed) pending = [];
    else await flush(false);
  }
  const s = reader.end();
  await writing;
  if (s.errors.length) throw logRefused(s.errors, s.warnings);
  for (const e of reader.drain()) pending.push(e);
  await flush(true);
  await finishDataset(db, id, { cases: s.cases, events: s.events, activities: s.activities, first: s.firstEvent, last: s.lastEvent, mapping: { lifecycle: 'complete', dateFormat: 'iso' } });
  return { cases: s.cases, events: s.events, activities: s.activities, dateFormat: 'iso', warnings: s.warnings };
}

async function importCsv(db: Db, id: string, meta: DatasetMeta & { format: 'csv' }, text: Source, progress: ImportProgress) {
  const parts: string[] = [];
  let n = 0;
  for await (const piece of text) {
    parts.push(piece);
    if (++n % 64 === 0) await saveProgress(db, id, progress);
  }
  const log = parseCsvLog(parts.join(''), meta.mapping);
  parts.length = 0;
  if (log.errors.length) throw logRefused(log.errors, log.warnings);
  let first = Infinity;
  let last = -Infinity;
  for (const e of log.events) {
    if (e.time < first) first = e.time;
    if (e.time > last) last = e.time;
  }
  for (let i = 0; i < log.events.length; i += BATCH) {
    const batch = log.events.slice(i, i + BATCH);
    progress.events += batch.length;
    await storeBatch(db, id, i + 1, batch, progress);
  }
  await finishDataset(db, id, { cases: log.cases, events: log.events.length, activities: log.activities, first, last, mapping: { ...meta.mapping, dateFormat: log.dateFormat } });
  return { cases: log.cases, events: log.events.length, activities: log.activities, dateFormat: log.dateFormat, warnings: log.warnings };
}

async function fill(db: Db, id: string, meta: DatasetMeta, text: Source, progress: ImportProgress, started: number): Promise<ImportReport> {
  try {
    const r = meta.format === 'xes' ? await importXes(db, id, text, progress) : await importCsv(db, id, meta, text, progress);
    return { id, name: meta.name, ...r, ms: Math.round(performance.now() - started) };
  } catch (e) {
    await discardDataset(db, id).catch(() => {});
    throw e;
  }
}

/** Imports a log sent inline as JSON (small logs, scripts): stored in batches like an upload. */
export async function importDataset(db: Db, p: Principal, req: DatasetMeta & { content: string }): Promise<ImportReport> {
  const started = performance.now();
  const id = await createDataset(db, p, req, 'importing');
  return fill(db, id, req, pieces(req.content), { received: req.content.length, bytes: req.content.length, events: 0, traces: 0 }, started);
}

/** Fills a pending dataset from a streamed body (PUT …/content), plain or gzip. */
export async function uploadDatasetContent(db: Db, p: Principal, id: string, body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<ImportReport> {
  const started = performance.now();
  const d = await claimDataset(db, p, id);
  const meta = (d.source === 'xes' ? { name: d.name, format: 'xes' } : { name: d.name, format: 'csv', mapping: d.mapping }) as DatasetMeta;
  if (!body) {
    await discardDataset(db, id);
    throw new HttpError(422, 'validation_failed', 'The upload is empty: send the event log as the request body', [{ path: '/content', message: 'must not be empty' }]);
  }
  const progress: ImportProgress = { received: 0, bytes: 0, events: 0, traces: 0 };
  return fill(db, id, meta, bodyText(body, maxBytes, progress), progress, started);
}
