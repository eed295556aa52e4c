import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Projects: fast unit tests; the dashboard's component tests (`site`, in jsdom); the integration
// suite (`*.int.test.ts`) on the embedded PostgreSQL, and its server-side part (the server's and
// the provisioner's suites and the API conformance suite, which hold every query) again on a
// Debian PostgreSQL 15 the harness starts itself; the process tests that do not depend on which
// PostgreSQL runs them (`*.once.int.test.ts`), run once; and the dashboard in Chromium
// (`test/browser/*.browser.test.ts`), once, on the embedded PostgreSQL.
const ONCE = ['packages/*/src/**/*.once.int.test.ts', 'test/**/*.once.int.test.ts'];
const ALL_INTEGRATION = ['packages/*/src/**/*.int.test.ts', 'test/**/*.int.test.ts'];
const SERVER_SIDE_INTEGRATION = ['packages/server/src/**/*.int.test.ts', 'packages/provisionerd/src/**/*.int.test.ts', 'test/conformance/**/*.int.test.ts'];
const integration = (name: string, flavour: 'embedded' | 'pg15', include: string[]) => ({
  extends: true as const,
  test: {
    name,
    include,
    exclude: ['**/*.once.int.test.ts', '**/node_modules/**'],
    globalSetup: ['test/pg-global-setup.ts'],
    env: { WARREN_TEST_PG: flavour },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    pool: 'threads',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          globalSetup: ['test/shared-fixtures-setup.ts'],
          include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.browser.test.ts', '**/node_modules/**', 'packages/site/**'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'site',
          root: 'packages/site',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['src/testing/setup.ts'],
        },
      },
      integration('int-embedded', 'embedded', ALL_INTEGRATION),
      integration('int-pg15', 'pg15', SERVER_SIDE_INTEGRATION),
      {
        // The dashboard in Chromium: once, on the embedded PostgreSQL.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.ts'],
          globalSetup: ['test/pg-global-setup.ts'],
          env: { WARREN_TEST_PG: 'embedded' },
          testTimeout: 300_000,
          hookTimeout: 240_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'int-once',
          include: ONCE,
          // Suites that need a database (the hostile-input suite) get the embedded PostgreSQL.
          globalSetup: ['test/pg-global-setup.ts'],
          env: { WARREN_TEST_PG: 'embedded' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
