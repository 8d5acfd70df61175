/**
 * The access matrix: for every API route, who may act on records that belong to someone else
 * (the IT department's and employee2's, see fixture.ts). A route missing here fails the suite, so
 * a new route cannot ship without a rule.
 *
 * Callers: anonymous, employee (employee@, not the requester), agentHr (an agent of another group),
 * ownerHr (owner of another department), analyst, admin, token (an API token for other job types).
 */
import { calendarBody, type Victim } from './fixture';

export const CALLERS = ['anonymous', 'employee', 'agentHr', 'ownerHr', 'analyst', 'admin', 'token'] as const;
export type Caller = (typeof CALLERS)[number];

export interface RouteRule {
  /** The concrete path with the victim's ids (several for a route with a choice in its path). */
  path: (v: Victim) => string | string[];
  /** Strings of the victim's beyond Victim.secrets that this route must not hand out. */
  secrets?: (v: Victim) => string[];
  /** A body that is valid, so that only the access rule can refuse it. */
  body?: (v: Victim) => unknown;
  /** Callers that may act on (or read) the victim's record here; a GET by them must succeed. */
  may: Caller[];
  /**
   * 'deny' (default): everyone else gets 401, 403 or 404.
   * 'filtered': everyone else may get a 2xx, but without any of the victim's records in it.
   * 'own': the route only touches the caller's own things (settings, login); everyone signed in passes.
   * 'state': any answer; the victim's records must be unchanged afterwards (checked for every route).
   * 'skip': not called (public, or it would end the caller's session or stream forever); only anonymous is checked.
   */
  mode?: 'deny' | 'filtered' | 'own' | 'state' | 'skip';
}

const emptyForm = { schema: { type: 'object', properties: {} }, ui: { fields: [] } };
const signedIn: Caller[] = ['employee', 'agentHr', 'ownerHr', 'analyst', 'admin'];
const adminOnly: Omit<RouteRule, 'path'> = { may: ['admin'] };

