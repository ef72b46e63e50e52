import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{main,pipelines,workers,api,renderer,bench,infra,deploy}/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests spawn servers, DuckDB and child processes: two files at a time fits 2-core machines.
    maxWorkers: 2,
    reporters: ['default', './e2e/helpers/summary-reporter.ts'],
    globalSetup: ['./e2e/helpers/global-setup.ts'],
  },
});
