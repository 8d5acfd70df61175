// Browser-test helpers: a real Lotse server on a free port with a fresh data folder, and Debian's Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** False when Chromium is not installed; suites use `describe.skipIf(!hasChromium)`. */
export const hasChromium = fs.existsSync(CHROMIUM_PATH);
export const NO_CHROMIUM_HINT = `no Chromium at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" to run the browser tests`;

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The built app the test servers serve; LOTSE_DIST points elsewhere (e.g. a build of one's own while others build too). */
const distDir = process.env.LOTSE_DIST ?? path.join(repoRoot, 'dist');

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server wrote to stdout/stderr, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** How the server runs: `tsx server/main.ts` (default), or `bundle`: `node dist-server/main.mjs`, what `npm start` runs. */
export interface ServerOptions {
  entry?: 'tsx' | 'bundle';
}

/** Starts the server with SEED=accounts (demo accounts, no templates or history) on a fresh PGlite folder and waits for /api/health. */
export async function startServer(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<TestServer> {
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    throw new Error('dist/index.html is missing: build the app first (npx vite build); npm test does this before the browser tests');
  }
  const bundle = path.join(repoRoot, 'dist-server', 'main.mjs');
  if (options.entry === 'bundle' && !fs.existsSync(bundle)) {
    throw new Error('dist-server/main.mjs is missing: build the server first (npm run build:server); npm test does this before the browser tests');
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-e2e-'));
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  let output = '';
  // Own process group, so stop() ends tsx and the node process it starts, and nothing else.
  const [command, args] = options.entry === 'bundle' ? [process.execPath, [bundle]] : [tsx, ['server/main.ts']];
  const child: ChildProcess = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED: 'accounts', LOG_LEVEL: 'warn', STATIC_DIR: distDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  // E2E_SERVER_START_S: more time on a loaded machine (the demo snapshot and migrations come first).
  const startSeconds = Number(process.env.E2E_SERVER_START_S) || 90;
  const deadline = Date.now() + startSeconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited with code ${child.exitCode} before it was healthy:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { url, port, dataDir, output: () => output, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`the server did not answer /api/health within ${startSeconds} s:\n${output}`);
}

/** Launches headless Chromium the way CI can run it (no sandbox, no background traffic). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser context (own cookies and localStorage) that reports page errors. */
export async function newPage(browser: Browser, baseURL: string, locale = 'de-DE'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Signs in through the login form and waits until the app shell shows the main navigation. */
export async function login(page: Page, email: string, password = 'demo'): Promise<void> {
  await page.goto('/');
  await page.waitForURL(/\/login/);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.locator('nav.main-nav').waitFor();
}

/** A suite's server (SEED=accounts, `env` as for startServer) and Chromium, started before its tests and stopped after. */
export function useServerAndBrowser(env: Record<string, string> = {}, options: ServerOptions = {}): { readonly server: TestServer; readonly browser: Browser } {
  const suite = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    suite.server = await startServer(env, options);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** A signed-in API session against the running server (cookie + CSRF header): set-up and checks beside the browser. */
export async function apiSession(baseUrl: string, email: string, password = 'demo') {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, ...(method === 'GET' ? {} : { 'x-lotse-csrf': '1' }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}