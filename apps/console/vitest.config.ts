import vue from '@vitejs/plugin-vue';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [vue()],
  test: {
    name: 'console',
    environment: 'jsdom',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/setup.ts'],
    // Element Plus ships ES modules with CSS side imports: let Vite transform it.
    server: { deps: { inline: ['element-plus'] } },
  },
});
