// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- keeps @types/papaparse (and Node's types) out of shared/
/// <reference path="./papaparse-core.d.ts" />
import Papa from 'papaparse/papaparse.js';
import { ParseError } from './errors.ts';
import { isBlankCells, type RawRecord } from './record.ts';

export interface CsvOptions {
  /** Field delimiter, usually from detectDelimiter. */
  delimiter: string;
  /** File name for error messages. */
  file?: string;
  /**
   * Longest record accepted, in characters (default 8 Mi). A quote that never closes would
   * otherwise swallow the rest of the file; past this size the reader stops and says where.
   */
  maxRecordChars?: number;
}

const DEFAULT_MAX_RECORD_CHARS = 8 * 1024 * 1024;

/**
 * Streams the records of delimited text (CSV, TSV...) from decoded text pieces, on Papa Parse's
 * core parser (no worker mode, so the caller keeps backpressure: the next piece is pulled only
 * once the records already parsed have been taken). Quoted fields may hold delimiters, quotes
 * and line breaks, split anywhere across pieces; CRLF, LF and CR line ends are recognized.
 * `row` is the 1-based record number as a spreadsheet shows it: blank records are skipped but
 * counted. A quote that never closes throws a ParseError naming the row where it opened.
 * @example for await (const r of parseCsvRecords(['a;b\r\n1;', '2\r\n'], { delimiter: ';' })) ...
 */
export async function* parseCsvRecords(
  pieces: AsyncIterable<string> | Iterable<string>,
  opts: CsvOptions,
): AsyncGenerator<RawRecord> {
  const maxRecordChars = opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  let parser: InstanceType<typeof Papa.Parser> | undefined;
  let newline: '\n' | '\r' | '\r\n' = '\n';
  let tail = '';
  let rowsBefore = 0; // records already taken out of the text, blank ones included
  // When a parse of the tail finds no complete record (a long quoted field), wait until the
  // tail doubles before parsing again, so a huge field costs linear, not quadratic, time.
  let parseAt = 0;

  const emit = function* (input: string, final: boolean): Generator<RawRecord> {
    const result = parser!.parse(input, 0, !final);
    const data = result.data;
    const errors = result.errors.filter((e) => e.row < data.length);
    const nextError = errors.length ? Math.min(...errors.map((e) => e.row)) : -1;
    for (let i = 0; i < data.length; i++) {
      if (i === nextError) throw quoteError(errors, i, data[i]!, rowsBefore + 1, opts.file);
      const cells = data[i]!;
      rowsBefore++;
      if (newline === '\n') trimCarriageReturn(cells);
      if (!isBlankCells(cells)) yield { row: rowsBefore, cells };
    }
    tail = final ? '' : input.slice(result.meta.cursor);
    if (nextError === -1 && data.length === 0) parseAt = tail.length * 2;
    else parseAt = 0;
  };

  for await (const piece of pieces) {
    if (piece === '') continue;
    tail += piece;
    if (!parser) {
      const found = guessNewline(tail);
      if (!found) continue; // no line end yet: keep reading
      newline = found;
      parser = new Papa.Parser({ delimiter: opts.delimiter, newline });
    }
    if (tail.length < parseAt) {
      if (tail.length > maxRecordChars) throw tooLarge(tail, rowsBefore + 1, opts, parser);
      continue;
    }
    yield* emit(tail, false);
    if (tail.length > maxRecordChars) throw tooLarge(tail, rowsBefore + 1, opts, parser);
  }
  if (tail !== '') {
    parser ??= new Papa.Parser({ delimiter: opts.delimiter, newline: guessNewline(tail) ?? '\n' });
    yield* emit(tail, true);
  }
}

/** CR LF, LF or CR: whichever ends the first line (quote-aware). Undefined until one is seen. */
function guessNewline(text: string): '\n' | '\r' | '\r\n' | undefined {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === '\n') return '\n';
    else if (ch === '\r') {
      if (i + 1 === text.length) return undefined; // the LF may come in the next piece
      return text[i + 1] === '\n' ? '\r\n' : '\r';
    }
  }
  return undefined;
}

/** A file ending lines with LF but holding a stray CR LF line: drop the CR from the last cell. */
function trimCarriageReturn(cells: string[]): void {
  const last = cells.length - 1;
  const value = cells[last];
  if (value !== undefined && value.endsWith('\r')) cells[last] = value.slice(0, -1); // NOTE: mutates cells
}

function quoteError(
  errors: { code: string; row: number }[],
  index: number,
  cells: string[],
  row: number,
  file: string | undefined,
): ParseError {
  const missing = errors.some((e) => e.row === index && e.code === 'MissingQuotes');
  const init = missing
    ? {
        code: 'UNBALANCED_QUOTE' as const,
        detail: 'a quote opens in this row and is never closed',
        row,
        column: cells.length,
      }
    : {
        code: 'MALFORMED_QUOTE' as const,
        detail: 'a quoted field has text after its closing quote (write "" for a quote inside quotes)',
        row,
      };
  return new ParseError(file === undefined ? init : { ...init, file });
}

function tooLarge(
  tail: string,
  row: number,
  opts: CsvOptions,
  parser: InstanceType<typeof Papa.Parser>,
): ParseError {
  // Most often a quote that never closes: say so, with the row where it opened.
  const result = parser.parse(tail, 0, false);
  const first = result.errors.find((e) => e.row === 0);
  if (first) return quoteError(result.errors, 0, result.data[0] ?? [], row, opts.file);
  const init = {
    code: 'RECORD_TOO_LARGE' as const,
    detail: `this record is longer than ${opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS} characters`,
    row,
  };
  return new ParseError(opts.file === undefined ? init : { ...init, file: opts.file });
}
