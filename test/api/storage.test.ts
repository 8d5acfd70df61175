/**
 * Issue #20, point 6: storage that scales. The same suite runs against the database store (PGlite,
 * and PostgreSQL when TEST_DATABASE_URL is set) and against an S3 bucket on a local S3-compatible
 * server (s3rver) that the test starts. Over real HTTP: a 25 MB document streams in and out intact,
 * memory grows far less than buffering would need, a 26 MB one is refused with 413 while the server
 * keeps answering, a renamed program is refused by its content, and damaged stored content is never
 * handed out.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { serve } from '@hono/node-server';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { parseStorageUrl, type Config } from '../../server/config';
import { readAll } from '../../server/documents/content';
import { activeStore } from '../../server/documents/storage';
import type { S3ContentStore } from '../../server/documents/storage-s3';
import { dbTargets, type DbTarget } from '../support/db';
import { seededApp, testConfig, type Client } from '../support/api';
import { startLocalS3, type LocalS3 } from '../support/s3';

const MB = 1024 * 1024;

// One full garbage collection before measuring, so that earlier garbage does not hide the growth.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
v8.setFlagsFromString('--no-expose-gc');
const PIECE = 64 * 1024;

/** `bytes` of a PDF-looking file, generated piece by piece (never whole in the test either), with its SHA-256. */
function pdfStream(bytes: number, seed = 1) {
  const hash = createHash('sha256');
  let sent = 0;
  let x = seed;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) {
        controller.close();
        return;
      }
      const piece = Buffer.alloc(Math.min(PIECE, bytes - sent));
      for (let i = 0; i < piece.length; i += 4) piece.writeUInt32LE((x = (x * 1103515245 + 12345) >>> 0), Math.min(i, piece.length - 4));
      if (sent === 0) piece.write('%PDF-1.7\n');
      sent += piece.length;
      hash.update(piece);
      controller.enqueue(piece);
    },
  });
  let digest = '';
  return { stream, sha256: () => (digest ||= hash.digest('hex')) };
}

type Target = { name: string; db: DbTarget; s3: boolean };
const targets: Target[] = [...dbTargets().map((db) => ({ name: `database (${db.name})`, db, s3: false })), { name: 's3 (s3rver)', db: dbTargets()[0], s3: true }];

