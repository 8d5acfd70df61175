/**
 * Document templates shipped with Lotse (issue #20, point 2), seeded for the HR department: the
 * employment certificate in German and English (processes/hr-employment-certificate picks one by
 * the requester's language) and the leave confirmation the vacation template files as the absence
 * document. The department's owners change them like any template (a new version); the seed never
 * overwrites a key that exists.
 */
import type { Queryable } from '../db/types';

export interface DefaultTemplate { key: string; title: string; documentType: string; body: string; sample: Record<string, unknown> }

const personSample = { name: 'Erika Mustermann', email: 'erika@example.org', entryDateText: '1. April 2021', jobTitle: 'Sachbearbeiterin' };

export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  {
    key: 'employment-certificate-de',
    title: 'Arbeitsbescheinigung',
    documentType: 'certificate',
    body: `# Arbeitsbescheinigung

**{{person.name}}**
{{person.email}}

Hiermit bescheinigen wir, dass **{{person.name}}** seit dem {{person.entryDateText}} bei uns als {{person.jobTitle}} beschäftigt ist. Das Arbeitsverhältnis besteht ungekündigt fort.

{{#if purpose}}Diese Bescheinigung wird zur Vorlage bei {{purpose}} ausgestellt.{{/if}}

Ausgestellt am {{todayText}}.

Personalabteilung

*Diese Bescheinigung wurde maschinell erstellt und ist ohne Unterschrift gültig.*
`,
    sample: { person: personSample, todayText: '5. Dezember 2026', purpose: 'der Hausverwaltung' },
  },
  {
    key: 'employment-certificate-en',
    title: 'Employment certificate',
    documentType: 'certificate',
    body: `# Employment certificate

**{{person.name}}**
{{person.email}}

We hereby certify that **{{person.name}}** has been employed by us as {{person.jobTitle}} since {{person.entryDateText}}. The employment continues and has not been terminated.

{{#if purpose}}This certificate is issued for submission to {{purpose}}.{{/if}}

Issued on {{todayText}}.

Human Resources

*This certificate was generated automatically and is valid without a signature.*
`,
    sample: { person: { ...personSample, entryDateText: '1 April 2021', jobTitle: 'Clerk' }, todayText: '5 December 2026', purpose: 'the landlord' },
  },
  {
    key: 'leave-confirmation',
    title: 'Urlaub / Leave',
    documentType: 'absence',
    body: `# Genehmigte Abwesenheit / Approved absence

| Angabe / Item | Wert / Value |
|---|---|
| Person | {{person.name}} |
| Art / Kind | {{leaveType}} |
| Erster Tag / First day | {{firstDay}} |
| Letzter Tag / Last day | {{lastDay}} |
| Arbeitstage / Working days | {{days}} |
| Genehmigt von / Approved by | {{manager}} |

Erstellt am / Created on {{today}}.
`,
    sample: { person: personSample, leaveType: 'annual', firstDay: '2026-07-06', lastDay: '2026-07-17', days: 10, manager: 'manager@example.org', today: '2026-06-01' },
  },
];

/** Stores the shipped templates for a department (version 1) where their key is still free. */
export async function seedDefaultTemplates(q: Queryable, departmentId: string): Promise<number> {
  let added = 0;
  for (const t of DEFAULT_TEMPLATES) {
    const r = await q.query(
      `INSERT INTO document_templates (department_id, key, version, title, document_type, body, sample)
       SELECT $1, $2, 1, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM document_templates WHERE key = $2)`,
      [departmentId, t.key, t.title, t.documentType, t.body, JSON.stringify(t.sample)]);
    added += r.rowCount;
  }
  return added;
}