export const RULES: Record<string, RouteRule> = {
  'GET /api/health': { path: () => '/api/health', may: [...CALLERS], mode: 'skip' },
  // Prometheus scrapes with METRICS_TOKEN or from this machine, never with a session (test/api/ops-metrics.test.ts).
  'GET /metrics': { path: () => '/metrics', may: [], mode: 'skip' },
  'POST /api/auth/login': { path: () => '/api/auth/login', may: [...CALLERS], mode: 'skip' },
  'POST /api/auth/logout': { path: () => '/api/auth/logout', may: signedIn, mode: 'skip' },
  'GET /api/auth/me': { path: () => '/api/auth/me', may: signedIn, mode: 'own' },
  'GET /api/departments': { path: () => '/api/departments', may: signedIn, mode: 'own' },
  'GET /api/directory/people': { path: () => '/api/directory/people?q=employee', may: signedIn, mode: 'own' },
  'GET /api/groups': { path: () => '/api/groups', may: signedIn, mode: 'own' },

  'GET /api/admin/users': { path: () => '/api/admin/users', ...adminOnly },
  'POST /api/admin/users': { path: () => '/api/admin/users', body: () => ({ email: 'intruder@lotse.demo', name: 'Intruder', password: 'correct horse battery staple', roles: [{ role: 'admin' }] }), ...adminOnly },
  'PATCH /api/admin/users/:id': { path: (v) => `/api/admin/users/${v.userId}`, body: () => ({ name: 'Renamed' }), ...adminOnly },
  'DELETE /api/admin/users/:id': { path: (v) => `/api/admin/users/${v.userId}`, ...adminOnly },
  'GET /api/admin/groups': { path: () => '/api/admin/groups', ...adminOnly },
  'POST /api/admin/groups': { path: () => '/api/admin/groups', body: (v) => ({ key: 'intruders', name: 'Intruders', departmentId: v.departmentId }), ...adminOnly },
  'PATCH /api/admin/groups/:id': { path: (v) => `/api/admin/groups/${v.groupId}`, body: () => ({ name: 'Renamed' }), ...adminOnly },
  'DELETE /api/admin/groups/:id': { path: (v) => `/api/admin/groups/${v.groupId}`, ...adminOnly },
  'GET /api/admin/departments': { path: () => '/api/admin/departments', ...adminOnly },
  'POST /api/admin/departments': { path: () => '/api/admin/departments', body: () => ({ key: 'intr', name: 'Intruders', referencePrefix: 'INT' }), ...adminOnly },
  'PATCH /api/admin/departments/:id': { path: (v) => `/api/admin/departments/${v.departmentId}`, body: () => ({ name: 'Renamed' }), ...adminOnly },
  'DELETE /api/admin/departments/:id': { path: (v) => `/api/admin/departments/${v.departmentId}`, ...adminOnly },
  'GET /api/admin/key-ownership': { path: () => '/api/admin/key-ownership', ...adminOnly },
  'GET /api/admin/key-ownership/transfers': { path: () => '/api/admin/key-ownership/transfers', ...adminOnly },
  'POST /api/admin/key-ownership/transfer': { path: () => '/api/admin/key-ownership/transfer', body: (v) => ({ kind: 'process', key: 'it-incident', departmentId: v.hrDepartmentId, reason: 'mine now' }), ...adminOnly },
  'GET /api/admin/api-tokens': { path: () => '/api/admin/api-tokens', ...adminOnly },
  'POST /api/admin/api-tokens': { path: () => '/api/admin/api-tokens', body: () => ({ name: 'mine', jobTypes: ['it-sync'] }), ...adminOnly },
  'DELETE /api/admin/api-tokens/:id': { path: (v) => `/api/admin/api-tokens/${v.tokenId}`, ...adminOnly },

  // Forms: the owning department's owners, admins, and people with a task on the form.
  'GET /api/forms': { path: () => '/api/forms', may: ['admin'], mode: 'filtered' },
  'POST /api/forms': { path: () => '/api/forms', body: (v) => ({ key: v.formKey, departmentId: v.hrDepartmentId, title: { en: 'Mine now' }, definition: emptyForm }), may: ['admin'] },
  // A conversion of the caller's own file: nothing of anyone else's is read or stored.
  'POST /api/forms/import/camunda': { path: () => '/api/forms/import/camunda', body: () => ({ components: [], type: 'default', id: 'x' }), may: ['ownerHr', 'admin'], mode: 'own' },
  'GET /api/forms/:key': { path: (v) => `/api/forms/${v.formKey}`, may: ['admin'] },
  'GET /api/forms/:key/versions': { path: (v) => `/api/forms/${v.formKey}/versions`, may: ['admin'] },
  'PUT /api/forms/:key': { path: (v) => `/api/forms/${v.formKey}`, body: () => ({ title: { en: 'Mine now' }, definition: emptyForm }), may: ['admin'] },

  'POST /api/files': { path: () => '/api/files', may: signedIn, mode: 'skip' },
  'GET /api/files/:id': { path: (v) => `/api/files/${v.fileId}`, may: ['admin'] },

  // The modeller: the IT department's process, draft and versions.
  'GET /api/processes': { path: () => '/api/processes', may: ['admin'], mode: 'filtered' },
  'GET /api/processes/:key/draft': { path: () => '/api/processes/it-incident/draft', may: ['admin'] },
  'PUT /api/processes/:key/draft': { path: () => '/api/processes/it-incident/draft', body: () => ({ xml: '<bpmn:definitions/>', revision: 0 }), may: ['admin'] },
  'POST /api/deployments': { path: () => '/api/deployments', body: () => ({ xml: hijack() }), may: ['admin'] },
  'GET /api/definitions': { path: () => '/api/definitions', may: ['admin', 'analyst'], mode: 'filtered' },
  'GET /api/definitions/:id': { path: (v) => `/api/definitions/${v.definitionId}`, may: ['admin', 'analyst'] },
  'PATCH /api/definitions/:id': { path: (v) => `/api/definitions/${v.definitionId}`, body: () => ({ enabled: false }), may: ['admin'] },
  // A dry run, so the admin's allowed call changes nothing; a foreign owner gets 404 (test/api/instance-migration.test.ts).
  'POST /api/process-definitions/:key/migrations': { path: () => '/api/process-definitions/it-incident/migrations', body: () => ({ sourceVersion: 1, targetVersion: 1, dryRun: true }), may: ['admin'] },
  'GET /api/catalog': { path: () => '/api/catalog', may: signedIn, mode: 'own' },

  // Requests and tasks of someone else.
  'POST /api/process-instances': { path: () => '/api/process-instances', may: signedIn, mode: 'skip' },
  'GET /api/process-instances': { path: () => '/api/process-instances', may: ['admin'], mode: 'filtered' },
  'GET /api/process-instances/:id': { path: (v) => `/api/process-instances/${v.instanceId}`, may: ['admin'] },
  'POST /api/process-instances/:id/cancel': { path: (v) => `/api/process-instances/${v.instanceId}/cancel`, body: () => ({}), may: ['admin'] },
  'POST /api/process-instances/:id/comments': { path: (v) => `/api/process-instances/${v.instanceId}/comments`, body: () => ({ text: 'injected' }), may: ['admin'] },
  'POST /api/process-instances/:id/rating': { path: (v) => `/api/process-instances/${v.instanceId}/rating`, body: () => ({ score: 1 }), may: ['admin'] },
  'GET /api/process-instances/:id/diagram': { path: (v) => `/api/process-instances/${v.instanceId}/diagram`, may: ['admin'] },
  'POST /api/process-instances/:id/priority': { path: (v) => `/api/process-instances/${v.instanceId}/priority`, body: () => ({ priority: 'low' }), may: ['admin'] },
  'GET /api/tasks': { path: () => '/api/tasks', may: ['admin'], mode: 'filtered' },
  'GET /api/tasks/:id': { path: (v) => `/api/tasks/${v.taskId}`, may: ['admin'] },
  'POST /api/tasks/:id/claim': { path: (v) => `/api/tasks/${v.taskId}/claim`, body: () => ({}), may: ['admin'] },
  'POST /api/tasks/:id/unclaim': { path: (v) => `/api/tasks/${v.taskId}/unclaim`, body: () => ({}), may: ['admin'] },
  'POST /api/tasks/:id/assign': { path: (v) => `/api/tasks/${v.taskId}/assign`, body: () => ({ assignee: 'agent.hr@lotse.demo' }), may: ['admin'] },
  'POST /api/tasks/:id/complete': { path: (v) => `/api/tasks/${v.taskId}/complete`, body: () => ({ variables: { solved: true, solution: 'Reboot' } }), may: ['admin'] },
  'PUT /api/tasks/:id/draft': { path: (v) => `/api/tasks/${v.taskId}/draft`, body: () => ({ variables: { solution: 'Reboot' } }), may: ['admin'] },
  // Answers per id (claimed / failed) for the ids the caller sent; what counts is that nothing was claimed.
  'POST /api/tasks/bulk-claim': { path: () => '/api/tasks/bulk-claim', body: (v) => ({ ids: [v.taskId] }), may: ['admin'], mode: 'state' },

  // Steering someone else's instances from outside.
  'POST /api/messages': { path: () => '/api/messages', body: () => ({ name: 'it-ping', correlationKey: 'T-1', variables: { injected: true } }), may: ['admin'] },
  'POST /api/signals': { path: () => '/api/signals', body: () => ({ name: 'it-all-clear', variables: { injected: true } }), may: ['admin'], mode: 'filtered' },
  'POST /api/jobs/activate': { path: () => '/api/jobs/activate', body: () => ({ type: 'it-sync', maxJobs: 5, lockSeconds: 1 }), may: ['admin'], mode: 'filtered' },
  'POST /api/jobs/:id/complete': { path: (v) => `/api/jobs/${v.jobId}/complete`, body: () => ({ variables: { injected: true } }), may: ['admin'] },
  'POST /api/jobs/:id/fail': { path: (v) => `/api/jobs/${v.jobId}/fail`, body: () => ({ retries: 0, errorMessage: 'x' }), may: ['admin'] },
  'POST /api/jobs/:id/error': { path: (v) => `/api/jobs/${v.jobId}/error`, body: () => ({ errorCode: 'X' }), may: ['admin'] },
  'GET /api/incidents': { path: () => '/api/incidents', may: ['admin'], mode: 'filtered' },
  'POST /api/incidents/:id/retry': { path: (v) => `/api/incidents/${v.incidentId}/retry`, body: () => ({}), may: ['admin'] },

  // Collaboration: the caller's own notifications and settings; colleague search without ids.
  'GET /api/users/search': { path: () => '/api/users/search?q=employee2', secrets: (v) => [v.userId], may: [], mode: 'filtered' },
  'GET /api/notifications': { path: () => '/api/notifications', may: [], mode: 'filtered' },
  'POST /api/notifications/read': { path: () => '/api/notifications/read', body: () => ({}), may: signedIn, mode: 'own' },
  'PUT /api/me/password': { path: () => '/api/me/password', body: () => ({ currentPassword: 'wrong', newPassword: 'a much longer secret phrase' }), may: signedIn, mode: 'own' },
  'GET /api/me/settings': { path: () => '/api/me/settings', may: signedIn, mode: 'own' },
  'PUT /api/me/settings': { path: () => '/api/me/settings', body: () => ({}), may: signedIn, mode: 'own' },
  'GET /api/events': { path: () => '/api/events', may: signedIn, mode: 'skip' },

  // SLA set-up: calendars are shared, policies belong to a department.
  'GET /api/calendars': { path: () => '/api/calendars', may: ['ownerHr', 'admin'], mode: 'own' },
  'POST /api/calendars': { path: () => '/api/calendars', body: () => calendarBody, ...adminOnly },
  'PUT /api/calendars/:id': { path: (v) => `/api/calendars/${v.calendarId}`, body: () => calendarBody, ...adminOnly },
  'DELETE /api/calendars/:id': { path: (v) => `/api/calendars/${v.calendarId}`, ...adminOnly },
  // Connector secrets: the IT department's owners and admins; values are never answered (Victim.secrets holds one).
  'GET /api/secrets': { path: () => '/api/secrets', may: ['admin'], mode: 'filtered', secrets: (v) => [v.secretId, 'IT_VICTIM_TOKEN'] },
  'POST /api/secrets': { path: () => '/api/secrets', body: (v) => ({ name: 'INTRUDER', value: 'x', departmentId: v.departmentId }), ...adminOnly },
  'PUT /api/secrets/:id': { path: (v) => `/api/secrets/${v.secretId}`, body: () => ({ value: 'overwritten' }), ...adminOnly },
  'DELETE /api/secrets/:id': { path: (v) => `/api/secrets/${v.secretId}`, ...adminOnly },
  'GET /api/sla/departments/:id': { path: (v) => `/api/sla/departments/${v.departmentId}`, ...adminOnly },
  'PUT /api/sla/departments/:id': { path: (v) => `/api/sla/departments/${v.departmentId}`, body: () => ({ policies: [] }), ...adminOnly },

  // Insights: analysts read every department; the HR owner sees nothing of IT's.
  ...Object.fromEntries(['processes', 'overview', 'cycle-times', 'steps', 'sla', 'escalations', 'variants', 'diagram'].map((k) => [
    `GET /api/insights/${k}`,
    { path: () => `/api/insights/${k}${k === 'diagram' ? '?processKey=it-incident' : ''}`, may: ['analyst', 'admin'], mode: 'filtered' } satisfies RouteRule,
  ])),
  'GET /api/insights/export/:format{csv|xes|ocel}': { path: () => ['csv', 'xes', 'ocel'].map((f) => `/api/insights/export/${f}`), may: ['analyst', 'admin'], mode: 'filtered' },
  'GET /api/insights/datasets': { path: () => '/api/insights/datasets', may: ['analyst', 'admin'], mode: 'filtered' },
  'POST /api/insights/datasets': { path: () => '/api/insights/datasets', body: (v) => ({ name: 'x', departmentId: v.departmentId, format: 'csv', content: 'Case,Activity,Time\n1,A,2024-01-02 10:00\n', mapping: { case: 'Case', activity: 'Activity', timestamp: 'Time' } }), may: ['analyst', 'admin'] },
  'GET /api/insights/datasets/:id': { path: (v) => `/api/insights/datasets/${v.datasetId}`, may: ['analyst', 'admin'] },
  'GET /api/insights/datasets/:id/map': { path: (v) => `/api/insights/datasets/${v.datasetId}/map`, may: ['analyst', 'admin'] },
  // The victim's dataset is imported already (those who may see it get 409); everyone else is refused and it stays.
  'PUT /api/insights/datasets/:id/content': { path: (v) => `/api/insights/datasets/${v.datasetId}/content`, body: () => '<log/>', may: ['analyst', 'admin'] },
  'GET /api/insights/datasets/:id/progress': { path: (v) => `/api/insights/datasets/${v.datasetId}/progress`, may: ['analyst', 'admin'] },
  'DELETE /api/insights/datasets/:id': { path: (v) => `/api/insights/datasets/${v.datasetId}`, may: ['analyst', 'admin'] },

  // Department mailboxes (requests by e-mail): admins only; the original mails of a request go with the request's visibility.
  'GET /api/admin/mailboxes': { path: () => '/api/admin/mailboxes', ...adminOnly },
  'POST /api/admin/mailboxes': { path: () => '/api/admin/mailboxes', body: (v) => ({ departmentId: v.hrDepartmentId, name: 'Intruder', address: 'intruder@lotse.demo', processKey: 'it-incident' }), ...adminOnly },
  'PATCH /api/admin/mailboxes/:id': { path: (v) => `/api/admin/mailboxes/${v.mailboxId}`, body: () => ({ processKey: 'it-waiting' }), ...adminOnly },
  'DELETE /api/admin/mailboxes/:id': { path: (v) => `/api/admin/mailboxes/${v.mailboxId}`, ...adminOnly },
  'POST /api/admin/mailboxes/:id/test': { path: (v) => `/api/admin/mailboxes/${v.mailboxId}/test`, ...adminOnly },
  'POST /api/admin/mailboxes/:id/check': { path: (v) => `/api/admin/mailboxes/${v.mailboxId}/check`, ...adminOnly },
  'GET /api/admin/mailboxes/:id/mails': { path: (v) => `/api/admin/mailboxes/${v.mailboxId}/mails`, ...adminOnly },
  'GET /api/insights/channels': { path: () => '/api/insights/channels', may: ['analyst', 'admin'], mode: 'filtered' },
  'GET /api/request-mails/:id': { path: (v) => `/api/request-mails/${v.instanceId}`, may: ['admin'] },
  // Personnel files (issue #20): the keeping department's agents and owners, admins and the employee; 404 for everyone else.
  'GET /api/personnel-files': { path: () => '/api/personnel-files', may: ['admin'], mode: 'filtered', secrets: (v) => [v.userId] },
  'POST /api/personnel-files': { path: () => '/api/personnel-files', body: (v) => ({ employeeEmail: 'employee2@lotse.demo', departmentId: v.departmentId }), ...adminOnly },
  'GET /api/personnel-files/:employeeId': { path: (v) => `/api/personnel-files/${v.userId}`, ...adminOnly },
  'GET /api/personnel-files/:employeeId/log': { path: (v) => `/api/personnel-files/${v.userId}/log`, ...adminOnly },
  'POST /api/personnel-files/:employeeId/documents': { path: (v) => [`/api/personnel-files/${v.userId}/documents?type=other&title=Intruder&date=2024-01-01&filename=x.pdf`, `/api/personnel-files/${v.userId}/documents?type=contract&title=X&date=2024-01-01&filename=x.pdf&documentId=${v.personnelDocumentId}`], body: () => ({}), ...adminOnly },
  'GET /api/documents/:id/content': { path: (v) => `/api/documents/${v.personnelDocumentId}/content`, ...adminOnly },
  'GET /api/document-templates': { path: () => '/api/document-templates', may: ['admin'], mode: 'filtered', secrets: (v) => [v.templateKey] },
  'POST /api/document-templates/preview': { path: () => '/api/document-templates/preview', body: () => ({ body: '# Hello', sample: {} }), may: ['ownerHr', 'admin'] },
  'GET /api/document-templates/:key': { path: (v) => `/api/document-templates/${v.templateKey}`, ...adminOnly },
  'PUT /api/document-templates/:key': { path: (v) => `/api/document-templates/${v.templateKey}`, body: (v) => ({ departmentId: v.hrDepartmentId, title: 'Taken', documentType: 'other', body: 'x' }), ...adminOnly },
  'GET /api/retention/rules/:departmentId': { path: (v) => `/api/retention/rules/${v.departmentId}`, ...adminOnly },
  'PUT /api/retention/rules/:departmentId': { path: (v) => `/api/retention/rules/${v.departmentId}`, body: () => ({ rules: [{ documentType: 'contract', years: 0, anchor: 'document_date' }] }), ...adminOnly },
  'GET /api/retention/holds': { path: () => '/api/retention/holds', may: ['admin'], mode: 'filtered', secrets: (v) => [v.holdId] },
  'POST /api/retention/holds': { path: () => '/api/retention/holds', body: (v) => ({ employeeEmail: 'employee2@lotse.demo', departmentId: v.departmentId, reason: 'intrusion' }), ...adminOnly },
  'DELETE /api/retention/holds/:id': { path: (v) => `/api/retention/holds/${v.holdId}`, ...adminOnly },
  'GET /api/personnel-files/:employeeId/absences': { path: (v) => `/api/personnel-files/${v.userId}/absences`, ...adminOnly },
  'GET /api/personnel-files/:employeeId/master-data': { path: (v) => `/api/personnel-files/${v.userId}/master-data`, ...adminOnly },
  'PUT /api/personnel-files/:employeeId/master-data': { path: (v) => `/api/personnel-files/${v.userId}/master-data`, body: () => ({ jobTitle: 'Intruder' }), ...adminOnly },
  'GET /api/absences/me': { path: () => '/api/absences/me', may: signedIn, mode: 'own' },
  'GET /api/absences/departments': { path: () => '/api/absences/departments', may: ['admin'], mode: 'filtered', secrets: (v) => [v.departmentId] },
  'GET /api/absences/calendar/:departmentId': { path: (v) => `/api/absences/calendar/${v.departmentId}?month=2026-01`, ...adminOnly },
  'POST /api/absences': { path: () => '/api/absences', body: (v) => ({ employeeEmail: 'employee2@lotse.demo', departmentId: v.departmentId, kind: 'vacation', firstDay: '2026-02-02', lastDay: '2026-02-03' }), ...adminOnly },
  'DELETE /api/absences/:id': { path: (v) => `/api/absences/${v.absenceId}`, ...adminOnly },
  'GET /api/retention/deletion-log': { path: () => '/api/retention/deletion-log', may: ['admin'], mode: 'filtered' },
  'GET /api/retention/request-rules/:departmentId': { path: (v) => `/api/retention/request-rules/${v.departmentId}`, ...adminOnly },
  'PUT /api/retention/request-rules/:departmentId': { path: (v) => `/api/retention/request-rules/${v.departmentId}`, body: () => ({ rules: [] }), ...adminOnly },
  // GDPR requests (#20 point 5): admins and the privacy role only (no caller here holds the latter).
  'GET /api/privacy/people': { path: () => '/api/privacy/people?q=employee2', ...adminOnly },
  'GET /api/privacy/people/:id/erasure': { path: (v) => `/api/privacy/people/${v.userId}/erasure`, ...adminOnly },
  'GET /api/privacy/people/:id/export': { path: (v) => `/api/privacy/people/${v.userId}/export`, ...adminOnly },
  'POST /api/privacy/people/:id/erase': { path: (v) => `/api/privacy/people/${v.userId}/erase`, body: () => ({ confirm: 'employee2@lotse.demo' }), ...adminOnly },
  'GET /api/privacy/log': { path: () => '/api/privacy/log', ...adminOnly },
  // Problems: agents and owners of the department work on them (agent.it made the victim's), analysts read them, admins all.
  'GET /api/problems': { path: () => '/api/problems', may: ['analyst', 'admin'], mode: 'filtered', secrets: (v) => [v.problemId, 'Victim problem 5c2e'] },
  'POST /api/problems': { path: () => '/api/problems', body: (v) => ({ departmentId: v.departmentId, title: 'Intruder' }), ...adminOnly },
  'GET /api/problems/recurring': { path: () => '/api/problems/recurring?minCount=2', may: ['analyst', 'admin'], mode: 'filtered' },
  'GET /api/problems/kpis': { path: () => '/api/problems/kpis', may: ['analyst', 'admin'], mode: 'filtered', secrets: (v) => [v.problemId, 'Victim problem 5c2e'] },
  // Both sides of a link only for who may see both: the analyst sees the problem, not the request.
  'GET /api/problems/by-request/:requestId': { path: (v) => `/api/problems/by-request/${v.instanceId}`, may: ['admin'] },
  'GET /api/problems/:id': { path: (v) => `/api/problems/${v.problemId}`, may: ['analyst', 'admin'] },
  'PATCH /api/problems/:id': { path: (v) => `/api/problems/${v.problemId}`, body: () => ({ title: 'Renamed' }), ...adminOnly },
  'POST /api/problems/:id/status': { path: (v) => `/api/problems/${v.problemId}/status`, body: () => ({ status: 'analysis' }), ...adminOnly },
  'POST /api/problems/:id/workaround-article': { path: (v) => `/api/problems/${v.problemId}/workaround-article`, ...adminOnly },
  'POST /api/problems/:id/analysis': { path: (v) => `/api/problems/${v.problemId}/analysis`, ...adminOnly },
  'POST /api/problems/:id/requests': { path: (v) => `/api/problems/${v.problemId}/requests`, body: (v) => ({ requestIds: [v.waitingId] }), ...adminOnly },
  'DELETE /api/problems/:id/requests/:requestId': { path: (v) => `/api/problems/${v.problemId}/requests/${v.instanceId}`, ...adminOnly },
  'POST /api/problems/:id/close-requests': { path: (v) => `/api/problems/${v.problemId}/close-requests`, ...adminOnly },
  // Knowledge base (#19): internal articles only for the department's agents and owners (analysts read),
  // lists and search filtered, a self-service session only for the one who started it.
  'GET /api/articles': { path: () => '/api/articles', may: ['analyst', 'admin'], mode: 'filtered' },
  'POST /api/articles': { path: () => '/api/articles', body: (v) => ({ departmentId: v.departmentId, texts: [{ language: 'en', title: 'Intruder', body: 'x' }] }), may: ['admin'] },
  'GET /api/articles/search': { path: () => '/api/articles/search?q=victim%20gateway', may: ['analyst', 'admin'], mode: 'filtered' },
  'GET /api/articles/insights': { path: () => '/api/articles/insights', may: ['analyst', 'admin'], mode: 'filtered' },
  'POST /api/articles/from-request': { path: () => '/api/articles/from-request', body: (v) => ({ instanceId: v.instanceId }), may: ['admin'] },
  'POST /api/articles/sessions': { path: () => '/api/articles/sessions', body: () => ({ processKey: 'it-incident' }), may: signedIn, mode: 'own' },
  'POST /api/articles/sessions/:id/end': { path: (v) => `/api/articles/sessions/${v.sessionId}/end`, body: () => ({ outcome: 'submitted' }), may: [] },
  'GET /api/articles/guide/tours': { path: () => '/api/articles/guide/tours', may: signedIn, mode: 'own' },
  'PUT /api/articles/guide/tours/:key': { path: () => '/api/articles/guide/tours/portal', may: signedIn, mode: 'own' },
  'GET /api/articles/guide/:role': { path: () => '/api/articles/guide/employee', may: signedIn, mode: 'own' },
  'GET /api/articles/:id': { path: (v) => `/api/articles/${v.articleId}`, may: ['analyst', 'admin'] },
  'PATCH /api/articles/:id': { path: (v) => `/api/articles/${v.articleId}`, body: () => ({ tags: ['intruded'] }), may: ['admin'] },
  'POST /api/articles/:id/transition': { path: (v) => `/api/articles/${v.articleId}/transition`, body: () => ({ to: 'draft' }), may: ['admin'] },
  'GET /api/articles/:id/versions': { path: (v) => `/api/articles/${v.articleId}/versions`, may: ['analyst', 'admin'] },
  'POST /api/articles/:id/views': { path: (v) => `/api/articles/${v.articleId}/views`, may: ['analyst', 'admin'] },
  'POST /api/articles/:id/feedback': { path: (v) => `/api/articles/${v.articleId}/feedback`, body: () => ({ helpful: false }), may: ['analyst', 'admin'] },
  // The API description and its browser: public documentation, nothing of anyone's (test/api/openapi.test.ts).
  'GET /api/openapi.json': { path: () => '/api/openapi.json', may: [...CALLERS], mode: 'skip' },
  'GET /api/docs': { path: () => '/api/docs', may: [...CALLERS], mode: 'skip' },
  'GET /api/docs/:asset': { path: () => '/api/docs/init.js', may: [...CALLERS], mode: 'skip' },
};

/** The IT incident service, redeclared by someone else for their own department. */
function hijack() {
  return `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="it-incident" name="Report an IT problem" isExecutable="true" esm:department="hr">
    <bpmn:extensionElements><esm:catalog title="Report an IT problem" requesters="employee" /></bpmn:extensionElements>
    <bpmn:startEvent id="S" /><bpmn:sequenceFlow id="f" sourceRef="S" targetRef="E" /><bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;
}
