import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests in Node, and real-browser end-to-end tests against the built extension.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Two cores, two files at a time (the default, one, took half as long again: 130 s against 85 s).
          maxWorkers: 2,
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/unit/**/*.test.ts', 'tests/fake-tiktok/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          // Browsers share two cores: run the e2e files one after another.
          fileParallelism: false,
          // The files share no module state (the harness keeps none); not re-importing playwright and the harness for
          // each of 40 files saves about half a minute.
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
