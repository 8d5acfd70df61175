import { api } from '../api/client';

export type AbsenceKind = 'vacation' | 'sick' | 'other';
export interface CalendarAbsence {
  id: string;
  employee: { id: string; name: string; email: string };
  /** null: the caller does not keep the files of the recording department ("absent", no reason). */
  kind: AbsenceKind | null;
  firstDay: string;
  lastDay: string;
  substitute: { name: string; email: string } | null;
  instanceId: string | null;
  documentId: string | null;
  cancellable: boolean;
}
/** An absence as the personnel file shows it (kind and source null where the caller does not keep the recording department's files). */
export interface FileAbsence {
  id: string;
  kind: AbsenceKind | null;
  firstDay: string;
  lastDay: string;
  substitute: { name: string; email: string } | null;
  document: { id: string; title: string } | null;
  request: { id: string; reference: string | null } | null;
  cancellable: boolean;
}
export interface MasterData { name: string; email: string; language: 'de' | 'en'; entryDate: string | null; jobTitle: string | null; access: 'owner' | 'keeper' | 'self' }
export interface AbsenceInput { employeeEmail: string; departmentId: string; kind: AbsenceKind; firstDay: string; lastDay: string; substituteEmail?: string; documentId?: string }

const id = (v: string) => encodeURIComponent(v);

/** Absences and the team calendar, personnel master data (issue #20). */
export const absencesApi = {
  departments: () => api.get<{ items: { id: string; name: string }[] }>('/api/absences/departments'),
  calendar: (departmentId: string, month: string) => api.get<{ items: CalendarAbsence[] }>(`/api/absences/calendar/${id(departmentId)}?month=${id(month)}`),
  record: (input: AbsenceInput) => api.post<{ id: string }>('/api/absences', input),
  cancel: (absenceId: string) => api.delete<void>(`/api/absences/${id(absenceId)}`),
  ofFile: (employeeId: string) => api.get<{ items: FileAbsence[] }>(`/api/personnel-files/${id(employeeId)}/absences`),
  masterData: (employeeId: string) => api.get<MasterData>(`/api/personnel-files/${id(employeeId)}/master-data`),
  saveMasterData: (employeeId: string, body: { entryDate: string | null; jobTitle: string | null }) => api.put<MasterData>(`/api/personnel-files/${id(employeeId)}/master-data`, body),
};
