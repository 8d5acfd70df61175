/**
 * One inbound mail, parsed (mailparser) into what Lotse keeps: sender, subject, safe plain text
 * (HTML converted with html-to-text, never stored or shown as HTML), thread references,
 * attachments, and whether it is an automatic mail that must never start a request or a reply.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { convert } from 'html-to-text';
import { MAX_MAIL_SUBJECT_CHARS, MAX_MAIL_TEXT_CHARS } from '../../common/limits';

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface InboundMail {
  messageId: string;
  from: string;
  fromName: string | null;
  subject: string;
  text: string;
  inReplyTo: string[];
  references: string[];
  /** The headers a person checking the mail wants to see (timeline). */
  headers: Record<string, string>;
  attachments: InboundAttachment[];
  /** Why this mail is automatic (auto-reply, list, bounce), or null for a mail a person wrote. */
  automatic: string | null;
  /** The receiving server found the From domain forged (Authentication-Results: dmarc=fail). */
  spoofed: boolean;
  /** de or en, from Content-Language or Accept-Language, when the mail says. */
  language: 'de' | 'en' | null;
}

const SHOWN_HEADERS = ['from', 'to', 'cc', 'date', 'subject', 'message-id', 'in-reply-to', 'references', 'auto-submitted', 'precedence'];
const OUT_OF_OFFICE = /^\s*(?:(?:re|aw|fwd?|wg)\s*:\s*)*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply|abwesenheit|abwesenheitsnotiz|automatische antwort|i am (?:currently )?out of|ich bin (?:zurzeit |derzeit )?nicht im büro)/i;

function headerText(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name);
  return line ? line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

const ids = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map((s) => s.trim()).filter(Boolean);
const firstAddress = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0];

/** Why a mail is automatic, or null: RFC 3834 Auto-Submitted, Precedence, vendor auto-reply headers, lists, bounces, out-of-office subjects. */
export function automaticReason(mail: ParsedMail, from: string): string | null {
  const auto = headerText(mail, 'auto-submitted').toLowerCase();
  if (auto && auto !== 'no') return 'auto_submitted';
  if (/^(bulk|junk|list|auto_reply)$/i.test(headerText(mail, 'precedence'))) return 'precedence';
  if (headerText(mail, 'x-autoreply') || headerText(mail, 'x-autorespond') || /\b(all|oof|autoreply)\b/i.test(headerText(mail, 'x-auto-response-suppress'))) return 'auto_reply';
  if (headerText(mail, 'list-id') || headerText(mail, 'list-unsubscribe')) return 'mailing_list';
  if (headerText(mail, 'return-path') === '<>' || /^(mailer-daemon|postmaster)@/i.test(from)) return 'bounce';
  if (OUT_OF_OFFICE.test(mail.subject ?? '')) return 'out_of_office';
  return null;
}

/** The reply without the quoted mail below it (lines after "On … wrote:" / "Am … schrieb …:" or a run of "> " lines). */
export function withoutQuote(text: string): string {
  const lines = text.split(/\r?\n/);
  const cut = lines.findIndex((l, i) =>
    /^(on|am)\s.+(wrote|schrieb)[^:]*:\s*$/i.test(l.trim()) || /^-{2,}\s*(original message|ursprüngliche nachricht)/i.test(l.trim()) || (l.startsWith('>') && (lines[i + 1] ?? '>').startsWith('>')));
  const kept = cut > 0 ? lines.slice(0, cut) : lines;
  return kept.join('\n').trim() || text.trim();
}

export function htmlToSafeText(html: string): string {
  return convert(html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }, { selector: 'a', options: { hideLinkHrefIfSameAsText: true } }] });
}

function language(mail: ParsedMail): 'de' | 'en' | null {
  const v = (headerText(mail, 'content-language') || headerText(mail, 'accept-language')).toLowerCase();
  return v.startsWith('en') ? 'en' : v.startsWith('de') ? 'de' : null;
}

/** Parses a raw mail; a mail without Message-ID gets one from its content hash (so it is still taken in once). */
export async function parseMail(raw: Buffer): Promise<InboundMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  // The sender is From (who wrote it), not Reply-To (where answers should go: anyone can set it).
  const sender = firstAddress(mail.from);
  const from = (sender?.address ?? '').toLowerCase();
  // mailparser derives a text from HTML-only mails itself (with image names and link targets):
  // without a text/plain part of its own, the HTML is converted here with html-to-text instead.
  const hasPlainPart = /^content-type:\s*text\/plain/im.test(raw.toString('latin1', 0, Math.min(raw.length, 4 * 1024 * 1024)));
  const text = mail.html && !hasPlainPart ? htmlToSafeText(mail.html) : (mail.text ?? '');
  const headers: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const v = headerText(mail, name);
    if (v) headers[name] = v.slice(0, 1000);
  }
  return {
    messageId: (mail.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@lotse.no-message-id>`).slice(0, 998),
    from,
    fromName: sender?.name?.trim() || null,
    subject: (mail.subject ?? '').trim().slice(0, MAX_MAIL_SUBJECT_CHARS),
    text: text.replace(/\r\n/g, '\n').trim().slice(0, MAX_MAIL_TEXT_CHARS),
    inReplyTo: ids(mail.inReplyTo),
    references: ids(mail.references),
    headers,
    attachments: mail.attachments
      .filter((a) => a.contentDisposition !== 'inline' || a.filename)
      .map((a) => ({ filename: a.filename ?? 'attachment', contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(), content: a.content })),
    automatic: automaticReason(mail, from),
    spoofed: /\bdmarc=fail\b/i.test(headerText(mail, 'authentication-results')),
    language: language(mail),
  };
}

/** Only the headers of a mail too large to take in (for the note to the owners). */
export async function parseHeadersOnly(raw: Buffer): Promise<InboundMail> {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end > 0 ? Math.min(end + 4, 256 * 1024) : Math.min(raw.length, 256 * 1024));
  const mail = await parseMail(Buffer.concat([head, Buffer.from('\r\n')]));
  return { ...mail, text: '', attachments: [], messageId: mail.messageId.includes('@lotse.no-message-id') ? `<${createHash('sha256').update(raw).digest('hex')}@lotse.no-message-id>` : mail.messageId };
}
