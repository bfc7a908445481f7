import { defineConfig } from 'vitest/config';

// One run covers every package: unit tests sit beside the code, cross-package and browser tests in
// test/. The H5 app brings its own project (jsdom, Vue plugin) from apps/h5/vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      'apps/h5/vitest.config.ts',
    ],
  },
});
