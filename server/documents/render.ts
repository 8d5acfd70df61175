/**
 * Generated documents (issue #20, point 2): a template is Markdown with Handlebars placeholders
 * (`{{person.name}}`, `{{#each items}}`); strict mode makes a missing variable an error naming it,
 * never a half-filled document. The filled Markdown is parsed by markdown-it (raw HTML off) and laid
 * out as a PDF by pdfmake on the server — no browser in the request path, no file or URL access.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import Handlebars from 'handlebars';
import MarkdownIt from 'markdown-it';
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const require = createRequire(import.meta.url);
// pdfmake 0.3's server build is CommonJS and keeps its fonts beside it.
const pdfmake = require('pdfmake') as {
  addFonts(f: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (p: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
};
const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'build', 'fonts', 'Roboto');
pdfmake.addFonts({
  Roboto: {
    normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
    bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
    italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
    bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
  },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(FONT_DIR));

export const MAX_TEMPLATE_CHARS = 100_000;
/** A filled document longer than this is refused (a loop over a huge list is not a certificate). */
export const MAX_FILLED_CHARS = 500_000;

export class TemplateError extends Error {
  constructor(message: string, readonly missing: string[] = []) {
    super(message);
  }
}

const hb = Handlebars.create();
// Values are text in Markdown: HTML entities are decoded by markdown-it, so only Markdown's own
// markers need escaping (a name like "*Anna*" must not turn bold).
hb.Utils.escapeExpression = (value: unknown) =>
  String(value ?? '').replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!).replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');

/** Fills the template; TemplateError names the missing variables (all of them, not only the first). */
export function fillTemplate(body: string, data: Record<string, unknown>): string {
  if (body.length > MAX_TEMPLATE_CHARS) throw new TemplateError(`the template is longer than ${MAX_TEMPLATE_CHARS} characters`);
  let compiled: HandlebarsTemplateDelegate;
  try {
    compiled = hb.compile(body, { strict: true, knownHelpersOnly: true, knownHelpers: { each: true, if: true, unless: true, with: true } });
    compiled({}, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  } catch (err) {
    const message = (err as Error).message;
    if (!/not defined in/.test(message)) throw new TemplateError(`the template cannot be read: ${message.split('\n')[0]}`);
  }
  const missing = new Set<string>();
  const lines = body.split('\n');
  // Strict mode stops at the first gap: fill again with each found gap stubbed, to name them all.
  const stubbed = structuredClone(data) as Record<string, unknown>;
  for (let round = 0; round < 50; round++) {
    try {
      const out = compiled!(stubbed, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      if (missing.size) break;
      if (out.length > MAX_FILLED_CHARS) throw new TemplateError(`the filled document is longer than ${MAX_FILLED_CHARS} characters`);
      return out;
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      const e = err as Error & { lineNumber?: number; column?: number };
      if (!/not defined in/.test(e.message)) throw new TemplateError(`the template cannot be filled: ${e.message.split('\n')[0]}`);
      // The error points at the expression: read its whole path from the template.
      const at = lines[(e.lineNumber ?? 1) - 1]?.slice(e.column ?? 0) ?? '';
      const name = /^[\w.@/-]+/.exec(at)?.[0] ?? /"([^"]+)"/.exec(e.message)?.[1] ?? '?';
      if (missing.has(name)) break; // inside a loop: the item lacks it; stubbing at the top does not help
      missing.add(name);
      setPath(stubbed, name.split('.'), `[${name}]`);
    }
  }
  throw new TemplateError(`missing values: ${[...missing].join(', ')}`, [...missing]);
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown) {
  let at = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof at[k] !== 'object' || at[k] === null) at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]] = value;
}

type Inline = string | { text: Inline[] | string; bold?: boolean; italics?: boolean; decoration?: string };

function inlines(children: Token[]): Inline[] {
  const out: Inline[] = [];
  let bold = false, italics = false;
  for (const t of children) {
    if (t.type === 'strong_open') bold = true;
    else if (t.type === 'strong_close') bold = false;
    else if (t.type === 'em_open') italics = true;
    else if (t.type === 'em_close') italics = false;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out.push('\n');
    else if (t.type === 'text' || t.type === 'code_inline') out.push(bold || italics ? { text: t.content, bold, italics } : t.content);
  }
  return out;
}

const HEADING_SIZE: Record<string, number> = { h1: 18, h2: 15, h3: 13 };

/** Markdown blocks as pdfmake content: headings, paragraphs, lists, rules, tables of two columns. */
export function markdownToContent(markdown: string): unknown[] {
  const tokens = new MarkdownIt({ html: false, linkify: false }).parse(markdown, {});
  const content: unknown[] = [];
  const lists: { ordered: boolean; items: unknown[] }[] = [];
  let table: string[][] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open') {
      content.push({ text: inlines(tokens[i + 1].children ?? []), fontSize: HEADING_SIZE[t.tag] ?? 12, bold: true, margin: [0, 12, 0, 6] });
      i += 2;
    } else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') lists.push({ ordered: t.type === 'ordered_list_open', items: [] });
    else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') {
      const l = lists.pop()!;
      const block = l.ordered ? { ol: l.items, margin: [0, 0, 0, 8] } : { ul: l.items, margin: [0, 0, 0, 8] };
      if (lists.length) lists[lists.length - 1].items.push(block);
      else content.push(block);
    } else if (t.type === 'table_open') table = [];
    else if (t.type === 'tr_open') table?.push([]);
    else if ((t.type === 'th_open' || t.type === 'td_open') && table) table[table.length - 1].push(tokens[i + 1].children?.map((c) => c.content).join('') ?? '');
    else if (t.type === 'table_close' && table) {
      const width = Math.max(...table.map((r) => r.length));
      content.push({ table: { widths: Array(width).fill('*'), body: table.map((r) => [...r, ...Array(width - r.length).fill('')]) }, layout: 'lightHorizontalLines', margin: [0, 4, 0, 10] });
      table = null;
    } else if (t.type === 'inline' && !table) {
      const text = inlines(t.children ?? []);
      if (lists.length) lists[lists.length - 1].items.push({ text });
      else content.push({ text, margin: [0, 0, 0, 8] });
    } else if (t.type === 'hr') content.push({ canvas: [{ type: 'line', x1: 0, y1: 4, x2: 515, y2: 4, lineWidth: 0.5 }], margin: [0, 4, 0, 8] });
  }
  return content;
}

/** A PDF of the filled Markdown (A4, Roboto, the title in the document's metadata). */
export async function renderPdf(markdown: string, title: string): Promise<Buffer> {
  const doc = { info: { title, creator: 'Lotse' }, pageSize: 'A4', pageMargins: [56, 56, 56, 56], content: markdownToContent(markdown), defaultStyle: { font: 'Roboto', fontSize: 11, lineHeight: 1.25 } };
  return pdfmake.createPdf(doc).getBuffer();
}
