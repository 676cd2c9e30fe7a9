#!/usr/bin/env node
// Runs after npm install: mends a known bug in a dependency until a release carries the fix.
//
// postgres.js 3.4.9: when the server rejects a `COPY … FROM STDIN` after the client sent its
// end, the writable's final callback is never called, so the COPY never settles and its
// transaction never rolls back (porsager/postgres issue 1173; the fix below is pull request
// 1183). Sluice stages uploaded rows with COPY. test/server/copy-failure.test.ts fails
// without this.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = dirname(dirname(dirname(createRequire(import.meta.url).resolve('postgres'))));
const broken = '    stream && (stream.destroy(err), stream = null)\n';
const mended = `${broken}    final && (final(err), final = null)\n`;
for (const file of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((f) => join(root, f))) {
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  if (text.includes('final && (final(err)')) continue; // already mended, here or upstream
  if (!text.includes(broken)) {
    console.warn(`sluice: ${file} has changed; the COPY error fix was not applied`);
    continue;
  }
  writeFileSync(file, text.replace(broken, mended));
}
