import {
  HEADER_SEARCH_ROWS,
  detectDelimiter,
  detectEncoding,
  detectHeaderRow,
  formatFromName,
  jsonLayout,
  sniffFormat,
  splitSampleRecords,
  type FileFormat,
} from '../../shared/sniff/index.ts';
import {
  ParseError,
  TEXT_HEADER,
  WORKBOOK_LIMITS,
  checkWorkbookSize,
  collectNdjsonHeaders,
  createDecoder,
  decodeText,
  parseCsvRecords,
  parseJsonDocument,
  parseNdjsonRecords,
  parseTextRecords,
  readWorkbookRecords,
  type RawRecord,
} from '../../shared/parse/index.ts';
import type { ReaderSettings } from '../staging/db.ts';
import { checkZipInflation } from './zip-inflation.ts';

/**
 * Opens a browser `File` as a stream of records: the worker's twin of server/read/open.ts (which
 * reads from disk with Node). Text formats are read in 1 MiB `File` slices through one streaming
 * TextDecoder, and the next slice is read only when the parser asks for more text (backpressure
 * reaches all the way down to the file). Workbooks and JSON arrays are read whole, behind size
 * guards (a zip bomb is refused before SheetJS unpacks it).
 */

/** Bytes read from the File at a time. */
export const SLICE_BYTES = 1024 * 1024;
/** Largest JSON document read whole (NDJSON and delimited text stream, whatever their size). */
const MAX_JSON_BYTES = 200 * 1000 * 1000;

export interface FileSource {
  format: FileFormat;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  sheets?: string[];
  headers: string[];
  /** 1-based header row; 0 when the headers are not a row of the file (TXT, JSON, NDJSON). */
  headerRow: number;
  /** The first records read to find the header (title lines and header included), for a preview. */
  head: RawRecord[];
  /** Data rows after the header, blank rows skipped. Iterate once. */
  records: AsyncIterable<RawRecord>;
  /** Bytes of the file read so far (for progress). */
  bytesRead(): number;
}

export interface OpenSettings extends ReaderSettings {
  /** Field names and aliases of the target dataset: they help find the header row. */
  knownHeaders?: string[];
}

/** Reads the file's bytes in slices; the next slice is read only when asked for. */
class SliceReader {
  read = 0;
  constructor(private readonly file: Blob, private readonly start = 0) {}

  async *pieces(): AsyncGenerator<Uint8Array> {
    for (let at = this.start; at < this.file.size; at += SLICE_BYTES) {
      const bytes = new Uint8Array(await this.file.slice(at, Math.min(this.file.size, at + SLICE_BYTES)).arrayBuffer());
      this.read = at + bytes.length;
      yield bytes;
    }
  }
}

async function readHead(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
}

/** Opens `file` with the settings the user confirmed; what is not given is detected. */
export async function openFileSource(file: File, opts: OpenSettings = {}): Promise<FileSource> {
  const head = await readHead(file);
  const format = (opts.format as FileFormat | undefined) ?? chooseFormat(file.name, head);
  switch (format) {
    case 'xlsx':
    case 'xls':
    case 'ods':
      return openWorkbook(file, format, opts);
    case 'json':
      return openJson(file, head, opts);
    default:
      return openText(file, format, head, opts);
  }
}

function chooseFormat(fileName: string, head: Uint8Array): FileFormat {
  const byName = formatFromName(fileName);
  const sniffed = sniffFormat(head);
  if (sniffed === 'xlsx' || sniffed === 'ods' || sniffed === 'xls') return sniffed; // binary wins over the name
  if (byName === 'xlsx' || byName === 'xls' || byName === 'ods') return byName;
  if (byName === 'json' || byName === 'ndjson') return sniffed === 'json' || sniffed === 'ndjson' ? sniffed : byName;
  if (byName === 'txt' && sniffed !== 'json' && sniffed !== 'ndjson') return looksTabDelimited(head) ? 'tsv' : 'txt';
  return byName ?? sniffed ?? 'csv';
}

/** Excel's "Text (Tab delimited)" is saved as .txt: a table with tabs is TSV, not a list. */
function looksTabDelimited(head: Uint8Array): boolean {
  const { encoding, bomLength } = detectEncoding(head);
  const text = createDecoder(encoding).decode(head.subarray(bomLength), { stream: true });
  const counts = splitSampleRecords(text, '\t', 30)
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => r.length);
  if (counts.length < 2) return false;
  const widths = counts.filter((c) => c > 1);
  return widths.length >= counts.length * 0.8 && widths.every((c) => c === widths[0]);
}

function textEncoding(head: Uint8Array, name: string, forced?: string): { encoding: string; skipBytes: number } {
  const guess = detectEncoding(head);
  if (forced === undefined) return { encoding: guess.encoding, skipBytes: guess.bomLength };
  let encoding: string;
  try {
    encoding = createDecoder(forced).encoding;
  } catch (err) {
    throw new ParseError({ code: 'UNKNOWN_ENCODING', detail: `unknown text encoding "${forced}"`, file: name, cause: err });
  }
  return { encoding, skipBytes: encoding === guess.encoding ? guess.bomLength : 0 };
}

