/**
 * Bytes a raw deflate stream inflates to with DecompressionStream, stopping as soon as it passes
 * `budget`: the browser's inflater for the zip-bomb check (shared/parse/zip-inflation.ts).
 * Without DecompressionStream nothing is inflated and the check lets the workbook through.
 */
export async function inflatedSize(data: Uint8Array, budget: number): Promise<number> {
  if (typeof DecompressionStream === 'undefined') return 0;
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
