// The walls between the rooms (docs/ARCHITECTURE.md "Layers"): which folder may import which, no
// import cycles, no SQL in routes. Lint fails on a forbidden import or a new cycle.
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** App feature folders; each may import the shared app rooms and only the pairs declared below. */
const FEATURES = ['account', 'admin', 'auth', 'forms', 'insights', 'knowledge', 'modeler', 'notifications', 'portal', 'problems', 'shell', 'tasks'];
/** Declared pairs: feature → what of another feature it may use. */
const PAIRS = {
  portal: ['./app/forms/renderer', './app/tasks', './app/knowledge'],
  tasks: ['./app/forms/renderer', './app/knowledge'],
  // Knowledge-base KPIs (deflection, helpfulness) sit in Insights; the help link and tours in the shell.
  insights: ['./app/knowledge'],
  modeler: ['./app/forms'],
  // The page frame mounts the bell and the account link.
  shell: ['./app/notifications', './app/account', './app/knowledge'],
  notifications: ['./app/account'],
};

/** Domain folders of the server the engine must not reach (they come in through engine/runtime/ports.ts). */
const DOMAINS = ['routes', 'http', 'definitions', 'requests', 'tasks', 'forms', 'sla', 'notify', 'insights', 'accounts', 'demo', 'process', 'secrets', 'knowledge', 'problems', 'documents', 'mail-inbound'];

const featureZones = FEATURES.map((f) => ({
  target: `./app/${f}`,
  from: FEATURES.filter((o) => o !== f).map((o) => `./app/${o}`),
  except: [],
  message: `app/${f} may import app/{api,stores,ui,requests,i18n} and its declared pairs, not another feature folder (eslint.walls.js PAIRS).`,
})).flatMap((z) => {
  const f = z.target.slice('./app/'.length);
  const allowed = PAIRS[f] ?? [];
  // A zone per forbidden folder, so that a declared sub-folder (forms/renderer) can be let through.
  return z.from.map((from) => ({
    target: z.target,
    from,
    except: allowed.filter((a) => a.startsWith(from + '/') || a === from).map((a) => (a === from ? '.' : '.' + a.slice(from.length))),
    message: z.message,
  })).filter((zone) => !zone.except.includes('.'));
});

export const walls = [
  {
    files: ['app/**/*.{ts,vue}', 'server/**/*.ts', 'common/**/*.ts'],
    plugins: { 'import-x': importX },
    // import-x parses imported .vue files with the importing file's options: give it the TS parser for <script lang="ts">.
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/extensions': ['.ts', '.vue', '.js', '.mjs'],
      'import-x/parsers': { 'vue-eslint-parser': ['.vue'], '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', {
        zones: [
          { target: './common', from: ['./app', './server'], message: 'common/ runs in the browser and on the server: it imports nothing from app/ or server/.' },
          { target: './app', from: './server', message: 'app/ reaches the server only through app/api/contract.ts (types) and the HTTP API.' },
          { target: './server', from: './app', message: 'server/ never imports the app.' },
          { target: './server/engine/core', from: ['./server'], except: ['./engine/core'], message: 'The engine core is pure: it imports only itself and common/.' },
          ...DOMAINS.map((d) => ({ target: './server/engine', from: `./server/${d}`, message: `The engine knows no domain: what it needs from ${d}/ comes in through engine/runtime/ports.ts, wired in server/main.ts.` })),
          ...featureZones,
        ],
      }],
    },
  },
  {
    // Code that runs in the browser uses no Node API. (TypeScript alone cannot tell: @types/papaparse
    // pulls Node's types into every program that parses CSV.)
    files: ['app/**/*.{ts,vue}', 'common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'No Node API in code that runs in the browser.' }], paths: ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'url', 'util', 'stream', 'buffer'].map((name) => ({ name, message: 'No Node API in code that runs in the browser.' })) }],
      'no-restricted-globals': ['error', ...['Buffer', 'process', '__dirname', '__filename', 'require', 'global', 'module'].map((name) => ({ name, message: 'No Node API in code that runs in the browser.' }))],
    },
  },
  {
    // The one door from the app to the server's types.
    files: ['app/api/contract.ts'],
    rules: {
      'import-x/no-restricted-paths': 'off',
      'no-restricted-syntax': ['error',
        { selector: 'ImportDeclaration[importKind="value"]', message: 'contract.ts imports types only (import type).' },
        { selector: 'ExportNamedDeclaration[exportKind="value"][source]', message: 'contract.ts re-exports types only (export type).' },
        { selector: 'ExportAllDeclaration[exportKind="value"]', message: 'contract.ts re-exports types only (export type).' },
      ],
    },
  },
  {
    // Routes are thin: validate → call the domain → respond. SQL lives in the domain modules.
    files: ['server/routes/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'CallExpression[callee.property.name="query"]:not([callee.object.property.name="req"])', message: 'No SQL in routes: move the query into the domain module.' }],
    },
  },
];
