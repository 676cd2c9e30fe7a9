import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The browser app (web/) is built into dist/web and served by the Sluice server.
export default defineConfig({
  root: 'web',
  plugins: [vue()],
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:8787', '/signin': 'http://127.0.0.1:8787' } },
});
