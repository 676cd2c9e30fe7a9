import { ParseError } from './errors.ts';
import { listZipEntries } from './zip-entries.ts';

/**
 * Bytes a raw deflate stream inflates to, stopping as soon as it passes `budget`; a damaged
 * stream counts what came out before the damage (SheetJS will report it). Node inflates with
 * node:zlib (cli/read/zip-inflation.ts), the browser with DecompressionStream
 * (web/worker/zip-inflation.ts).
 */
export type InflatedSize = (data: Uint8Array, budget: number) => Promise<number>;

/**
 * Inflates every entry of a ZIP workbook into the void, counting bytes, and refuses it once the
 * total passes `maxBytes`: a zip bomb can lie about its declared sizes (checkWorkbookSize trusts
 * them), and SheetJS would believe it. Like SheetJS, it follows the bytes, not the headers: an
 * entry either header calls deflated is inflated from its data to the end of its deflate stream,
 * whatever compressed size either header declares. Memory stays flat (nothing is kept). Does
 * nothing for archives it cannot list.
 */
export async function checkZipInflation(
  bytes: Uint8Array,
  maxBytes: number,
  file: string,
  inflatedSize: InflatedSize,
): Promise<void> {
  const entries = listZipEntries(bytes);
  if (!entries) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const entry of entries) {
    const at = entry.offset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) continue;
    // SheetJS takes the method from the local header; a central directory may say otherwise
    if (view.getUint16(at + 8, true) !== 8 && entry.method !== 8) continue;
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    // SheetJS inflates from here until the stream ends, so no declared compressed size bounds it
    const data = bytes.subarray(Math.min(start, bytes.length));
    total += await inflatedSize(data, maxBytes - total);
    if (total > maxBytes) {
      throw new ParseError({
        code: 'WORKBOOK_TOO_LARGE',
        detail: `this workbook unpacks to more than ${Math.round(maxBytes / 1e6)} MB (a damaged or hostile file?)`,
        file,
      });
    }
  }
}
