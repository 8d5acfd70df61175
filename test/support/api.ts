import type { Config } from '../../server/config';
import { createApp } from '../../server/app';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import { demoUsers, seed } from '../../server/seed';

export const testConfig: Config = {
  port: 0,
  dataDir: '/nonexistent',
  databaseUrl: null,
  seed: 'demo',
  demoHistoryDays: 0,
  smtpUrl: null,
  publicUrl: 'http://localhost:3000',
  logLevel: 'error',
  adminEmail: null,
  adminPassword: null,
  staticDir: null,
  cookieSecure: false,
  trustProxy: 0,
  // A fixed test key for connector secrets (LOTSE_SECRET_KEY); never a real one.
  secretKey: Buffer.alloc(32, 7),
};

/** A test client over app.request(): JSON in and out, the CSRF header, and a cookie jar per signed-in user. */
export class Client {
  cookie = '';
  constructor(readonly app: ReturnType<typeof createApp>) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.request(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-lotse-csrf': '1' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }
  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', path, body ?? {}, headers);
  patch = (path: string, body?: unknown) => this.request('PATCH', path, body ?? {});
  put = (path: string, body?: unknown) => this.request('PUT', path, body ?? {});
  delete = (path: string) => this.request('DELETE', path);
}

/** An app over a seeded database (testConfig unless given), with a helper to sign in as any demo user. */
export async function seededApp(db: Db, now: () => Date = () => new Date(), config: Config = testConfig) {
  await seed(db, config, silentLogger);
  const app = createApp({ db, config, log: silentLogger, now });
  const as = async (email: string) => {
    const client = new Client(app);
    const r = await client.post('/api/auth/login', { email, password: 'demo' });
    if (r.status !== 200) throw new Error(`login as ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return client;
  };
  return { app, as, anonymous: () => new Client(app), demoUsers };
}
