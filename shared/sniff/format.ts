import { detectEncoding } from './encoding.ts';

/** File layouts Sluice reads. */
export type FileFormat = 'csv' | 'tsv' | 'txt' | 'json' | 'ndjson' | 'xlsx' | 'xls' | 'ods';

const BY_EXTENSION: Record<string, FileFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'txt',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xls: 'xls',
  ods: 'ods',
};

/** The format a file name promises, by its extension (case-insensitive), if known. */
export function formatFromName(fileName: string): FileFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  return BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()];
}

/**
 * The format of a file from its first bytes: ZIP (XLSX, or ODS by its mimetype entry), OLE2
 * (XLS), JSON (array or object, or NDJSON when a second line holds another object), else
 * delimited text. Undefined for an empty sample.
 */
export function sniffFormat(bytes: Uint8Array, textSample?: string): FileFormat | undefined {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return asciiAt(bytes, 30, 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet') ? 'ods' : 'xlsx';
  }
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  const text = textSample ?? asciiish(bytes);
  const start = text.trimStart();
  if (start === '') return undefined;
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return jsonLayout(start);
  return 'csv';
}

/** '{...}\n{...}' is NDJSON; one object spread over lines is JSON. */
export function jsonLayout(text: string): 'json' | 'ndjson' {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return 'json';
  const lines = trimmed.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return 'ndjson';
  const first = lines[0]!.trim();
  return first.startsWith('{') && first.endsWith('}') && lines[1]!.trim().startsWith('{') ? 'ndjson' : 'json';
}

function asciiAt(bytes: Uint8Array, at: number, text: string): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Enough of the text to see how it starts, whatever the encoding. */
function asciiish(bytes: Uint8Array): string {
  const { encoding, bomLength } = detectEncoding(bytes);
  const step = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const skip = encoding === 'utf-16be' ? 1 : 0;
  let s = '';
  for (let i = bomLength + skip; i < Math.min(bytes.length, 4096); i += step) s += String.fromCharCode(bytes[i]!);
  return s;
}
