/**
 * Uploads one file to POST /api/files with progress (fetch has no upload progress; XMLHttpRequest
 * does), and the limits the server applies, checked before a byte is sent.
 */
import { ApiError, type FieldError } from '../api/client';
import type { UploadedFile } from '../api/forms';

/** The server's limits (server/forms/files.ts, schemas/api/comment.json): 25 MB a file, 10 files a comment. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const MAX_COMMENT_FILES = 10;
/** File endings the server accepts (it decides by the content; this only spares a useless upload). */
export const ACCEPTED_ENDINGS = ['pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'txt', 'csv', 'docx', 'xlsx', 'odt', 'ods'];

/** Why a file would be refused before uploading it: 'too_large', 'type', or null. */
export function refusedBeforeUpload(file: { name: string; size: number }): 'too_large' | 'type' | null {
  if (file.size > MAX_UPLOAD_BYTES) return 'too_large';
  const ending = file.name.toLowerCase().split('.').pop() ?? '';
  return ACCEPTED_ENDINGS.includes(ending) ? null : 'type';
}

/** Sends the file; `progress` hears 0–1 as bytes go out. Errors as ApiError like every call. */
export function uploadWithProgress(file: File, progress: (share: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Lotse-CSRF', '1');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'network'));
    xhr.onload = () => {
      let payload: { error?: string; code?: string; errors?: FieldError[] } & Partial<UploadedFile> = {};
      try {
        payload = JSON.parse(xhr.responseText || '{}');
      } catch {
        // Not JSON (a proxy's page): the status says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(1);
        resolve(payload as UploadedFile);
      } else reject(new ApiError(xhr.status, payload.error ?? `HTTP ${xhr.status}`, payload.code, payload.errors ?? []));
    };
    const body = new FormData();
    body.append('file', file);
    xhr.send(body);
  });
}
