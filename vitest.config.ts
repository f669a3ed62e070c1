import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: '.',
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/databases.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser steps wait for the page; on a busy two-core CI machine one second is not always enough.
    expect: { poll: { timeout: 10_000 } },
    // Every test file gets its own databases, so files run in parallel safely.
    fileParallelism: true,
  },
});