async function openText(file: File, format: FileFormat, head: Uint8Array, opts: OpenSettings): Promise<FileSource> {
  const name = file.name;
  const { encoding, skipBytes } = textEncoding(head, name, opts.encoding);
  const reader = new SliceReader(file);
  const text = () => decodeText(reader.pieces(), encoding, skipBytes);
  const bytesRead = () => reader.read;

  if (format === 'txt') {
    const records = parseTextRecords(text());
    return { format, encoding, headers: [TEXT_HEADER], headerRow: 0, ...(await peek(records)), bytesRead };
  }
  if (format === 'ndjson') {
    const headers = await collectNdjsonHeaders(decodeText(new SliceReader(file).pieces(), encoding, skipBytes), { file: name });
    const records = parseNdjsonRecords(text(), headers, { file: name });
    return { format, encoding, headers, headerRow: 0, ...(await peek(records)), bytesRead };
  }
  let delimiter = opts.delimiter;
  if (delimiter === undefined) {
    delimiter = format === 'tsv' ? '\t' : detectDelimiter(createDecoder(encoding).decode(head.subarray(skipBytes), { stream: true }));
  }
  const records = parseCsvRecords(text(), { delimiter, file: name });
  const { headers, headerRow, head: first, rest } = await takeHeader(records, name, opts);
  return { format, encoding, delimiter, headers, headerRow, head: first, records: rest, bytesRead };
}

/** The first records (for a preview) and the whole stream, none lost. */
async function peek(records: AsyncGenerator<RawRecord>): Promise<{ head: RawRecord[]; records: AsyncIterable<RawRecord> }> {
  const head: RawRecord[] = [];
  while (head.length < HEADER_SEARCH_ROWS) {
    const next = await records.next();
    if (next.done) break;
    head.push(next.value);
  }
  const buffered = head.slice();
  async function* all(): AsyncGenerator<RawRecord> {
    yield* buffered.splice(0);
    yield* records;
  }
  return { head, records: all() };
}

/** Finds the header among the first records (or takes the row given) and streams what follows it. */
async function takeHeader(records: AsyncGenerator<RawRecord>, name: string, opts: OpenSettings) {
  const buffered: RawRecord[] = [];
  const wanted = opts.headerRow;
  for (;;) {
    const enough = wanted === undefined ? buffered.length >= HEADER_SEARCH_ROWS : (buffered.at(-1)?.row ?? 0) >= Math.max(wanted, HEADER_SEARCH_ROWS);
    if (enough) break;
    const next = await records.next();
    if (next.done) break;
    buffered.push(next.value);
  }
  let index: number;
  if (wanted === undefined) {
    index = buffered.length === 0 ? 0 : detectHeaderRow(buffered.map((r) => r.cells), opts.knownHeaders);
  } else {
    index = buffered.findIndex((r) => r.row === wanted);
    if (index < 0) {
      throw new ParseError({
        code: 'HEADER_ROW_NOT_FOUND',
        detail: `row ${wanted} is blank or past the end of the file, so it cannot be the header`,
        row: wanted,
        file: name,
      });
    }
  }
  const header = buffered[index];
  const head = buffered.slice();
  const after = buffered.slice(index + 1);
  async function* rest(): AsyncGenerator<RawRecord> {
    yield* after.splice(0); // NOTE: empties the buffer so it can be freed
    yield* records;
  }
  return { headers: header ? headerNames(header.cells) : [], headerRow: header?.row ?? 0, head, rest: rest() };
}

/** Header cells trimmed; a leftover BOM never reaches a column name. */
function headerNames(cells: string[]): string[] {
  return cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
}

async function openJson(file: File, head: Uint8Array, opts: OpenSettings): Promise<FileSource> {
  const { encoding, skipBytes } = textEncoding(head, file.name, opts.encoding);
  const sample = createDecoder(encoding).decode(head.subarray(skipBytes), { stream: true });
  if (jsonLayout(sample) === 'ndjson') return openText(file, 'ndjson', head, opts);
  if (file.size > MAX_JSON_BYTES) {
    throw new ParseError({
      code: 'FILE_TOO_LARGE',
      detail: `this JSON file is ${Math.round(file.size / 1e6)} MB; above ${MAX_JSON_BYTES / 1e6} MB, save it as NDJSON (one object a line)`,
      file: file.name,
    });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = createDecoder(encoding).decode(bytes.subarray(skipBytes));
  const { headers, records } = parseJsonDocument(text, { file: file.name });
  return { format: 'json', encoding, headers, headerRow: 0, head: records.slice(0, HEADER_SEARCH_ROWS), records: fromArray(records), bytesRead: () => file.size };
}

async function openWorkbook(file: File, format: FileFormat, opts: OpenSettings): Promise<FileSource> {
  if (file.size > WORKBOOK_LIMITS.maxBytes) {
    throw new ParseError({
      code: 'WORKBOOK_TOO_LARGE',
      detail: `this workbook is ${Math.round(file.size / 1e6)} MB, more than the ${WORKBOOK_LIMITS.maxBytes / 1e6} MB Sluice reads at once; save the sheet as CSV`,
      file: file.name,
    });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  checkWorkbookSize(bytes, {}, file.name);
  await checkZipInflation(bytes, WORKBOOK_LIMITS.maxUncompressedBytes, file.name);
  const book = readWorkbookRecords(bytes, { file: file.name, ...(opts.sheet === undefined ? {} : { sheet: opts.sheet }) });
  const { headers, headerRow, head, rest } = await takeHeader(fromArray(book.records), file.name, opts);
  return { format, sheet: book.sheet, sheets: book.sheets, headers, headerRow, head, records: rest, bytesRead: () => file.size };
}

async function* fromArray(records: RawRecord[]): AsyncGenerator<RawRecord> {
  yield* records;
}
