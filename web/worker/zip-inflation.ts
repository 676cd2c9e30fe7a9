import { Inflate } from 'fflate';

/** Input fed to the inflater at a time: one piece inflates to at most ~1 MiB (deflate's ratio is ≤ 1032:1). */
const PIECE = 1024;

/**
 * Bytes a raw deflate stream inflates to, stopping as soon as it passes `budget`: the browser's
 * inflater for the zip-bomb check (shared/parse/zip-inflation.ts). The data runs past the end
 * of the stream (to the end of the archive, as SheetJS reads it): fflate stops at the stream's
 * end, where DecompressionStream errors on the trailing bytes and drops what it had inflated.
 * Nothing is kept; a damaged stream counts what came out before the damage.
 */
export async function inflatedSize(data: Uint8Array, budget: number): Promise<number> {
  let size = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    size += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < data.length && !ended && size <= budget; at += PIECE) {
      inflate.push(data.subarray(at, at + PIECE), at + PIECE >= data.length);
      // let the worker breathe on large entries
      if ((at / PIECE) % 4096 === 4095) await Promise.resolve();
    }
  } catch {
    // a damaged entry: SheetJS will report it
  }
  return size;
}
