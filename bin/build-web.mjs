#!/usr/bin/env node
// Builds the browser app into dist/web when it is missing or older than its sources,
// so `npm start` on a fresh clone serves the current app without a separate build step.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist/web/index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(join(root, 'web')), newest(join(root, 'shared')), statSync(join(root, 'vite.config.ts')).mtimeMs);
if (process.argv.includes('--force') || !existsSync(target) || statSync(target).mtimeMs < sources) {
  console.log('Building the browser app…');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
