/**
 * Writes a synthetic XES log shaped like BPIC 2012 (the Dutch loan-application log, 4TU): by
 * default 13,087 traces and about 262,000 events over the same 24 activities, SCHEDULE / START /
 * COMPLETE transitions, numeric resources, REG_DATE and AMOUNT_REQ on each trace, the same
 * indentation, so the file is about the original's 70 MB. Deterministic (a seeded generator).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';

const A = ['A_SUBMITTED', 'A_PARTLYSUBMITTED', 'A_PREACCEPTED', 'A_ACCEPTED', 'A_FINALIZED', 'A_APPROVED', 'A_REGISTERED', 'A_ACTIVATED', 'A_DECLINED', 'A_CANCELLED'];
const O = ['O_SELECTED', 'O_CREATED', 'O_SENT', 'O_SENT_BACK', 'O_ACCEPTED', 'O_DECLINED', 'O_CANCELLED'];
const W = ['W_Afhandelen leads', 'W_Completeren aanvraag', 'W_Nabellen offertes', 'W_Valideren aanvraag', 'W_Nabellen incomplete dossiers', 'W_Beoordelen fraude', 'W_Wijzigen contractgegevens'];

/** mulberry32: small, fast, good enough for test data. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stamp = (ms: number) => new Date(ms).toISOString().replace('Z', '+01:00');
const event = (name: string, transition: string, ms: number, resource: string | null) =>
  `\t\t<event>\n${resource ? `\t\t\t<string key="org:resource" value="${resource}"/>\n` : ''}\t\t\t<string key="lifecycle:transition" value="${transition}"/>\n\t\t\t<string key="concept:name" value="${name}"/>\n\t\t\t<date key="time:timestamp" value="${stamp(ms)}"/>\n\t\t</event>\n`;

export interface GeneratedLog {
  traces: number;
  events: number;
  completes: number;
  bytes: number;
}

/** Writes the log to `file` (gzip when `gzip`); `traces` and `eventsPerTrace` set the shape. */
export async function writeBpicLikeLog(file: string, opts: { traces?: number; eventsPerTrace?: number; gzip?: boolean; seed?: number } = {}): Promise<GeneratedLog> {
  const traces = opts.traces ?? 13087;
  const perTrace = opts.eventsPerTrace ?? 20.03; // 262,200 / 13,087
  const random = rng(opts.seed ?? 2012);
  const out = createWriteStream(file);
  const gz = opts.gzip ? createGzip({ level: 6 }) : null;
  if (gz) gz.pipe(out);
  const sink = gz ?? out;
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!sink.write(s)) await once(sink, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>\n<log xes.version="1.0" xes.features="nested-attributes" openxes.version="1.0RC7" xmlns="http://www.xes-standard.org/">\n`
    + `\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n`
    + `\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n`
    + `\t<global scope="trace">\n\t\t<string key="concept:name" value="__INVALID__"/>\n\t</global>\n\t<global scope="event">\n\t\t<string key="concept:name" value="__INVALID__"/>\n\t\t<string key="lifecycle:transition" value="complete"/>\n\t</global>\n`
    + `\t<classifier name="Activity" keys="concept:name"/>\n\t<string key="concept:name" value="financial_log.xes.gz"/>\n`);
  let events = 0;
  let completes = 0;
  let t = Date.parse('2011-10-01T00:00:00Z');
  for (let i = 0; i < traces; i++) {
    t += random() * 13 * 60_000;
    const start = t;
    const n = Math.max(3, Math.round(perTrace * (0.3 + random() * 1.4)));
    let trace = `\t<trace>\n\t\t<string key="concept:name" value="${173688 + i * 2}"/>\n\t\t<date key="REG_DATE" value="${stamp(start)}"/>\n\t\t<string key="AMOUNT_REQ" value="${Math.round(random() * 50) * 1000}"/>\n`;
    let at = start;
    let k = 0;
    // The A_ start of every case, then offers (O_) and work items (W_, with SCHEDULE/START/COMPLETE).
    for (const a of A.slice(0, 3)) {
      if (k >= n) break;
      trace += event(a, 'COMPLETE', (at += random() * 60_000), '112');
      k++;
    }
    while (k < n) {
      const r = random();
      if (r < 0.5 && k + 3 <= n) {
        const w = W[Math.floor(random() ** 2 * W.length)];
        const res = String(10000 + Math.floor(random() * 60));
        trace += event(w, 'SCHEDULE', (at += random() * 3_600_000), '112');
        trace += event(w, 'START', (at += random() * 86_400_000), res);
        trace += event(w, 'COMPLETE', (at += random() * 1_800_000), res);
        k += 3;
      } else {
        const pool = r < 0.8 ? O : A.slice(3);
        trace += event(pool[Math.floor(random() * pool.length)], 'COMPLETE', (at += random() * 7_200_000), String(10000 + Math.floor(random() * 60)));
        k++;
      }
    }
    events += k;
    completes += (trace.match(/"COMPLETE"/g) ?? []).length;
    await write(`${trace}\t</trace>\n`);
  }
  await write('</log>\n');
  sink.end();
  await once(out, 'finish');
  return { traces, events, completes, bytes };
}
