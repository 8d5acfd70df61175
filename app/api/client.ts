/** One field-level problem from a 422 response; `path` is a JSON pointer such as `/email`. */
export interface FieldError {
  path: string;
  message: string;
  /** A stable reason some field errors carry (e.g. `password_too_short`), for a text in the UI's language. */
  code?: string;
}

/** Any non-2xx answer (or a network failure, status 0) from the Lotse API. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly errors: FieldError[];
  /** The whole JSON answer, for codes that carry more (e.g. `key_owned`: key and owning department). */
  readonly details: Record<string, unknown>;

  constructor(status: number, message: string, code?: string, errors: FieldError[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.details = details;
  }

  /** Field errors keyed by the first pointer segment (`/roles/0/role` → `roles`); `describe` may word them. */
  fieldErrors(describe: (e: FieldError) => string = (e) => e.message): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const e of this.errors) {
      const field = e.path.replace(/^\//, '').split('/')[0] ?? '';
      if (!(field in byField)) byField[field] = describe(e);
    }
    return byField;
  }
}

type UnauthorizedHandler = (path: string) => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** Called when a request (other than the auth routes) answers 401, i.e. the session ran out. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** JSON fetch against /api with the session cookie and the CSRF header the server requires. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  // The server rejects state-changing requests without this header (cheap CSRF guard).
  if (!SAFE_METHODS.has(method)) headers['X-Lotse-CSRF'] = '1';
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, cause instanceof Error ? cause.message : 'Network error', 'network');
  }

  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.(path);
    const p = (payload ?? {}) as { error?: unknown; code?: unknown; errors?: unknown };
    throw new ApiError(
      response.status,
      typeof p.error === 'string' ? p.error : response.statusText || `HTTP ${response.status}`,
      typeof p.code === 'string' ? p.code : undefined,
      Array.isArray(p.errors) ? (p.errors as FieldError[]) : [],
      p as Record<string, unknown>,
    );
  }
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T = void>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

export interface UploadOptions {
  method?: 'POST' | 'PUT';
  headers?: Record<string, string>;
  /** Bytes sent so far and in all (upload progress, which only XMLHttpRequest reports). */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborting stops the upload; the promise then rejects with a DOMException named AbortError. */
  signal?: AbortSignal;
}

/**
 * Sends a file or form with upload progress (XMLHttpRequest: fetch reports none), the session
 * cookie and the CSRF header. Resolves with the JSON answer; rejects with an ApiError like apiRequest.
 */
export function uploadWithProgress<T>(path: string, body: Blob | FormData | string, options: UploadOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new DOMException('The upload was cancelled', 'AbortError'));
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', path);
    xhr.setRequestHeader('X-Lotse-CSRF', '1');
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && options.onProgress?.(e.loaded, e.total);
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'network'));
    xhr.onloadend = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      let payload: Record<string, unknown> = {};
      try {
        payload = JSON.parse(xhr.responseText || '{}');
      } catch {
        // an empty or non-JSON answer (a proxy's error page) is reported by its status
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(payload as T);
      if (xhr.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.(path);
      const errors = Array.isArray(payload.errors) ? (payload.errors as FieldError[]) : [];
      reject(new ApiError(xhr.status, typeof payload.error === 'string' ? payload.error : xhr.statusText || `HTTP ${xhr.status}`, typeof payload.code === 'string' ? payload.code : undefined, errors, payload));
    };
    xhr.send(body);
  });
}
