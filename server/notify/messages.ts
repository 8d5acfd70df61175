/** Notification and mail texts in the recipient's language. */
export const NOTIFICATION_KINDS = ['request_received', 'task_assigned', 'waiting_for_you', 'request_completed', 'comment_added', 'sla_at_risk', 'sla_breached', 'problem_resolved'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification is about, stored with it (notifications.params) so it can be written in each reader's language. */
export interface NotificationParams {
  /** The task's default name and its German name (esm:nameDe), if it has one. */
  task?: string;
  taskDe?: string;
  author?: string;
  text?: string;
}

/** The request a notification is about: its reference and the service title the catalog shows. */
export interface RequestRef {
  reference: string;
  /** Catalog title (default and German), else the process name, else the key. */
  title: string;
  titleDe?: string | null;
}

export type Lang = 'de' | 'en';

export interface TextParams {
  reference: string;
  process: string;
  task?: string;
  author?: string;
  text?: string;
}

type Texts = Record<NotificationKind, { title: (p: TextParams) => string; body: (p: TextParams) => string }>;

const en: Texts = {
  request_received: { title: (p) => `Request ${p.reference} received`, body: (p) => `We have received your request "${p.process}" (${p.reference}). You can follow it in the portal.` },
  task_assigned: { title: (p) => `New task: ${p.task}`, body: (p) => `The task "${p.task}" of request ${p.reference} (${p.process}) is waiting for you or your team.` },
  waiting_for_you: { title: (p) => `Your input is needed for ${p.reference}`, body: (p) => `Request ${p.reference} (${p.process}) is waiting for you: "${p.task}". Please open it in the portal.` },
  request_completed: { title: (p) => `Request ${p.reference} completed`, body: (p) => `Your request "${p.process}" (${p.reference}) is completed. How did it go? You can rate it in the portal.` },
  comment_added: { title: (p) => `New comment on ${p.reference}`, body: (p) => `${p.author} wrote on ${p.reference}: ${p.text}` },
  sla_at_risk: { title: (p) => `SLA at risk: ${p.reference}`, body: (p) => `Request ${p.reference} (${p.process}) is close to its due time.` },
  sla_breached: { title: (p) => `SLA breached: ${p.reference}`, body: (p) => `Request ${p.reference} (${p.process}) has passed its due time.` },
  problem_resolved: { title: (p) => `Cause removed: ${p.reference}`, body: (p) => `The problem behind request ${p.reference} (${p.process}) is resolved: ${p.text}. If the request is fixed now, it can be closed.` },
};

const de: Texts = {
  request_received: { title: (p) => `Anfrage ${p.reference} eingegangen`, body: (p) => `Wir haben Ihre Anfrage „${p.process}“ (${p.reference}) erhalten. Den Stand sehen Sie im Portal.` },
  task_assigned: { title: (p) => `Neue Aufgabe: ${p.task}`, body: (p) => `Die Aufgabe „${p.task}“ der Anfrage ${p.reference} (${p.process}) wartet auf Sie oder Ihr Team.` },
  waiting_for_you: { title: (p) => `Ihre Mitwirkung für ${p.reference}`, body: (p) => `Die Anfrage ${p.reference} (${p.process}) wartet auf Sie: „${p.task}“. Bitte öffnen Sie sie im Portal.` },
  request_completed: { title: (p) => `Anfrage ${p.reference} erledigt`, body: (p) => `Ihre Anfrage „${p.process}“ (${p.reference}) ist erledigt. Wie war es? Sie können sie im Portal bewerten.` },
  comment_added: { title: (p) => `Neuer Kommentar zu ${p.reference}`, body: (p) => `${p.author} schrieb zu ${p.reference}: ${p.text}` },
  sla_at_risk: { title: (p) => `SLA gefährdet: ${p.reference}`, body: (p) => `Die Anfrage ${p.reference} (${p.process}) erreicht bald ihre Frist.` },
  sla_breached: { title: (p) => `SLA verletzt: ${p.reference}`, body: (p) => `Die Anfrage ${p.reference} (${p.process}) hat ihre Frist überschritten.` },
  problem_resolved: { title: (p) => `Ursache behoben: ${p.reference}`, body: (p) => `Das Problem hinter der Anfrage ${p.reference} (${p.process}) ist gelöst: ${p.text}. Ist die Anfrage damit erledigt, kann sie geschlossen werden.` },
};

/** A language setting (users.locale, a `lang` parameter) as one of ours; German when unset, as the product's home language. */
export const langOf = (locale: string | null | undefined): Lang => (locale === 'en' ? 'en' : 'de');

export function notificationText(kind: NotificationKind, locale: Lang | null, params: TextParams) {
  const t = (langOf(locale) === 'en' ? en : de)[kind];
  return { title: t.title(params), body: t.body(params) };
}

/** A German text where there is one and the reader reads German, else the default. */
export const inLanguage = (lang: Lang, text: string, textDe?: string | null): string => (lang === 'de' && textDe ? textDe : text);

/** A notification in the reader's language: the service title and task name in that language too. */
export function renderNotification(kind: NotificationKind, lang: Lang, params: NotificationParams, about: RequestRef) {
  return notificationText(kind, lang, {
    reference: about.reference,
    process: inLanguage(lang, about.title, about.titleDe),
    task: params.task === undefined ? undefined : inLanguage(lang, params.task, params.taskDe),
    author: params.author,
    text: params.text,
  });
}

/** The service title of a request for notifications, as SQL over `definitions d` and `process_instances p`. */
export const REQUEST_TITLE_SQL = `coalesce(d.catalog ->> 'title', d.name, p.process_key) AS title, d.catalog ->> 'titleDe' AS title_de`;

/** The line under a mail's text that links to what it is about. */
export type LinkKind = 'task' | 'request' | 'your_request';

const linkLabels: Record<'de' | 'en', Record<LinkKind, string>> = {
  en: { task: 'Open the task', request: 'Open the request', your_request: 'Your request' },
  de: { task: 'Aufgabe öffnen', request: 'Anfrage öffnen', your_request: 'Ihre Anfrage' },
};

export function linkLine(kind: LinkKind, locale: 'de' | 'en' | null, url: string): string {
  return `${linkLabels[langOf(locale)][kind]}: ${url}`;
}

/** A plain-text mail body with the link line after a blank line. */
export const withLinkLine = (body: string, line: string | null) => (!line ? body : body ? `${body}\n\n${line}` : line);
