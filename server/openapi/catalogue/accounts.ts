import departmentSchema from '../../../schemas/api/department.json';
import groupSchema from '../../../schemas/api/group.json';
import jobsSchema from '../../../schemas/api/jobs.json';
import loginSchema from '../../../schemas/api/login.json';
import mailboxSchema from '../../../schemas/api/mailbox.json';
import passwordChangeSchema from '../../../schemas/api/password-change.json';
import userSchema from '../../../schemas/api/user.json';
import { KEY_KINDS } from '../../accounts/key-owners';
import { anyObject, arrayOf, bool, int, list, obj, ref, str } from '../records';
import type { Catalogue, Param } from '../types';

// The routes' own body schemas: one source for validation and documentation.
import { transferSchema } from '../../accounts/transfer-schema';
import { settingsSchema } from '../../notify/settings-schema';

const kindQuery: Param[] = [
  { name: 'kind', description: 'Only keys of this kind', schema: { enum: [...KEY_KINDS] } },
  { name: 'key', description: 'Only this key', schema: str },
];
const user = { 200: { description: 'The user', schema: ref('User') } };

export const accountRoutes: Catalogue = {
  'GET /api/health': { tag: 'System', summary: 'Liveness and database check', auth: 'public', ok: { 200: { description: 'Up', schema: obj(['status', 'db'], { status: { const: 'ok' }, db: { enum: ['pglite', 'postgres'] } }) } } },
  'GET /metrics': {
    tag: 'System', summary: 'Prometheus metrics (METRICS_TOKEN as bearer token, or a request from this machine)', auth: 'public',
    ok: { 200: { description: 'Prometheus text exposition format', media: 'text/plain' } }, errors: [403],
  },
  'POST /api/auth/login': {
    tag: 'Sign-in', summary: 'Sign in with e-mail and password; sets the session cookie', auth: 'public', body: loginSchema,
    ok: { 200: { description: 'Signed in', schema: obj(['user'], { user: ref('SignedInUser') }) } }, errors: [401, 429],
  },
  'POST /api/auth/logout': { tag: 'Sign-in', summary: 'Sign out (ends the session)', auth: 'session', ok: { 204: { description: 'Signed out' } } },
  'GET /api/auth/me': { tag: 'Sign-in', summary: 'The signed-in user, roles and app areas', auth: 'session', ok: { 200: { description: 'The user', schema: obj(['user'], { user: ref('SignedInUser') }) } } },
  'GET /api/me/settings': { tag: 'My account', summary: 'My notification settings and substitute', auth: 'session', ok: { 200: { description: 'Settings', schema: ref('Settings') } } },
  'PUT /api/me/settings': { tag: 'My account', summary: 'Change my notification settings and substitute', auth: 'session', body: settingsSchema, ok: { 200: { description: 'Settings', schema: ref('Settings') } } },
  'PUT /api/me/password': { tag: 'My account', summary: 'Change my password (throttled like a sign-in)', auth: 'session', body: passwordChangeSchema, ok: { 204: { description: 'Changed; other sessions end' } }, errors: [429] },
  'GET /api/departments': { tag: 'Directory', summary: 'All departments (for pickers)', auth: 'session', ok: { 200: { description: 'Departments', schema: list('Department') } } },
  'GET /api/groups': { tag: 'Directory', summary: 'All groups, names only (for pickers)', auth: 'session', ok: { 200: { description: 'Groups', schema: list('GroupName') } } },
  'GET /api/directory/people': {
    tag: 'Directory', summary: 'Find colleagues by name or e-mail (q), or look up stored addresses (email)', auth: 'session',
    query: [
      { name: 'q', description: 'At least 2 characters of a name or address', schema: { type: 'string', maxLength: 100 } },
      { name: 'email', description: 'Comma-separated addresses to look up exactly (not with q)', schema: str },
      { name: 'limit', description: 'At most this many', schema: { type: 'integer', minimum: 1 } },
    ],
    ok: { 200: { description: 'People', schema: list('Person') } },
  },
  'GET /api/users/search': {
    tag: 'Directory', summary: 'Colleague search for agents and owners (names and e-mails, no ids)', auth: 'session',
    query: [{ name: 'q', description: 'Part of a name or address', schema: str }],
    ok: { 200: { description: 'People', schema: list('Person') } },
  },

  'GET /api/admin/users': { tag: 'Administration', summary: 'All users', auth: 'session', ok: { 200: { description: 'Users', schema: list('User') } } },
  'POST /api/admin/users': { tag: 'Administration', summary: 'Create a user (email, name and password required)', auth: 'session', body: userSchema, ok: { 201: { description: 'Created', schema: ref('User') } } },
  'PATCH /api/admin/users/:id': { tag: 'Administration', summary: 'Change a user', auth: 'session', body: userSchema, ok: user },
  'DELETE /api/admin/users/:id': { tag: 'Administration', summary: 'Delete a user', auth: 'session', ok: { 204: { description: 'Deleted' } } },
  'GET /api/admin/groups': { tag: 'Administration', summary: 'All groups with members and leads', auth: 'session', ok: { 200: { description: 'Groups', schema: list('Group') } } },
  'POST /api/admin/groups': { tag: 'Administration', summary: 'Create a group (key and name required)', auth: 'session', body: groupSchema, ok: { 201: { description: 'Created', schema: ref('Group') } } },
  'PATCH /api/admin/groups/:id': { tag: 'Administration', summary: 'Change a group', auth: 'session', body: groupSchema, ok: { 200: { description: 'The group', schema: ref('Group') } } },
  'DELETE /api/admin/groups/:id': { tag: 'Administration', summary: 'Delete a group', auth: 'session', ok: { 204: { description: 'Deleted' } } },
  'GET /api/admin/departments': { tag: 'Administration', summary: 'All departments', auth: 'session', ok: { 200: { description: 'Departments', schema: list('Department') } } },
  'POST /api/admin/departments': { tag: 'Administration', summary: 'Create a department (key and name required)', auth: 'session', body: departmentSchema, ok: { 201: { description: 'Created', schema: ref('Department') } } },
  'PATCH /api/admin/departments/:id': { tag: 'Administration', summary: 'Rename a department (name required)', auth: 'session', body: departmentSchema, ok: { 200: { description: 'The department', schema: ref('Department') } } },
  'DELETE /api/admin/departments/:id': { tag: 'Administration', summary: 'Delete an unused department', auth: 'session', ok: { 204: { description: 'Deleted' } } },
  'GET /api/admin/key-ownership': { tag: 'Administration', summary: 'Which department owns each process, decision and form key', auth: 'session', query: kindQuery, ok: { 200: { description: 'Owners', schema: list('KeyOwner') } } },
  'GET /api/admin/key-ownership/transfers': { tag: 'Administration', summary: 'Past transfers of key ownership', auth: 'session', query: kindQuery, ok: { 200: { description: 'Transfers', schema: list('KeyTransfer') } } },
  'POST /api/admin/key-ownership/transfer': {
    tag: 'Administration', summary: 'Move a key to another department', auth: 'session', body: transferSchema,
    ok: { 200: { description: 'The new owner, the transfer, and forms and decisions of the process still with another department', schema: obj(['owner', 'transfer'], { owner: ref('KeyOwner'), transfer: ref('KeyTransfer'), related: arrayOf(anyObject) }) } },
  },
  'GET /api/admin/api-tokens': { tag: 'Administration', summary: 'API tokens for workers and message senders', auth: 'session', ok: { 200: { description: 'Tokens (never the secret)', schema: list('ApiToken') } } },
  'POST /api/admin/api-tokens': {
    tag: 'Administration', summary: 'Create an API token (the secret is answered once)', auth: 'session', body: jobsSchema.$defs.token,
    ok: { 201: { description: 'Created', schema: obj(['id', 'name', 'jobTypes', 'messageNames', 'signalNames', 'createdAt', 'token'], { id: { type: 'string', format: 'uuid' }, name: str, jobTypes: arrayOf(str), messageNames: arrayOf(str), signalNames: arrayOf(str), departmentId: { type: ['string', 'null'] }, createdAt: { type: 'string', format: 'date-time' }, token: { type: 'string', pattern: '^lotse_' } }) } },
  },
  'DELETE /api/admin/api-tokens/:id': { tag: 'Administration', summary: 'Revoke an API token', auth: 'session', ok: { 204: { description: 'Revoked' } } },

  'GET /api/admin/mailboxes': { tag: 'Mailboxes', summary: 'Department mailboxes (requests by e-mail)', auth: 'session', ok: { 200: { description: 'Mailboxes (the password is write-only)', schema: list('Mailbox') } } },
  'POST /api/admin/mailboxes': { tag: 'Mailboxes', summary: 'Create a mailbox', auth: 'session', body: mailboxSchema, ok: { 201: { description: 'Created', schema: ref('Mailbox') } } },
  'PATCH /api/admin/mailboxes/:id': { tag: 'Mailboxes', summary: 'Change a mailbox', auth: 'session', body: mailboxSchema, ok: { 200: { description: 'The mailbox', schema: ref('Mailbox') } } },
  'DELETE /api/admin/mailboxes/:id': { tag: 'Mailboxes', summary: 'Delete a mailbox', auth: 'session', ok: { 204: { description: 'Deleted' } } },
  'POST /api/admin/mailboxes/:id/test': { tag: 'Mailboxes', summary: 'Try the IMAP connection', auth: 'session', ok: { 200: { description: 'The outcome', schema: obj(['ok'], { ok: bool }) } } },
  'POST /api/admin/mailboxes/:id/check': {
    tag: 'Mailboxes', summary: 'Take in the unseen mails now', auth: 'session',
    ok: { 200: { description: 'The outcome (ok false with the error when the server cannot be reached)', schema: obj(['ok'], { ok: bool, taken: int, results: arrayOf(anyObject), error: str }) } },
  },
  'GET /api/admin/mailboxes/:id/mails': { tag: 'Mailboxes', summary: 'Mails taken in by a mailbox', auth: 'session', ok: { 200: { description: 'Mails', schema: list('InboundMail') } } },
  'GET /api/request-mails/:id': { tag: 'Mailboxes', summary: 'The original mails of a request (whoever may see the request)', auth: 'session', ok: { 200: { description: 'Mails with shown headers and plain text', schema: list('RequestMail') } } },
};

