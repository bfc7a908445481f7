import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'test/artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser }, globals: globals.browser },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Packages are entered through their index; a relative import into another package couples internals.
      'no-restricted-imports': ['error', { patterns: ['../../packages/*', '../../../packages/*'] }],
    },
  },
  {
    // The order/group core speaks ports (groups/ports.ts), never a platform: no platform package,
    // no adapter. Neutral runtime types (Clock, Logger) come from @kequn/upstream.
    files: ['apps/server/src/{groups,orders,webhooks,db,http,handover}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@kequn/wecom', message: 'The core is platform-neutral.' }],
          patterns: [
            {
              group: ['@kequn/wecom-sim', '@kequn/wecom-sim/*', '@kequn/feishu*', '@larksuiteoapi/*'],
              message: 'The core is platform-neutral.',
            },
            {
              group: ['**/adapters/**', '../adapters/*'],
              message: 'The core never imports an adapter; adapters import the core.',
            },
          ],
        },
      ],
    },
  },
  {
    // Each adapter is one platform or route: it may use the core and its own platform, never a sibling
    // route (a route may use its platform's adapter, e.g. wecom-jssdk → wecom).
    files: ['apps/server/src/adapters/wecom/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../wecom-*/**', '../feishu*/**'] }],
    },
  },
  prettier,
);
