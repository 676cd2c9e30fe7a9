import {
  HEADER_SEARCH_ROWS,
  detectDelimiter,
  chooseEncoding,
  detectEncoding,
  detectHeaderRow,
  formatFromName,
  isPlainZip,
  jsonLayout,
  looksBinary,
  looksLikeData,
  notATable,
  sniffFormat,
  unsupportedByName,
  splitSampleRecords,
  type FileFormat,
} from '../sniff/index.ts';
import { parseCsvRecords } from './csv.ts';
import { createDecoder, decodeText } from './decode.ts';
import { ParseError } from './errors.ts';
import { collectNdjsonHeaders, parseJsonDocument, parseNdjsonRecords } from './json.ts';
import { note, type ReadNote } from './notes.ts';
import type { RawRecord } from './record.ts';
import { TEXT_HEADER, parseTextRecords } from './txt.ts';
import { WORKBOOK_LIMITS, checkWorkbookSize, readWorkbookRecords } from './workbook.ts';
import { checkZipInflation, type InflatedSize } from './zip-inflation.ts';

/**
 * The bytes of a file, read at any offset: a Node file handle for the CLI
 * (cli/read/file-bytes.ts), a browser `File` in the worker (web/worker/read-file.ts).
 */
export interface ByteSource {
  /** The file's name (without directories): errors name it, its extension hints the format. */
  name: string;
  /** Size in bytes. */
  size: number;
  /** Up to `length` bytes from `offset`: fewer only at the end of the file, none past it. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Bytes read from the start of a file to detect format, encoding and delimiter. */
export const HEAD_BYTES = 64 * 1024;
/** Largest JSON document read whole (NDJSON and delimited text stream, whatever their size). */
const MAX_JSON_BYTES = 200 * 1000 * 1000;

/** How to read a file; what is not given is detected. */
export interface ReadSettings {
  /** Sheet to read in a workbook; by default the first that looks like data. */
  sheet?: string;
  /** Text encoding label, overriding detection ("windows-1252", "utf-8", "latin1"...). */
  encoding?: string;
  /** Field delimiter, overriding detection. */
  delimiter?: string;
  /** 1-based header row, overriding detection; 0: the file has no header row (columns named "column 1", "column 2"...). */
  headerRow?: number;
  /** Field names and aliases of the target dataset: they help find the header row. */
  knownHeaders?: string[];
}

export interface OpenRecordsOptions extends ReadSettings {
  /** Format, overriding detection by name and content. */
  format?: FileFormat;
  /** Size of the byte pieces text formats are streamed in. */
  pieceBytes: number;
  /** The platform's raw-deflate inflater, for the zip-bomb check of workbooks. */
  inflate: InflatedSize;
  /**
   * Read the first records of every format at open, for a preview (`head`): text formats then
   * fail at open on an error in those rows, and a header row given still reads the first
   * HEADER_SEARCH_ROWS records. Without it `head` holds only what finding the header read.
   */
  preview?: boolean;
  /** The first HEAD_BYTES bytes, when the caller has read them already. */
  head?: Uint8Array;
}

/** An opened file, ready to stream its data records. */
export interface OpenedRecords {
  format: FileFormat;
  /** Text encoding used (text formats only). */
  encoding?: string;
  /** The detector's confidence in `encoding`, 0-100, when it was detected (not given, no BOM). */
  encodingConfidence?: number;
  /** Field delimiter (csv/tsv only). */
  delimiter?: string;
  /** Sheet read, and every sheet of the workbook (spreadsheets only). */
  sheet?: string;
  sheets?: string[];
  /** The sheets the workbook hides, for the sheet picker to mark (spreadsheets only). */
  hiddenSheets?: string[];
  /** Column names, in column order. */
  headers: string[];
  /** 1-based row of the header; 0 when the headers are not a row of the file (TXT, JSON, NDJSON). */
  headerRow: number;
  /** The first records read to find the header (title lines and header included), for a preview. */
  head: RawRecord[];
  /** Data rows after the header, blank rows skipped. Iterate once. */
  records: AsyncIterable<RawRecord>;
  /** Bytes of the file read so far (for progress). */
  bytesRead(): number;
  /** Every guess made and every row left out at open, for the user to see (see notes.ts). */
  notes: ReadNote[];
}

/** What each format's opener returns: the notes of its own guesses, if any. */
type Opened = Omit<OpenedRecords, 'notes'> & { notes?: ReadNote[] };

/**
 * Opens a file of records: picks the format by name, then by content; detects encoding,
 * delimiter, sheet and header row unless told; streams text formats in `pieceBytes` pieces
 * through one streaming TextDecoder, the next piece read only when the parser asks for more
 * text (backpressure reaches all the way down to the file); reads workbooks and JSON arrays
 * whole behind size guards (a zip bomb is refused before SheetJS unpacks it).
 * Errors are ParseErrors naming the file, and the row and column where known.
 */
export async function openRecords(source: ByteSource, opts: OpenRecordsOptions): Promise<OpenedRecords> {
  const head = opts.head ?? (await source.read(0, HEAD_BYTES));
  refuseNonTables(source, head, opts.format);
  const notes: ReadNote[] = [];
  const format = opts.format ?? chooseFormat(source.name, head, notes);
  let opened: Opened;
  switch (format) {
    case 'xlsx':
    case 'xls':
    case 'ods':
      opened = await openWorkbook(source, format, opts);
      break;
    case 'json':
      opened = await openJson(source, head, opts);
      break;
    default:
      opened = await openText(source, format, head, opts);
  }
  return { ...opened, notes: [...notes, ...(opened.notes ?? [])] };
}

const FORMAT_LABEL: Record<FileFormat, string> = {
  csv: 'a CSV file',
  tsv: 'a TSV file',
  txt: 'a text list',
  json: 'a JSON file',
  ndjson: 'an NDJSON file',
  xlsx: 'an XLSX workbook',
  xls: 'an XLS workbook',
  ods: 'an ODS workbook',
};

/** An empty file, or one that is plainly no table (by its bytes first, then its extension), is refused by what it is. */
function refuseNonTables(source: ByteSource, head: Uint8Array, forced: FileFormat | undefined): void {
  const file = source.name;
  if (source.size === 0 || head.length === 0) throw new ParseError({ code: 'EMPTY_FILE', detail: 'the file is empty', file });
  const byName = forced ?? formatFromName(file);
  const expected = byName ? FORMAT_LABEL[byName] : 'a table Sluice reads (CSV, TSV, TXT, JSON, NDJSON, XLSX, XLS, ODS)';
  const kind = notATable(head) ?? (byName !== 'xlsx' && byName !== 'ods' && isPlainZip(head) ? 'a ZIP archive' : undefined);
  if (kind) throw new ParseError({ code: 'UNSUPPORTED_FORMAT', detail: `this is ${kind}, not ${expected}`, file });
  const unsupported = unsupportedByName(file);
  if (unsupported && forced === undefined && sniffFormat(head) !== 'xlsx' && sniffFormat(head) !== 'xls') {
    throw new ParseError({ code: 'UNSUPPORTED_FORMAT', detail: `this is ${unsupported}, a format Sluice does not read; save it as XLSX or CSV`, file });
  }
}

function chooseFormat(fileName: string, head: Uint8Array, notes: ReadNote[]): FileFormat {
  const byName = formatFromName(fileName);
  const sniffed = sniffFormat(head);
  if (sniffed === 'xlsx' || sniffed === 'ods' || sniffed === 'xls') return sniffed; // binary wins over the name
  if (byName === 'xlsx' || byName === 'xls' || byName === 'ods') return byName; // SheetJS also reads HTML/CSV "xls"
  if (byName === 'json' || byName === 'ndjson') return sniffed === 'json' || sniffed === 'ndjson' ? sniffed : byName;
  if (byName === 'txt' && sniffed !== 'json' && sniffed !== 'ndjson') {
    const table = tableDelimiter(head);
    if (table === undefined) return 'txt';
    const name = table === '\t' ? 'tabs' : 'semicolons';
    notes.push(note(fileName, 'read_as_table', `read as a table (columns separated by ${name}), not as a list of one value a line`));
    return table === '\t' ? 'tsv' : 'csv';
  }
  return byName ?? sniffed ?? 'csv';
}

/**
 * Excel's "Text (Tab delimited)" and many exports with ';' are saved as .txt: a table with
 * tabs or semicolons is read as a table, not a list. Commas and '|' are not asked about:
 * "Smith, John" lists and 'a|b|c' lines are lists.
 */
function tableDelimiter(head: Uint8Array): '\t' | ';' | undefined {
  const { encoding, bomLength } = detectEncoding(head);
  const text = createDecoder(encoding).decode(head.subarray(bomLength), { stream: true });
  for (const delimiter of ['\t', ';'] as const) {
    const counts = splitSampleRecords(text, delimiter, 30)
      .filter((r) => r.some((c) => c.trim() !== ''))
      .map((r) => r.length);
    if (counts.length < 2) continue;
    const widths = counts.filter((c) => c > 1);
    if (widths.length >= counts.length * 0.8 && widths.every((c) => c === widths[0])) return delimiter;
  }
  return undefined;
}

function textEncoding(head: Uint8Array, name: string, forced?: string): { encoding: string; skipBytes: number; confidence?: number; note?: ReadNote } {
  const guess = detectEncoding(head);
  if (forced === undefined) {
    const chosen = chooseEncoding(head);
    const others = chosen.alternatives.map((a) => `${a.encoding} ${a.confidence}%`).join(', ');
    const encodingNote = chosen.guessed
      ? note(name, 'encoding', `the text is not UTF-8; read as ${chosen.encoding}, a guess (confidence ${chosen.confidence}%${others ? `; also possible: ${others}` : ''}). If names look wrong in the preview, choose the encoding (--encoding)`, { warning: true })
      : undefined;
    return { encoding: chosen.encoding, skipBytes: chosen.bomLength, confidence: chosen.confidence, ...(encodingNote ? { note: encodingNote } : {}) };
  }
  let encoding: string;
  try {
    encoding = createDecoder(forced).encoding;
  } catch (err) {
    throw new ParseError({ code: 'UNKNOWN_ENCODING', detail: `unknown text encoding "${forced}"`, file: name, cause: err });
  }
  // Skip the BOM only when it belongs to the encoding the user chose.
  return { encoding, skipBytes: encoding === guess.encoding ? guess.bomLength : 0 };
}

/** The source's bytes, piece by piece; the next piece is read only when asked for. */
async function* pieces(source: ByteSource, pieceBytes: number, progress?: { read: number }): AsyncGenerator<Uint8Array> {
  for (let at = 0; ; ) {
    const bytes = await source.read(at, pieceBytes);
    if (bytes.length === 0) return;
    at += bytes.length;
    if (progress) progress.read = at;
    yield bytes;
  }
}

async function openText(source: ByteSource, format: FileFormat, head: Uint8Array, opts: OpenRecordsOptions): Promise<Opened> {
  const name = source.name;
  const { encoding, skipBytes, confidence, note: encodingNote } = textEncoding(head, name, opts.encoding);
  const found = { ...(confidence === undefined ? {} : { encodingConfidence: confidence }), notes: encodingNote ? [encodingNote] : [] };
  if (looksBinary(head.subarray(skipBytes), encoding.startsWith('utf-16'))) {
    throw new ParseError({ code: 'UNSUPPORTED_FORMAT', detail: `this file holds binary data, not the text of ${FORMAT_LABEL[format]}`, file: name });
  }
  const progress = { read: 0 };
  const text = () => decodeText(pieces(source, opts.pieceBytes, progress), encoding, skipBytes, { file: name });
  const bytesRead = () => progress.read;

  if (format === 'txt') {
    const records = parseTextRecords(text());
    return { format, encoding, headers: [TEXT_HEADER], headerRow: 0, ...(await peek(records, opts.preview)), bytesRead, ...found };
  }
  if (format === 'ndjson') {
    // The first pass does not count as progress.
    const headers = await collectNdjsonHeaders(decodeText(pieces(source, opts.pieceBytes), encoding, skipBytes, { file: name }), { file: name });
    const records = parseNdjsonRecords(text(), headers, { file: name });
    return { format, encoding, headers, headerRow: 0, ...(await peek(records, opts.preview)), bytesRead, ...found };
  }
  let delimiter = opts.delimiter;
  if (delimiter === undefined) {
    const sample = createDecoder(encoding).decode(head.subarray(skipBytes), { stream: head.length < source.size });
    delimiter = format === 'tsv' ? '\t' : detectDelimiter(sample, { complete: head.length >= source.size });
  }
  const records = parseCsvRecords(text(), { delimiter, file: name });
  const { headers, headerRow, head: first, rest, notes } = await takeHeader(records, name, opts);
  if (first.length === 0) throw new ParseError({ code: 'EMPTY_FILE', detail: 'the file is empty (it holds only blank lines)', file: name });
  return { format, encoding, delimiter, headers, headerRow, head: first, records: rest, bytesRead, ...found, notes: [...found.notes, ...notes] };
}

/** The first records (for a preview, when asked) and the whole stream, none lost. */
async function peek(
  records: AsyncGenerator<RawRecord>,
  preview: boolean | undefined,
): Promise<{ head: RawRecord[]; records: AsyncIterable<RawRecord> }> {
  if (!preview) return { head: [], records };
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

/**
 * Reads the first records, finds the header among them (or takes the row given), and returns
 * the header, the records read, and the stream of the records after the header.
 */
async function takeHeader(
  records: AsyncGenerator<RawRecord>,
  name: string,
  opts: OpenRecordsOptions,
): Promise<{ headers: string[]; headerRow: number; head: RawRecord[]; rest: AsyncIterable<RawRecord>; notes: ReadNote[] }> {
  const buffered: RawRecord[] = [];
  const wanted = opts.headerRow === 0 ? undefined : opts.headerRow; // 0: no header row, read the first rows to count columns
  const until = wanted !== undefined && opts.preview ? Math.max(wanted, HEADER_SEARCH_ROWS) : wanted;
  for (;;) {
    const enough = until === undefined ? buffered.length >= HEADER_SEARCH_ROWS : (buffered.at(-1)?.row ?? 0) >= until;
    if (enough) break;
    const next = await records.next();
    if (next.done) break;
    buffered.push(next.value);
  }
  const head = buffered.slice();
  const notes: ReadNote[] = [];
  const headerless = opts.headerRow === 0;
  const index = headerless ? -1 : pickHeader(buffered, name, opts);
  const header = buffered[index];
  const after = buffered.slice(index + 1);
  async function* rest(): AsyncGenerator<RawRecord> {
    yield* after.splice(0); // NOTE: empties the buffer so it can be freed
    yield* records;
  }
  if (headerless) {
    const width = Math.max(0, ...buffered.map((r) => r.cells.length));
    const headers = Array.from({ length: width }, (_, i) => `column ${i + 1}`);
    notes.push(note(name, 'no_header', `read without a header row: every row is data, and the columns are named by position (column 1 to column ${width})`));
    return { headers, headerRow: 0, head, rest: rest(), notes };
  }
  if (header && opts.headerRow === undefined) {
    if (index > 0) {
      const above = buffered.slice(0, index);
      const shown = above.slice(0, 5).map((r) => `row ${r.row}: ${JSON.stringify(clip(r.cells.filter((c) => c.trim() !== '').join(' | ')))}`);
      const count = above.length === 1 ? '1 row above it is' : `${above.length} rows above it are`;
      notes.push(note(name, 'rows_above_header', `row ${header.row} is taken as the header row; ${count} not imported (title lines?): ${shown.join('; ')}${above.length > 5 ? '; ...' : ''}. If they are data, choose the header row (--header-row N, or --no-header)`, { warning: true, rows: above.map((r) => r.row) }));
    }
    if (looksLikeData(header.cells)) {
      notes.push(note(name, 'maybe_no_header', `row ${header.row} looks like data, not column names: if the file has no header row, read it without one (columns by position; --no-header)`, { warning: true, rows: [header.row] }));
    }
  }
  return { headers: header ? headerNames(header.cells) : [], headerRow: header?.row ?? 0, head, rest: rest(), notes };
}

function clip(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function pickHeader(records: RawRecord[], name: string, opts: ReadSettings): number {
  if (opts.headerRow === undefined) {
    return records.length === 0 ? 0 : detectHeaderRow(records.map((r) => r.cells), opts.knownHeaders);
  }
  const index = records.findIndex((r) => r.row === opts.headerRow);
  if (index < 0) {
    throw new ParseError({
      code: 'HEADER_ROW_NOT_FOUND',
      detail: `row ${opts.headerRow} is blank or past the end of the file, so it cannot be the header`,
      row: opts.headerRow,
      file: name,
    });
  }
  return index;
}

/** Header cells trimmed; a leftover BOM never reaches a column name. */
function headerNames(cells: string[]): string[] {
  return cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
}

async function openJson(source: ByteSource, head: Uint8Array, opts: OpenRecordsOptions): Promise<Opened> {
  const { encoding, skipBytes } = textEncoding(head, source.name, opts.encoding);
  const sample = createDecoder(encoding).decode(head.subarray(skipBytes), { stream: true });
  if (jsonLayout(sample) === 'ndjson') return openText(source, 'ndjson', head, opts);
  if (source.size > MAX_JSON_BYTES) {
    throw new ParseError({
      code: 'FILE_TOO_LARGE',
      detail: `this JSON file is ${Math.round(source.size / 1e6)} MB; above ${MAX_JSON_BYTES / 1e6} MB, save it as NDJSON (one object a line)`,
      file: source.name,
    });
  }
  const bytes = await source.read(0, source.size);
  const text = createDecoder(encoding).decode(bytes.subarray(skipBytes));
  const { headers, records } = parseJsonDocument(text, { file: source.name });
  const bytesRead = () => source.size;
  return { format: 'json', encoding, headers, headerRow: 0, head: records.slice(0, HEADER_SEARCH_ROWS), records: fromArray(records), bytesRead };
}

async function openWorkbook(source: ByteSource, format: FileFormat, opts: OpenRecordsOptions): Promise<Opened> {
  const name = source.name;
  if (source.size > WORKBOOK_LIMITS.maxBytes) {
    throw new ParseError({
      code: 'WORKBOOK_TOO_LARGE',
      detail: `this workbook is ${Math.round(source.size / 1e6)} MB, more than the ${WORKBOOK_LIMITS.maxBytes / 1e6} MB Sluice reads at once; save the sheet as CSV`,
      file: name,
    });
  }
  const bytes = await source.read(0, source.size);
  checkWorkbookSize(bytes, {}, name);
  await checkZipInflation(bytes, WORKBOOK_LIMITS.maxUncompressedBytes, name, opts.inflate);
  const book = readWorkbookRecords(bytes, { file: name, ...(opts.sheet === undefined ? {} : { sheet: opts.sheet }) });
  const { headers, headerRow, head, rest, notes } = await takeHeader(fromArray(book.records), name, opts);
  const bytesRead = () => source.size;
  const bookNotes = book.notes.map((n) => note(name, 'workbook', n, { warning: true }));
  return { format, sheet: book.sheet, sheets: book.sheets, hiddenSheets: book.hidden, headers, headerRow, head, records: rest, bytesRead, notes: [...bookNotes, ...notes] };
}

async function* fromArray(records: RawRecord[]): AsyncGenerator<RawRecord> {
  yield* records;
}
