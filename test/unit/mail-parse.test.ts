// What an inbound mail is taken as: automatic or written by a person, its text without HTML or the quoted mail.
import { describe, expect, it } from 'vitest';
import { parseMail, withoutQuote } from '../../server/mail-inbound/parse';

const raw = (headers: string[], body: string, type = 'text/plain; charset=utf-8') =>
  Buffer.from([...headers, 'Message-ID: <m1@sender.test>', 'MIME-Version: 1.0', `Content-Type: ${type}`, '', body, ''].join('\r\n'));

describe('inbound mail parsing', () => {
  it('turns an HTML-only mail into plain text without markup, scripts or images', async () => {
    const mail = await parseMail(raw(['From: Erika <Employee@Lotse.demo>', 'Subject: Licht'], '<p>Das <b>Licht</b> flackert.</p><script>alert(1)</script><img src="x.png"><a href="https://x.test">https://x.test</a>', 'text/html; charset=utf-8'));
    expect(mail.from).toBe('employee@lotse.demo');
    expect(mail.fromName).toBe('Erika');
    expect(mail.text).toContain('Das Licht flackert.');
    expect(mail.text).not.toMatch(/<|alert|x\.png/);
    expect(mail.automatic).toBeNull();
  });

  it.each([
    [['Auto-Submitted: auto-replied'], 'Re: Heizung', 'auto_submitted'],
    [['Precedence: bulk'], 'Angebot', 'precedence'],
    [['X-Autoreply: yes'], 'Re: Heizung', 'auto_reply'],
    [['List-Id: <news.example.com>'], 'News', 'mailing_list'],
    [['Return-Path: <>'], 'Undelivered Mail', 'bounce'],
    [[], 'Abwesenheitsnotiz: Heizung', 'out_of_office'],
    [[], 'AW: Automatische Antwort: Heizung', 'out_of_office'],
    [[], 'Out of Office: Re: FACILITY-2026-000001', 'out_of_office'],
  ])('recognises %j / "%s" as automatic (%s)', async (headers, subject, reason) => {
    expect((await parseMail(raw(['From: a@b.test', `Subject: ${subject}`, ...headers], 'x'))).automatic).toBe(reason);
  });

  it('keeps a person\'s mail (Auto-Submitted: no, a subject that merely mentions an office)', async () => {
    expect((await parseMail(raw(['From: a@b.test', 'Subject: Office chair broken', 'Auto-Submitted: no'], 'x'))).automatic).toBeNull();
  });

  it('cuts the quoted mail below a reply', () => {
    expect(withoutQuote('Passt, danke!\n\nAm 04.12.2026 um 10:00 schrieb Lotse <lotse@x>:\n> Wir kommen')).toBe('Passt, danke!');
    expect(withoutQuote('Yes.\n\nOn Mon, Dec 4, 2026 Lotse wrote:\n> text')).toBe('Yes.');
    expect(withoutQuote('> only a quote\n> nothing else')).toBe('> only a quote\n> nothing else');
  });

  it('takes the sender from From, not Reply-To, and notices a forged From (DMARC fail)', async () => {
    const mail = await parseMail(raw(['From: boss@lotse.demo', 'Reply-To: attacker@evil.test', 'Subject: Bitte', 'Authentication-Results: mx.lotse.demo; dmarc=fail (p=reject) header.from=lotse.demo'], 'x'));
    expect(mail.from).toBe('boss@lotse.demo');
    expect(mail.spoofed).toBe(true);
  });
});
