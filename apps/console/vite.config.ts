import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The server serves dist/ at /console (assets under /console/assets). `pnpm --filter
// @kequn/console dev` forwards the API and sign-in to a demo server (default :3000).
const server = process.env.KEQUN_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  base: '/console/',
  plugins: [vue({ features: { optionsAPI: false } })],
  build: { outDir: 'dist', reportCompressedSize: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': server, '/auth': server, '/wwlogin': server } },
});
