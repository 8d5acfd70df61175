/** Requests by e-mail (issue #21): what routes and main.ts use of server/mail-inbound. */
export { createMailbox, deleteMailbox, listInboundMails, listMailboxes, loadMailbox, updateMailbox, type MailboxInput, type MailboxView } from './mailboxes';
export { ingestMail, type IngestContext, type IngestResult } from './ingest';
export { checkMailboxOnce, testMailbox } from './imap';
export { requestMails } from './request-mails';
export { startMailInbound } from './worker';
