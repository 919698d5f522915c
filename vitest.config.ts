import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        // Integration files spawn worker processes, Chromium and their own servers, and some
        // assert on timing (politeness): on a 2-core machine they run one file at a time.
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], fileParallelism: false },
      },
    ],
  },
});
