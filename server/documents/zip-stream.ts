/**
 * A ZIP written while it is read (fflate's streaming Zip): entries are added one after another,
 * a document's bytes pass through chunk by chunk, and the response receives each piece as soon as
 * it is compressed — an export of many documents never sits whole in memory.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  name: string;
  /** Whole (JSON) or streamed (document contents). */
  data: Uint8Array | AsyncIterable<Uint8Array>;
  /** false for contents already compressed (PDF, images): stored as they are. */
  compress?: boolean;
}

export async function* zipChunks(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  };
  for await (const entry of entries) {
    const file = entry.compress === false ? new ZipPassThrough(entry.name) : new ZipDeflate(entry.name, { level: 6 });
    zip.add(file);
    if (entry.data instanceof Uint8Array) {
      file.push(entry.data, true);
    } else {
      for await (const piece of entry.data) {
        file.push(piece);
        yield* drain();
      }
      file.push(new Uint8Array(0), true);
    }
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** A web stream over an async generator: the next piece is made only when the reader asks for it. */
export function toReadableStream(source: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await source.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}

export const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));
