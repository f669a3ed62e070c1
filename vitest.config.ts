import { defineConfig } from 'vitest/config';

// Two projects: `unit` tests (*.unit.test.ts) need no database and start no PostgreSQL;
// `data` tests get a fresh database per file on each engine in TEST_ENGINES (default: both;
// `TEST_ENGINES=sqlite npm test` is the quick inner loop, CI always runs both).
export default defineConfig({
  root: '.',
  test: {
    pool: 'forks',
    // vitest's default is one fork fewer than the cores, i.e. one on a two-core CI machine; most of a file's
    // time is spent waiting on child processes, PostgreSQL and Chromium, so two files at once use the cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser steps wait for the page; on a busy two-core CI machine one second is not always enough.
    expect: { poll: { timeout: 10_000 } },
    // Every test file gets its own databases, so files run in parallel safely.
    fileParallelism: true,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.unit.test.ts', 'test/**/*.unit.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'data',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.unit.test.ts', '**/node_modules/**'],
          globalSetup: ['test/setup/databases.ts'],
          // Only loopback: an unmocked outbound request fails the test.
          setupFiles: ['test/setup/network-guard.ts'],
        },
      },
    ],
  },
});
