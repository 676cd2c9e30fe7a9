import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the worker test harness (test/web/harness) into dist/test-harness: a bare page that
 * drives the real worker through the real bridge, with the fixtures served beside it.
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./harness'),
  publicDir: here('../fixtures'),
  logLevel: 'warn',
  build: {
    outDir: here('../../dist/test-harness'),
    emptyOutDir: true,
    sourcemap: false,
    minify: false,
  },
  worker: { format: 'es' },
});
