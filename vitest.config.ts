import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], globalSetup: ['test/setup/store-template.ts'] },
      },
      {
        extends: true,
        // Integration files spawn worker processes, Chromium and their own servers, and some
        // assert on timing (politeness): on a 2-core machine they run one file at a time.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          fileParallelism: false,
          // Redis and PostgreSQL: the machine's own when they answer, else throwaway servers we start.
          globalSetup: ['test/setup/store-template.ts', 'test/setup/global-services.ts'],
        },
      },
      {
        extends: true,
        // The built extension in headless Chromium: one browser per file, files one at a time; the
        // global setup builds the extension when it is missing or older than its sources.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          globalSetup: ['test/setup/store-template.ts', 'test/e2e/global-setup.ts'],
        },
      },
      {
        extends: true,
        // Third-party data sets read from ../shared/data at run time (npm run conformance; .ci/run runs it after npm
        // test).
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          globalSetup: ['test/setup/store-template.ts'],
        },
      },
    ],
  },
});
