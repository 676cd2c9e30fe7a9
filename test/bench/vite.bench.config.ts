import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Builds the benchmark harness (test/bench/harness) into dist/bench-harness. */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./harness'),
  publicDir: false,
  logLevel: 'warn',
  build: { outDir: here('../../dist/bench-harness'), emptyOutDir: true, sourcemap: false, minify: false },
  worker: { format: 'es' },
});
