import type { privacyDe } from './privacy.de';

/** Texts of the privacy page: GDPR export and erasure (issue #20, point 5). */
export const privacyEn: typeof privacyDe = {
  nav: 'Privacy',
  title: 'Privacy: data export and erasure',
  intro: 'Export everything Lotse holds about a person as a ZIP (GDPR Art. 15) or erase the person (Art. 17). What a retention rule or a legal hold protects is kept and named with its reason. Every export and erasure is logged.',
  search: 'Find a person (name or e-mail)',
  searchShort: 'Enter at least 2 characters.',
  find: 'Search',
  noHits: 'Nobody found.',
  export: 'Export everything (ZIP)',
  erase: 'Erase …',
  confirmTitle: 'Erase {name}',
  confirmErase: '{requests} closed requests will be anonymised and {documents} personnel-file documents deleted; everywhere else the person is replaced by "[anonymised]" and can no longer sign in.',
  keptNone: 'Nothing has to be kept.',
  keptTitle: 'Kept:',
  confirmLabel: 'To confirm, type the e-mail address: {email}',
  eraseNow: 'Erase for good',
  done: 'Erased: {requests} requests anonymised, {documents} documents deleted.',
  logTitle: 'Log',
  logEmpty: 'No export or erasure yet.',
  action: { export: 'export', erase: 'erasure' },
  kind: { document: 'Document', request: 'Request', account: 'Account' },
  reason: {
    legalHold: 'legal hold: {reason}',
    retention: 'retention obligation ({years} years, until {until})',
    open: 'still open — finish or withdraw it first',
    keptDocuments: 'name and e-mail stay while kept records must be attributable to the person',
  },
};
