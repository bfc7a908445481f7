import { defineConfig } from 'vitest/config';

// One run covers every package: unit tests sit beside the code, cross-package and browser tests in
// test/. The H5 app and the console bring their own projects (jsdom, Vue plugin) from their vitest.config.ts.
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
      'apps/console/vitest.config.ts',
    ],
  },
});
