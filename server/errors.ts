/** A field- or element-level problem reported back to the client. */
export interface FieldError {
  path?: string;
  elementId?: string;
  /** The file of a deployment of several files the error is about. */
  resource?: string;
  message: string;
  /** A stable machine-readable reason, for clients that show their own text (e.g. `password_too_short`). */
  code?: string;
  /** The JSON Schema keyword and its params, so a client can word the problem in its own language. */
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Domain errors carry their HTTP status; app.onError turns them into JSON answers. */
export class HttpError extends Error {
  /** Extra fields for the JSON answer (e.g. the current revision of a stale draft). */
  details?: Record<string, unknown>;
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'bad_request', message);
export const unauthorized = (message = 'Sign in first') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'You may not do this') => new HttpError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, code = 'conflict') => new HttpError(409, code, message);
export const validationFailed = (errors: FieldError[], message = 'The input is not valid') =>
  new HttpError(422, 'validation', message, errors);
export const tooManyRequests = (message: string) => new HttpError(429, 'too_many_requests', message);
