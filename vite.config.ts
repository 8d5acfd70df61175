import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const apiTarget = `http://localhost:${process.env.API_PORT ?? 3000}`;

// The app lives in app/ (Vite root); the production build goes to dist/, which the Hono server serves.
export default defineConfig({
  root: fileURLToPath(new URL('./app', import.meta.url)),
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/api/**/*.test.ts', 'test/engine/**/*.test.ts'],
          testTimeout: 30000,
          hookTimeout: 60000,
        },
      },
      // The engine conformance tests again, on the database runtime (PGlite; PostgreSQL when configured).
      ...(['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as const).map((db) => ({
        extends: true as const,
        test: {
          name: `engine-${db}`,
          environment: 'node' as const,
          include: ['test/engine/**/*.test.ts'],
          exclude: ['test/engine/compile*.test.ts', 'test/engine/dmn*.test.ts'],
          setupFiles: ['test/engine/setup-db.ts'],
          env: { ENGINE_DB: db },
          testTimeout: 30000,
          hookTimeout: 60000,
        },
      })),
      {
        extends: true,
        test: {
          name: 'app',
          environment: 'happy-dom',
          include: ['test/app/**/*.test.ts'],
          // Component tests mount whole views; on a loaded 2-core machine 5 s is too tight.
          testTimeout: 30000,
        },
      },
    ],
  },
});
