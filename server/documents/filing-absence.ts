/**
 * A sick note (or an absence record) filed by HR in a personnel file becomes an absence in the same
 * transaction as the document (issue #20, point 3): the upload names the days the person is away
 * (`absentFrom`, `absentTo`, required for these types when HR files a new document) and optionally
 * who stands in (`substituteEmail`). Bad days or an unknown substitute are refused with the other
 * field errors before anything is stored; if writing the absence fails, the document goes too.
 * An employee filing their own sick note records no absence (HR confirms it and records it).
 */
import type { Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import type { FieldError } from '../errors';
import { checkDays, insertAbsence, userByEmail, type AbsenceKind } from './absences';
import type { FilingExtra } from './personnel';

/** Document types whose filing records an absence, and the absence's kind. */
export const ABSENCE_DOCUMENT_TYPES: Readonly<Record<string, AbsenceKind>> = { sick_note: 'sick', absence: 'other' };

export interface FilingAbsenceInput { absentFrom?: string; absentTo?: string; substituteEmail?: string }

const PATHS = { first: '/absentFrom', last: '/absentTo' };

/** The filing extra for an upload of `type` (undefined when the upload carries nothing of an absence and needs none). */
export function filingAbsence(p: Principal, type: string, isNewDocument: boolean, input: FilingAbsenceInput): FilingExtra<{ absenceId: string } | null> | undefined {
  const given = !!(input.absentFrom || input.absentTo || input.substituteEmail);
  const kind = Object.hasOwn(ABSENCE_DOCUMENT_TYPES, type) ? ABSENCE_DOCUMENT_TYPES[type] : undefined;
  if (!kind && !given) return undefined;
  let substituteId: string | null = null;
  let record = false;
  return {
    async check(q, file, access) {
      const errors: FieldError[] = [];
      if (!kind) {
        if (given) errors.push({ path: '/absentFrom', message: 'only a sick note or an absence record carries absence days', code: 'absence_not_for_type' });
        return errors;
      }
      if (access === 'self' || !isNewDocument) {
        if (given) errors.push(access === 'self' ? { path: '/absentFrom', message: 'HR records the absence of a sick note', code: 'absence_by_hr' } : { path: '/absentFrom', message: 'a new version records no absence', code: 'absence_not_for_version' });
        return errors;
      }
      checkDays(input.absentFrom, input.absentTo, errors, PATHS);
      if (input.substituteEmail?.trim()) {
        const s = await userByEmail(q, input.substituteEmail);
        if (!s) errors.push({ path: '/substituteEmail', message: 'no user with this e-mail', code: 'absence_unknown_substitute' });
        else if (s.id === file.employee_id) errors.push({ path: '/substituteEmail', message: 'nobody stands in for themself', code: 'absence_self_substitute' });
        else substituteId = s.id;
      }
      record = true;
      return errors;
    },
    async write(tx: Queryable, file, documentId) {
      if (!record) return null;
      const absenceId = await insertAbsence(tx, {
        employeeId: file.employee_id, departmentId: file.department_id, kind: kind!, firstDay: input.absentFrom!, lastDay: input.absentTo!,
        substituteId, documentId, createdBy: p.id,
      });
      return { absenceId };
    },
  };
}
