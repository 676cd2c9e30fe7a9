import { listZipEntries, ParseError } from '../../shared/parse/index.ts';

/**
 * Inflates every entry of a ZIP workbook into the void with DecompressionStream, counting
 * bytes, and refuses it once the total passes `maxBytes`: a zip bomb can lie about its declared
 * sizes (checkWorkbookSize trusts them), and SheetJS would believe it. Memory stays flat.
 * The browser twin of server/read/zip-inflation.ts.
 */
export async function checkZipInflation(bytes: Uint8Array, maxBytes: number, file: string): Promise<void> {
  const entries = listZipEntries(bytes);
  if (!entries || typeof DecompressionStream === 'undefined') return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const entry of entries) {
    const at = entry.offset;
    if (entry.method !== 8 || at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) continue;
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.slice(start, Math.min(bytes.length, start + entry.compressedSize));
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

/** Bytes a raw deflate stream inflates to, stopping as soon as it passes `budget`. */
async function inflatedSize(data: Uint8Array, budget: number): Promise<number> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > budget) {
        await reader.cancel().catch(() => {});
        break;
      }
    }
  } catch {
    // a damaged entry: SheetJS will report it
  }
  return size;
}
