import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openRecordSource } from '../../cli/read/index.ts';
import { openError, readAll, tempFiles } from './read-files.ts';

const { dir, write: tempFile } = tempFiles('sluice-read-text-');

describe('openRecordSource on text files with odd line ends', () => {
  it('reads four people from a file mixing CR, LF and CR LF', async () => {
    const path = tempFile('mixed-line-ends.csv', 'name,email,source\r\nAna,ana@example.com,web\rBob,bob@example.com,mail\nCia,cia@example.com,phone\r\nDan,dan@example.com,fax');
    const source = await openRecordSource(path);
    expect(source.headers).toEqual(['name', 'email', 'source']);
    const records = await readAll(source);
    expect(records.map((r) => r.cells[0])).toEqual(['Ana', 'Bob', 'Cia', 'Dan']);
    expect(records.map((r) => r.cells[2])).toEqual(['web', 'mail', 'phone', 'fax']);
  });

  it('refuses a 50 MB file with no line end within 20 s and a bounded heap', async () => {
    const path = join(dir, 'one-line.csv');
    const out = createWriteStream(path);
    const block = 'Ana,ana@example.com,web,'.repeat(10_000);
    for (let written = 0; written < 50_000_000; written += block.length) if (!out.write(block)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    const started = Date.now();
    let peak = 0;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed - base); }, 20);
    const err = await openError(path).finally(() => clearInterval(timer));
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    expect(err.code).toBe('RECORD_TOO_LARGE');
    expect(err.message).toContain('one-line.csv: row 1: this record is longer than');
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(peak).toBeLessThan(400 * 1024 * 1024);
  }, 60_000);
});
