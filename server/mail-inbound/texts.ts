/** The mails and notes inbound mail writes, in the reader's language (German unless they chose English). */
export type Lang = 'de' | 'en';

const REASONS: Record<Lang, Record<string, string>> = {
  en: {
    too_large: 'the mail is larger than the limit (MAIL_INBOUND_MAX_BYTES)',
    attachments: 'attachments were not taken over (type not allowed, too large or too many)',
    form: 'the service refused the values (check the mailbox defaults and fields)',
    not_allowed: 'the service may not be requested this way',
  },
  de: {
    too_large: 'die Mail ist größer als erlaubt (MAIL_INBOUND_MAX_BYTES)',
    attachments: 'Anhänge wurden nicht übernommen (Typ nicht erlaubt, zu groß oder zu viele)',
    form: 'der Service hat die Werte abgelehnt (Vorgaben und Felder des Postfachs prüfen)',
    not_allowed: 'der Service kann so nicht angefragt werden',
  },
};

export function acknowledgement(lang: Lang, p: { reference: string; subject: string; link: string }) {
  return lang === 'en'
    ? {
        subject: `[${p.reference}] Request received: ${p.subject}`,
        body: `Thank you, we have received your request and filed it as ${p.reference}.\n\nReply to this mail to add something; keep the number ${p.reference} in the subject.\n\nYour request: ${p.link}`,
      }
    : {
        subject: `[${p.reference}] Anfrage eingegangen: ${p.subject}`,
        body: `Vielen Dank, wir haben Ihre Anfrage erhalten und unter ${p.reference} erfasst.\n\nAntworten Sie auf diese Mail, um etwas zu ergänzen; lassen Sie die Nummer ${p.reference} im Betreff.\n\nIhre Anfrage: ${p.link}`,
      };
}

/** The note to a mailbox's owners about a mail Lotse kept instead of taking it in (or took in without some attachments). */
export function ownerNote(lang: Lang, p: { mailbox: string; from: string; subject: string; reason: string; detail?: string; reference?: string | null }) {
  const why = REASONS[lang][p.reason] ?? p.reason;
  return lang === 'en'
    ? {
        title: `Mail to ${p.mailbox} kept for you`,
        body: `A mail from ${p.from} ("${p.subject}")${p.reference ? ` for ${p.reference}` : ''}: ${why}.${p.detail ? ` ${p.detail}` : ''} It is listed under Administration → Mailboxes.`,
      }
    : {
        title: `Mail an ${p.mailbox} für Sie aufbewahrt`,
        body: `Eine Mail von ${p.from} („${p.subject}“)${p.reference ? ` zu ${p.reference}` : ''}: ${why}.${p.detail ? ` ${p.detail}` : ''} Sie steht unter Verwaltung → Postfächer.`,
      };
}
