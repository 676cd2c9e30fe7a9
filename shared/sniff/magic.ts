/** A kind of file that is not a table, known by its first bytes ("magic bytes"). */
interface Magic {
  /** What the user is told the file is: "a PNG image". */
  kind: string;
  bytes: readonly number[];
  /** Offset of `bytes` in the file. */
  at?: number;
}

const MAGIC: readonly Magic[] = [
  { kind: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: 'a WebP image', bytes: [0x57, 0x45, 0x42, 0x50], at: 8 },
  { kind: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { kind: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { kind: 'a RAR archive', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { kind: 'a SQLite database', bytes: [...'SQLite format 3'].map((c) => c.charCodeAt(0)) },
  // Lotus 1-2-3: a BOF record (type 0, length 2) holding the version (0x0404 WKS, 0x0406 WK1, 0x1000+ WK3/WK4).
  { kind: 'a Lotus 1-2-3 worksheet', bytes: [0x00, 0x00, 0x02, 0x00] },
  { kind: 'a Lotus 1-2-3 worksheet', bytes: [0x00, 0x00, 0x1a, 0x00] },
];

/** Extensions of spreadsheet formats Sluice does not read, and what they are. */
const UNSUPPORTED_EXTENSIONS: Record<string, string> = {
  wk1: 'a Lotus 1-2-3 worksheet',
  wks: 'a Lotus 1-2-3 worksheet',
  wk3: 'a Lotus 1-2-3 worksheet',
  wk4: 'a Lotus 1-2-3 worksheet',
  '123': 'a Lotus 1-2-3 worksheet',
  numbers: 'an Apple Numbers document',
  qpw: 'a Quattro Pro notebook',
  wb2: 'a Quattro Pro notebook',
};

/**
 * What a file is when its first bytes say it is not text nor a workbook Sluice reads (an
 * image, a PDF, an archive, a Lotus worksheet), else undefined. By content, whatever its name.
 * @example notATable(pngBytes) // 'a PNG image'
 */
export function notATable(bytes: Uint8Array): string | undefined {
  for (const m of MAGIC) {
    const at = m.at ?? 0;
    if (bytes.length < at + m.bytes.length) continue;
    if (m.bytes.every((b, i) => bytes[at + i] === b)) return m.kind;
  }
  return undefined;
}

/** What a file is when its extension names a spreadsheet format Sluice does not read ("a Lotus 1-2-3 worksheet"). */
export function unsupportedByName(fileName: string): string | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = fileName.slice(dot + 1).toLowerCase();
  return Object.hasOwn(UNSUPPORTED_EXTENSIONS, ext) ? UNSUPPORTED_EXTENSIONS[ext] : undefined;
}

/**
 * A ZIP archive that is no workbook: none of the entry names an XLSX or ODS file starts with
 * appears in its first bytes (a workbook names them in its first local headers).
 */
export function isPlainZip(bytes: Uint8Array): boolean {
  if (!(bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return false;
  let text = '';
  for (let i = 0; i < Math.min(bytes.length, 64 * 1024); i++) text += String.fromCharCode(bytes[i]!);
  return !/\[Content_Types\]\.xml|xl\/|_rels\/|docProps\/|mimetype|META-INF\/|content\.xml/.test(text);
}

/** Bytes that are not text: a NUL byte where UTF-16 would not put one, or many control codes. */
export function looksBinary(bytes: Uint8Array, utf16: boolean): boolean {
  if (utf16) return false;
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 0x1a) control++;
  }
  return n > 0 && control > n * 0.1;
}
