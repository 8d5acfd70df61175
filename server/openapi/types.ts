/**
 * The catalogue behind GET /api/openapi.json: one entry per route of the route table
 * ('METHOD /path' exactly as Hono lists it). Request bodies are the very schema objects the routes
 * hand to readBody (imported, not copied), so the document cannot drift from what the server checks.
 */
export type JsonSchema = Record<string, unknown>;

export interface Param {
  name: string;
  description: string;
  schema: JsonSchema;
  required?: boolean;
}

export interface Answer {
  description: string;
  /** JSON answer schema; absent for an empty answer (204). */
  schema?: JsonSchema;
  /** Media type other than application/json (files, CSV, XES, event streams). */
  media?: string;
}

export interface Operation {
  tag: string;
  summary: string;
  description?: string;
  /** public: no sign-in; session: a session cookie (plus the CSRF header on writes); worker: a session or an API token. */
  auth: 'public' | 'session' | 'worker';
  /** The JSON Schema the route validates its body with (the same object readBody gets). */
  body?: JsonSchema;
  /** A multipart upload (files, a deployment's resources) instead of / besides JSON. */
  multipart?: JsonSchema;
  /** A raw body streamed as it is (an event log, plain or gzip): its media types. */
  raw?: string[];
  query?: Param[];
  /** Success answers by status. Error answers (Error schema) are added by the builder. */
  ok: Record<number, Answer>;
  /** Further error statuses this route answers besides the ones the builder adds. */
  errors?: number[];
}

export type Catalogue = Record<string, Operation>;
