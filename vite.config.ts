import { defineConfig } from 'vite';

// The browser app (web/) is built into dist/web and served by the Sluice server.
export default defineConfig({
  root: 'web',
  build: { outDir: '../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
