import { createInflateRaw } from 'node:zlib';
import { checkZipInflation as checkInflation } from '../../shared/parse/index.ts';

/**
 * Inflates every entry of a ZIP workbook into the void with node:zlib, counting bytes, and
 * refuses it once the total passes `maxBytes` (see shared/parse/zip-inflation.ts).
 */
export function checkZipInflation(bytes: Uint8Array, maxBytes: number, file: string): Promise<void> {
  return checkInflation(bytes, maxBytes, file, inflatedSize);
}

/** Bytes a raw deflate stream inflates to, stopping as soon as it passes `budget`. */
export function inflatedSize(data: Uint8Array, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(size);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        inflate.destroy();
        finish();
      }
    });
    inflate.on('end', finish);
    inflate.on('close', finish);
    inflate.on('error', finish); // a damaged entry: SheetJS will report it
    inflate.end(data);
  });
}
