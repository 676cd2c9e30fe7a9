import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
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
import { PIECE_BYTES, PieceStreams, fileSize, readHead } from './file-bytes.ts';
import type { OpenOptions, RecordSource } from './record-source.ts';
import { checkZipInflation } from './zip-inflation.ts';

/** Largest JSON document read whole (NDJSON and delimited text stream, whatever their size). */
const MAX_JSON_BYTES = 200 * 1000 * 1000;

/**
 * Opens a file of records for the CLI: picks the format by extension, then by content; detects
 * encoding, delimiter, sheet and header row unless told; streams text formats from disk in
 * 64 KiB pieces (memory stays flat), reads workbooks whole behind a size guard.
 * Errors are ParseErrors naming the file, and the row and column where known.
 */
export async function openRecordSource(filePath: string, opts: OpenOptions = {}): Promise<RecordSource> {
  const name = basename(filePath);
  let head: Uint8Array;
  try {
    head = await readHead(filePath, PIECE_BYTES);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ParseError({ code: 'UNREADABLE_FILE', detail: `cannot open this file (${reason})`, file: name, cause: err });
  }
  const format = chooseFormat(filePath, head);
  switch (format) {
    case 'xlsx':
    case 'xls':
    case 'ods':
      return openWorkbook(filePath, name, format, opts);
    case 'json':
      return openJson(filePath, name, head, opts);
    default:
      return openText(filePath, name, format, head, opts);
  }
}

function chooseFormat(filePath: string, head: Uint8Array): FileFormat {
  const byName = formatFromName(filePath);
  const sniffed = sniffFormat(head);
  if (sniffed === 'xlsx' || sniffed === 'ods' || sniffed === 'xls') return sniffed; // binary wins over the name
  if (byName === 'xlsx' || byName === 'xls' || byName === 'ods') return byName; // SheetJS also reads HTML/CSV "xls"
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

interface TextSetup {
  encoding: string;
  skipBytes: number;
}

function textEncoding(head: Uint8Array, name: string, forced?: string): TextSetup {
  const guess = detectEncoding(head);
  if (forced === undefined) return { encoding: guess.encoding, skipBytes: guess.bomLength };
  let encoding: string;
  try {
    encoding = createDecoder(forced).encoding;
  } catch (err) {
    throw new ParseError({ code: 'UNKNOWN_ENCODING', detail: `unknown text encoding "${forced}"`, file: name, cause: err });
  }
  // Skip the BOM only when it belongs to the encoding the user chose.
  return { encoding, skipBytes: encoding === guess.encoding ? guess.bomLength : 0 };
}

async function openText(
  filePath: string,
  name: string,
  format: FileFormat,
  head: Uint8Array,
  opts: OpenOptions,
): Promise<RecordSource> {
  const { encoding, skipBytes } = textEncoding(head, name, opts.encoding);
  const streams = new PieceStreams(filePath);
  const text = () => decodeText(streams.pieces(), encoding, skipBytes);
  const close = async () => streams.closeAll();

  if (format === 'txt') {
    return { file: filePath, format, encoding, headers: [TEXT_HEADER], headerRow: 0, records: parseTextRecords(text()), close };
  }
  if (format === 'ndjson') {
    const headers = await collectNdjsonHeaders(text(), { file: name });
    return { file: filePath, format, encoding, headers, headerRow: 0, records: parseNdjsonRecords(text(), headers, { file: name }), close };
  }

  let delimiter = opts.delimiter;
  if (delimiter === undefined) {
    if (format === 'tsv') delimiter = '\t';
    else delimiter = detectDelimiter(createDecoder(encoding).decode(head.subarray(skipBytes), { stream: true }));
  }
  const records = parseCsvRecords(text(), { delimiter, file: name });
  try {
    const { headers, headerRow, rest } = await takeHeader(records, name, opts);
    return { file: filePath, format, encoding, delimiter, headers, headerRow, records: rest, close };
  } catch (err) {
    streams.closeAll();
    throw err;
  }
}

/**
 * Reads the first records, finds the header among them (or takes the row given), and returns
 * the header and the stream of the records after it.
 */
async function takeHeader(
  records: AsyncGenerator<RawRecord>,
  name: string,
  opts: OpenOptions,
): Promise<{ headers: string[]; headerRow: number; rest: AsyncIterable<RawRecord> }> {
  const buffered: RawRecord[] = [];
  const wanted = opts.headerRow;
  for (;;) {
    const enough =
      wanted === undefined ? buffered.length >= HEADER_SEARCH_ROWS : (buffered.at(-1)?.row ?? 0) >= wanted;
    if (enough) break;
    const next = await records.next();
    if (next.done) break;
    buffered.push(next.value);
  }
  const index = pickHeader(buffered, name, opts);
  const header = buffered[index];
  const after = buffered.slice(index + 1);
  async function* rest(): AsyncGenerator<RawRecord> {
    yield* after.splice(0); // NOTE: empties the buffer so it can be freed
    yield* records;
  }
  return { headers: header ? headerNames(header.cells) : [], headerRow: header?.row ?? 0, rest: rest() };
}

function pickHeader(records: RawRecord[], name: string, opts: OpenOptions): number {
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

async function openJson(filePath: string, name: string, head: Uint8Array, opts: OpenOptions): Promise<RecordSource> {
  const { encoding, skipBytes } = textEncoding(head, name, opts.encoding);
  const sample = createDecoder(encoding).decode(head.subarray(skipBytes), { stream: true });
  if (jsonLayout(sample) === 'ndjson') return openText(filePath, name, 'ndjson', head, opts);
  const size = await fileSize(filePath);
  if (size > MAX_JSON_BYTES) {
    throw new ParseError({
      code: 'FILE_TOO_LARGE',
      detail: `this JSON file is ${Math.round(size / 1e6)} MB; above ${MAX_JSON_BYTES / 1e6} MB, save it as NDJSON (one object a line)`,
      file: name,
    });
  }
  const bytes = await readFile(filePath);
  const text = createDecoder(encoding).decode(bytes.subarray(skipBytes));
  const { headers, records } = parseJsonDocument(text, { file: name });
  return { file: filePath, format: 'json', encoding, headers, headerRow: 0, records: fromArray(records), close: async () => {} };
}

async function openWorkbook(filePath: string, name: string, format: FileFormat, opts: OpenOptions): Promise<RecordSource> {
  const size = await fileSize(filePath);
  if (size > WORKBOOK_LIMITS.maxBytes) {
    throw new ParseError({
      code: 'WORKBOOK_TOO_LARGE',
      detail: `this workbook is ${Math.round(size / 1e6)} MB, more than the ${WORKBOOK_LIMITS.maxBytes / 1e6} MB Sluice reads at once; save the sheet as CSV`,
      file: name,
    });
  }
  const bytes = new Uint8Array(await readFile(filePath));
  checkWorkbookSize(bytes, {}, name);
  await checkZipInflation(bytes, WORKBOOK_LIMITS.maxUncompressedBytes, name);
  const book = readWorkbookRecords(bytes, { file: name, ...(opts.sheet === undefined ? {} : { sheet: opts.sheet }) });
  const { headers, headerRow, rest } = await takeHeader(fromArray(book.records), name, opts);
  return { file: filePath, format, sheet: book.sheet, sheets: book.sheets, headers, headerRow, records: rest, close: async () => {} };
}

async function* fromArray(records: RawRecord[]): AsyncGenerator<RawRecord> {
  yield* records;
}
