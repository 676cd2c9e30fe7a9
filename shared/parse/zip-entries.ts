/** What a ZIP archive's directory declares about one entry. */
export interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  /** Largest of the sizes declared by the central directory and the local header. */
  uncompressedSize: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** True when the bytes start like a ZIP archive (XLSX and ODS are ZIPs). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Lists a ZIP archive's entries from its central directory, without inflating anything, so a
 * workbook can be refused before it is unpacked. Returns undefined when the directory cannot
 * be found (not a ZIP, or a damaged one).
 */
export function listZipEntries(bytes: Uint8Array): ZipEntryInfo[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : 0);
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : 0);
  // End of central directory: within the last 64 KiB + 22 bytes (comment at most 65,535).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  let count = u16(eocd + 10);
  let at = u32(eocd + 16);
  // ZIP64: the locator just before the EOCD points to the ZIP64 end record.
  if ((count === 0xffff || at === 0xffffffff) && eocd >= 20 && u32(eocd - 20) === 0x07064b50) {
    const z64 = Number(view.getBigUint64(eocd - 12, true));
    if (z64 + 56 <= bytes.length && u32(z64) === 0x06064b50) {
      count = Number(view.getBigUint64(z64 + 32, true));
      at = Number(view.getBigUint64(z64 + 48, true));
    }
  }
  const entries: ZipEntryInfo[] = [];
  for (let k = 0; k < count; k++) {
    if (u32(at) !== 0x02014b50) return undefined;
    const method = u16(at + 10);
    let compressedSize = u32(at + 20);
    let uncompressedSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let offset = u32(at + 42);
    const name = latin1(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64 extra values appear in this order, only for the fields that overflowed.
    const z64 = zip64Sizes(view, at + 46 + nameLength, extraLength, bytes.length);
    if (uncompressedSize === 0xffffffff) uncompressedSize = z64.shift() ?? uncompressedSize;
    if (compressedSize === 0xffffffff) compressedSize = z64.shift() ?? compressedSize;
    if (offset === 0xffffffff) offset = z64.shift() ?? offset;
    // Readers may trust the local header instead: take the larger claim.
    if (u32(offset) === 0x04034b50) {
      const local = u32(offset + 22);
      const localExtra = zip64Sizes(view, offset + 30 + u16(offset + 26), u16(offset + 28), bytes.length);
      uncompressedSize = Math.max(uncompressedSize, local === 0xffffffff ? (localExtra[0] ?? 0) : local);
    }
    entries.push({ name, method, compressedSize, uncompressedSize, offset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The 64-bit values of a ZIP64 extra field, when present. */
function zip64Sizes(view: DataView, at: number, length: number, total: number): number[] {
  const end = Math.min(at + length, total);
  while (at + 4 <= end) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      const out: number[] = [];
      for (let p = at + 4; p + 8 <= Math.min(at + 4 + size, end); p += 8) out.push(Number(view.getBigUint64(p, true)));
      return out;
    }
    at += 4 + size;
  }
  return [];
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
