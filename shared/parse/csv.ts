import { ParseError, type ParseErrorInit } from './errors.ts';
import { isBlankCells, type RawRecord } from './record.ts';

export interface CsvOptions {
  /** Field delimiter (one character), usually from detectDelimiter. */
  delimiter: string;
  /** File name for error messages. */
  file?: string;
  /**
   * Longest record accepted, in characters (default 8 Mi). A quote that never closes, or a file
   * with no line end, would otherwise swallow the rest of the file: the reader stops as soon as
   * a record passes this size, whatever the piece boundaries, and says where.
   */
  maxRecordChars?: number;
}

const DEFAULT_MAX_RECORD_CHARS = 8 * 1024 * 1024;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Streams the records of delimited text (CSV, TSV...) from decoded text pieces, in one pass
 * over each character (linear time whatever the piece boundaries), pulling the next piece only
 * once the records already parsed have been taken (backpressure). Quoted fields may hold
 * delimiters, quotes ("") and line breaks, split anywhere across pieces. CR LF, LF and CR all
 * end a record, even mixed in one file; inside quotes they are kept as they are.
 * `row` is the 1-based record number as a spreadsheet shows it: blank records are skipped but
 * counted. A quote that never closes throws a ParseError naming the row where it opened; a
 * record longer than `maxRecordChars` throws as soon as it passes that size.
 * @example for await (const r of parseCsvRecords(['a;b\r\n1;', '2\r\n'], { delimiter: ';' })) ...
 */
export async function* parseCsvRecords(
  pieces: AsyncIterable<string> | Iterable<string>,
  opts: CsvOptions,
): AsyncGenerator<RawRecord> {
  if (opts.delimiter.length !== 1) {
    throw new ParseError(located({ code: 'UNREADABLE_FILE', detail: `the field delimiter must be one character, not ${JSON.stringify(opts.delimiter)}` }, opts));
  }
  const delim = opts.delimiter.charCodeAt(0);
  const max = opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;

  let row = 1; // the record being read
  let cells: string[] = [];
  let field = ''; // the current field's text carried over from earlier pieces
  let carried = 0; // characters of the current record in earlier pieces
  let state: 'start' | 'plain' | 'quoted' | 'quote' | 'closed' = 'start'; // 'quote': a quote seen inside quotes, doubled or closing
  let skipLf = false; // the previous piece ended with CR: a LF opening this one belongs to it
  let quoteRow = 0; // where the open quote opened
  let quoteColumn = 0;
  let overflow = false; // the record passed `max` inside quotes: only look for the closing quote

  for await (const piece of pieces) {
    const n = piece.length;
    let i = 0;
    if (skipLf && n > 0) {
      skipLf = false;
      if (piece.charCodeAt(0) === LF) i = 1;
    }
    if (overflow) {
      // Only to tell a field that is too long from a quote that never closes; nothing is kept.
      for (; i < n; i++) {
        if (piece.charCodeAt(i) !== QUOTE) {
          if (state === 'quote') throw tooLong(opts, quoteRow, max, quoteColumn);
          continue;
        }
        state = state === 'quote' ? 'quoted' : 'quote';
      }
      continue;
    }
    let recordStart = i; // where the current record starts in this piece (or 0)
    let start = i; // where the current field's uncopied text starts
    const records: RawRecord[] = [];
    while (i < n) {
      if (state === 'quoted') {
        const q = piece.indexOf('"', i);
        if (q < 0) {
          i = n;
          break;
        }
        field += piece.slice(start, q);
        i = q + 1;
        start = i;
        state = 'quote';
        continue;
      }
      const c = piece.charCodeAt(i);
      if (state === 'quote') {
        if (c === QUOTE) {
          // "" inside quotes: one quote of the field's text
          state = 'quoted';
          start = i; // keep this quote
          i++;
          continue;
        }
        state = 'closed';
      }
      if (c === delim) {
        cells.push(field + piece.slice(start, i));
        field = '';
        state = 'start';
        start = ++i;
        continue;
      }
      if (c === LF || c === CR) {
        cells.push(field + piece.slice(start, i));
        field = '';
        state = 'start';
        if (carried + i - recordStart > max) throw tooLong(opts, row, max);
        if (!isBlankCells(cells)) records.push({ row, cells });
        cells = [];
        row++;
        carried = 0;
        if (c === CR) {
          if (i + 1 === n) skipLf = true;
          else if (piece.charCodeAt(i + 1) === LF) i++;
        }
        start = ++i;
        recordStart = i;
        continue;
      }
      if (state === 'closed') {
        if (c === 32 || c === 9) {
          start = ++i; // spaces between a closing quote and the delimiter are dropped
          continue;
        }
        throw new ParseError(located({
          code: 'MALFORMED_QUOTE',
          detail: 'a quoted field has text after its closing quote (write "" for a quote inside quotes)',
          row,
          column: cells.length + 1,
        }, opts));
      }
      if (state === 'start' && c === QUOTE) {
        state = 'quoted';
        quoteRow = row;
        quoteColumn = cells.length + 1;
        start = ++i;
        continue;
      }
      // Plain text: jump to the next delimiter or line end.
      state = 'plain';
      for (i++; i < n; i++) {
        const d = piece.charCodeAt(i);
        if (d === delim || d === LF || d === CR) break;
      }
    }
    if (start < n) field += piece.slice(start, n);
    carried += n - recordStart;
    for (const r of records) yield r;
    if (carried > max) {
      if (state === 'quoted' || state === 'quote') {
        // Look on for the closing quote without keeping the text: it tells the two errors apart.
        overflow = true;
        cells = [];
        field = '';
        continue;
      }
      throw tooLong(opts, row, max);
    }
  }
  if (overflow && state === 'quote') throw tooLong(opts, quoteRow, max, quoteColumn);
  if (state === 'quoted' || overflow) {
    throw new ParseError(located({ code: 'UNBALANCED_QUOTE', detail: 'a quote opens in this row and is never closed', row: quoteRow, column: quoteColumn }, opts));
  }
  if (state !== 'start' || field !== '' || cells.length > 0) {
    cells.push(field);
    if (!isBlankCells(cells)) yield { row, cells };
  }
}

function tooLong(opts: CsvOptions, row: number, max: number, column?: number): ParseError {
  const detail = column === undefined
    ? `this record is longer than ${max} characters; is the delimiter right, or does the file have no line ends?`
    : `a quoted field is longer than ${max} characters, more than Sluice reads in one record (the quote does close)`;
  return new ParseError(located({ code: 'RECORD_TOO_LARGE', detail, row, ...(column === undefined ? {} : { column }) }, opts));
}

function located(init: ParseErrorInit, opts: CsvOptions): ParseErrorInit {
  return opts.file === undefined ? init : { ...init, file: opts.file };
}