describe.each(targets)('document storage: $name', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let s3: LocalS3 | null = null;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let agentHr: Client;
  let server: ReturnType<typeof serve>;
  let base = '';
  let employeeId = '';

  beforeAll(async () => {
    const opened = await target.db.open();
    db = opened.db;
    dispose = opened.dispose;
    if (target.s3) s3 = await startLocalS3();
    const config: Config = { ...testConfig, storage: s3 ? parseStorageUrl(s3.url) : null };
    ctx = await seededApp(db, () => new Date(), config);
    const owner = await ctx.as('owner.hr@lotse.demo');
    agentHr = await ctx.as('agent.hr@lotse.demo');
    const hr = (await db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'hr'")).rows[0].id;
    expect((await owner.post('/api/personnel-files', { employeeEmail: 'employee@lotse.demo', departmentId: hr })).status).toBe(201);
    employeeId = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'employee@lotse.demo'")).rows[0].id;
    server = await new Promise((resolve) => {
      const s = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    // Idle connections stay open through slow steps of a loaded machine (Node's 5 s default races the client's reuse).
    (server as Server).keepAliveTimeout = 600_000;
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    (server as Server | undefined)?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    if (s3) (activeStore() as S3ContentStore).client.destroy();
    await s3?.stop();
    await dispose();
  }, 120_000);

  const upload = (body: BodyInit, q: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/personnel-files/${employeeId}/documents?${new URLSearchParams({ type: 'other', date: '2024-01-01', ...q })}`, {
      method: 'POST', body, duplex: 'half', headers: { cookie: agentHr.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf', ...headers },
    } as RequestInit);
  const download = (id: string) => fetch(`${base}/api/documents/${id}/content`, { headers: { cookie: agentHr.cookie } });
  const version = async (id: string) =>
    (await db.query<{ content_id: string; storage: string; sha256: string; size: number }>('SELECT content_id, storage, sha256, size FROM document_versions WHERE document_id = $1', [id])).rows[0];
  const chunkRows = async (contentId?: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM document_chunks${contentId ? ' WHERE content_id = $1' : ''}`, contentId ? [contentId] : [])).rows[0].n;
  const s3Object = async (contentId: string) => {
    const store = activeStore() as S3ContentStore;
    return store.client.send(new GetObjectCommand({ Bucket: store.bucket, Key: store.key(contentId) }));
  };
  /** Hashes a download as it streams; rejects when the server breaks it off. */
  const hashOf = async (res: Response) => {
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(piece);
      size += piece.byteLength;
    }
    return { sha256: hash.digest('hex'), size };
  };

  let bigId = '';

  it('takes a 25 MB document as a stream, stores it where configured and gives it back identical, with little memory', async () => {
    const file = pdfStream(25 * MB);
    gc();
    const m0 = process.memoryUsage();
    const rss0 = m0.rss;
    // Peaks sampled while the upload runs (garbage not yet collected included).
    let peak = rss0;
    let buffers = m0.arrayBuffers;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      buffers = Math.max(buffers, m.arrayBuffers);
    }, 20);
    const started = performance.now();
    const res = await upload(file.stream, { title: 'Großes Dokument', filename: 'gross.pdf' });
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; size: number; sha256: string };
    bigId = body.id;
    expect(body.size).toBe(25 * MB);
    expect(body.sha256).toBe(file.sha256());
    const growth = (peak - rss0) / MB;
    console.log(`[storage ${target.name}] 25 MB upload: ${Math.round(ms)} ms, peak RSS growth ${growth.toFixed(1)} MB, peak ArrayBuffer growth ${((buffers - m0.arrayBuffers) / MB).toFixed(1)} MB (RSS before ${(rss0 / MB).toFixed(0)} MB)`);
    // Buffering the body would hold the file and copies of it. Client, server and — for S3 — s3rver
    // share this process; an in-memory PGlite keeps the stored file, its WAL and its grown WASM heap
    // here too, so only the other targets are held to less than four times the file.
    expect(growth).toBeLessThan(target.s3 || target.db.name === 'postgres' ? 100 : 300);

    const v = await version(bigId);
    if (target.s3) {
      expect(v.storage).toBe('s3');
      expect(await chunkRows(v.content_id)).toBe(0);
      expect((await s3Object(v.content_id)).ContentLength).toBe(25 * MB);
    } else {
      expect(v.storage).toBe('db');
      expect(await chunkRows(v.content_id)).toBe(100);
    }
    const got = await download(bigId);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(25 * MB));
    expect(await hashOf(got)).toEqual({ sha256: file.sha256(), size: 25 * MB });
  }, 240_000);

  it('refuses 26 MB with 413 — announced or streamed — keeps nothing of it and goes on answering', async () => {
    const before = target.s3 ? null : await chunkRows();
    const versions = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM document_versions')).rows[0].n;
    // Announced by Content-Length: refused before a byte is read.
    const announced = await fetch(`${base}/api/personnel-files/${employeeId}/documents?type=other&title=x&date=2024-01-01&filename=x.pdf`, {
      method: 'POST', body: Buffer.alloc(26 * MB, 0x25), headers: { cookie: agentHr.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf' },
    }).catch((err: Error) => err);
    // Node may close the socket while the client is still sending: then the client sees the reset instead.
    // (@hono/node-server replaces the global Response, so fetch's answers are told by their status.)
    if (!(announced instanceof Error)) {
      expect(announced.status).toBe(413);
      expect(((await announced.json()) as { errors: { path: string }[] }).errors[0].path).toBe('/file');
    }
    // Streamed without a length: refused when the 25 MB are passed.
    const streamed = await upload(pdfStream(26 * MB, 2).stream, { title: 'Zu groß', filename: 'gross.pdf' }).catch((err: Error) => err);
    if (!(streamed instanceof Error)) expect(streamed.status).toBe(413);
    else expect.fail(`the streamed 26 MB upload ended without an answer: ${streamed.message}`);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM document_versions')).rows[0].n).toBe(versions);
    if (before !== null) expect(await chunkRows()).toBe(before);
  }, 240_000);

  it('sniffs the type from the content: a renamed program is refused, a file sent without a type gets its own', async () => {
    const exe = await upload(Buffer.from('MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode'), { title: 'Tool', filename: 'tool.pdf' });
    expect(exe.status).toBe(422);
    expect(((await exe.json()) as { errors: { path: string }[] }).errors[0].path).toBe('/file');
    const unknown = await upload(Buffer.from('MZ\x90\x00\x03\x00'), { title: 'Tool', filename: 'tool.pdf' }, { 'content-type': 'application/octet-stream' });
    expect(unknown.status).toBe(422);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
    const sniffed = await upload(png, { title: 'Scan', filename: 'scan.pdf' }, { 'content-type': 'application/octet-stream' });
    expect(sniffed.status).toBe(201);
    const got = await download(((await sniffed.json()) as { id: string }).id);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
  }, 60_000);

  it('never hands out damaged content: a changed byte breaks the download off, a shortened content is refused with a clear error', async () => {
    const original = Buffer.alloc(600 * 1024, 0x41);
    original.write('%PDF-1.4\n');
    const filed = await upload(original, { title: 'Vertrag', filename: 'vertrag.pdf' });
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    const v = await version(id);
    expect(await readAll(db, v.content_id, v.sha256)).toEqual(original);

    const damaged = Buffer.from(original);
    damaged[400 * 1024] ^= 0xff;
    const store = activeStore() as S3ContentStore;
    const replace = async (bytes: Buffer) => {
      if (target.s3) await store.client.send(new PutObjectCommand({ Bucket: store.bucket, Key: store.key(v.content_id), Body: bytes }));
      else {
        await db.query('DELETE FROM document_chunks WHERE content_id = $1', [v.content_id]);
        for (let seq = 0; seq * 256 * 1024 < bytes.length; seq++) {
          await db.query('INSERT INTO document_chunks (content_id, seq, bytes) VALUES ($1, $2, $3)', [v.content_id, seq, bytes.subarray(seq * 256 * 1024, (seq + 1) * 256 * 1024)]);
        }
      }
    };
    await replace(damaged);
    const broken = await download(id);
    expect(broken.status).toBe(200);
    await expect(hashOf(broken)).rejects.toThrow();
    await expect(readAll(db, v.content_id, v.sha256)).rejects.toThrow(/does not match its checksum/);

    await replace(original.subarray(0, 500 * 1024));
    const short = await download(id);
    expect(short.status).toBe(500);
    expect(await short.json()).toMatchObject({ code: 'content_damaged' });
    // The server goes on serving intact documents.
    expect(await hashOf(await download(bigId))).toMatchObject({ size: 25 * MB });
  }, 120_000);
});
