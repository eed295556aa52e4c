import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests, and the integration suite (`*.int.test.ts`) run twice,
// once on the embedded PostgreSQL and once on a Debian PostgreSQL 15 the harness starts itself.
const integration = (name: string, flavour: 'embedded' | 'pg15') => ({
  extends: true as const,
  test: {
    name,
    include: ['packages/*/src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
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
          include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      integration('int-embedded', 'embedded'),
      integration('int-pg15', 'pg15'),
    ],
  },
});
