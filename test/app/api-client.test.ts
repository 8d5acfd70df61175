import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from '../../app/api/client';
import { mockFetch } from './support';

afterEach(() => vi.unstubAllGlobals());

describe('api client', () => {
  it('sends the CSRF header on state changes but not on reads, always with same-origin credentials', async () => {
    const { calls } = mockFetch({ 'GET /api/x': { body: { ok: 1 } }, 'POST /api/x': { status: 201, body: { id: 'a' } } });

    expect(await api.get('/api/x')).toEqual({ ok: 1 });
    expect(await api.post('/api/x', { name: 'n' })).toEqual({ id: 'a' });

    expect(calls[0].headers['X-Lotse-CSRF']).toBeUndefined();
    expect(calls[1].headers['X-Lotse-CSRF']).toBe('1');
    expect(calls[1].headers['Content-Type']).toBe('application/json');
    expect(calls[1].body).toEqual({ name: 'n' });
    expect(calls.map((c) => c.credentials)).toEqual(['same-origin', 'same-origin']);
  });

  it('sends the CSRF header on PATCH and DELETE and returns undefined for 204', async () => {
    const { calls } = mockFetch({ 'PATCH /api/x/1': { body: {} }, 'DELETE /api/x/1': { status: 204 } });
    await api.patch('/api/x/1', { name: 'b' });
    expect(await api.delete('/api/x/1')).toBeUndefined();
    expect(calls.every((c) => c.headers['X-Lotse-CSRF'] === '1')).toBe(true);
  });

  it('maps a validation error to an ApiError with status, code and field errors', async () => {
    mockFetch({
      'POST /api/admin/users': {
        status: 422,
        body: { error: 'Invalid body', code: 'validation', errors: [{ path: '/email', message: 'must match format "email"' }, { path: '/roles/0/role', message: 'bad role' }] },
      },
    });
    const error = await api.post('/api/admin/users', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.code).toBe('validation');
    expect(apiError.message).toBe('Invalid body');
    expect(apiError.fieldErrors()).toEqual({ email: 'must match format "email"', roles: 'bad role' });
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const error = (await api.get('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.code).toBe('network');
  });
});
