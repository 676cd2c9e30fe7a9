import { ParseError } from './errors.ts';
import { splitLines } from './lines.ts';
import { canonicalNumber } from './number-text.ts';
import type { RawRecord } from './record.ts';

/** Column for array elements or lines that are not objects (a bare string or number). */
export const JSON_VALUE_KEY = 'value';

/**
 * The union of keys of JSON records, in first-seen order. A Map, never a plain object, so keys
 * such as `__proto__` or `constructor` are just names.
 */
export class HeaderUnion {
  readonly headers: string[] = [];
  private readonly index = new Map<string, number>();

  /** Adds a key if new; returns its column. */
  add(key: string): number {
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.headers.length;
      this.index.set(key, at);
      this.headers.push(key);
    }
    return at;
  }
}

/** One parsed JSON record as [key, cell text] pairs, in the object's own key order. */
export type JsonEntries = [string, string][];

/**
 * Turns a parsed JSON value into [key, text] pairs: objects give their keys; anything else is
 * one `value`. Nested objects and arrays become JSON text, null an empty cell.
 */
export function jsonEntries(value: unknown): JsonEntries {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries: JsonEntries = [];
    for (const key of Object.keys(value)) {
      entries.push([key, jsonCellText((value as Record<string, unknown>)[key])]);
    }
    return entries;
  }
  return [[JSON_VALUE_KEY, jsonCellText(value)]];
}

/** Text of one JSON value as a cell: strings as-is, numbers without exponent, the rest as JSON. */
export function jsonCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return canonicalNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/** Lays entries out as cells in the union's column order, adding new keys to the union. */
export function entriesToCells(entries: JsonEntries, union: HeaderUnion): string[] {
  const cells: string[] = new Array<string>(union.headers.length).fill('');
  for (const [key, text] of entries) {
    const at = union.add(key);
    while (cells.length <= at) cells.push('');
    cells[at] = text;
  }
  return cells;
}

/**
 * Reads a JSON document holding an array of objects (or one object). `headers` is the union
 * of keys in first-seen order; `row` is the line where each element starts, as an editor shows it.
 * Malformed JSON throws a ParseError naming the line and column.
 */
export function parseJsonDocument(text: string, opts: { file?: string } = {}): { headers: string[]; records: RawRecord[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  checkDepth(body, 0, opts.file);
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw invalidJson(body, err, 0, opts.file);
  }
  const union = new HeaderUnion();
  const records: RawRecord[] = [];
  if (Array.isArray(doc)) {
    const lines = elementLines(body);
    doc.forEach((element, i) => {
      records.push({ row: lines[i] ?? i + 1, cells: entriesToCells(jsonEntries(element), union) });
    });
  } else if (doc !== null && typeof doc === 'object') {
    records.push({ row: 1, cells: entriesToCells(jsonEntries(doc), union) });
  } else {
    throw new ParseError({
      code: 'NOT_RECORDS',
      detail: 'expected an array of objects, or one JSON object a line',
      ...(opts.file === undefined ? {} : { file: opts.file }),
    });
  }
  padCells(records, union.headers.length);
  return { headers: union.headers, records };
}

/**
 * Streams NDJSON (one JSON value a line) as [key, text] entries with the line number.
 * Blank lines are skipped; a line that is not JSON throws a ParseError naming it.
 */
export async function* parseNdjsonEntries(
  pieces: AsyncIterable<string> | Iterable<string>,
  opts: { file?: string } = {},
): AsyncGenerator<{ row: number; entries: JsonEntries }> {
  let first = true;
  for await (const { line, text: raw } of splitLines(pieces)) {
    const text = first && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    first = false;
    if (text.trim() === '') continue;
    checkDepth(text, line - 1, opts.file);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw invalidJson(text, err, line - 1, opts.file);
    }
    yield { row: line, entries: jsonEntries(value) };
  }
}

/** The union of keys over a whole NDJSON text, in first-seen order (first pass of two). */
export async function collectNdjsonHeaders(
  pieces: AsyncIterable<string> | Iterable<string>,
  opts: { file?: string } = {},
): Promise<string[]> {
  const union = new HeaderUnion();
  for await (const { entries } of parseNdjsonEntries(pieces, opts)) for (const [key] of entries) union.add(key);
  return union.headers;
}

/**
 * Streams NDJSON records as cells under `headers` (from collectNdjsonHeaders); keys not in it
 * are appended to it (NOTE: mutates headers) and later cells come out longer.
 */
export async function* parseNdjsonRecords(
  pieces: AsyncIterable<string> | Iterable<string>,
  headers: string[],
  opts: { file?: string } = {},
): AsyncGenerator<RawRecord> {
  const union = new HeaderUnion();
  for (const h of headers) union.add(h);
  for await (const { row, entries } of parseNdjsonEntries(pieces, opts)) {
    const cells = entriesToCells(entries, union);
    for (let i = headers.length; i < union.headers.length; i++) headers.push(union.headers[i]!);
    while (cells.length < headers.length) cells.push('');
    yield { row, cells };
  }
}

/** Deepest nesting of arrays and objects read (a record's own values are one or two levels down). */
export const MAX_JSON_DEPTH = 256;

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH before parsing it: JSON.parse and
 * JSON.stringify recurse, and 100,000 levels end in a stack overflow instead of an error
 * naming the line. One pass, outside strings.
 */
function checkDepth(text: string, lineOffset: number, file: string | undefined): void {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
        else if (d === 0x0a) line++;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new ParseError({
          code: 'TOO_DEEP',
          detail: `arrays and objects are nested more than ${MAX_JSON_DEPTH} deep here; Sluice reads records, not trees this deep`,
          row: lineOffset + line,
          ...(file === undefined ? {} : { file }),
        });
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x0a) line++;
  }
}

function padCells(records: RawRecord[], width: number): void {
  for (const r of records) while (r.cells.length < width) r.cells.push('');
}

/** Line (1-based) where each element of a top-level JSON array starts. Expects valid JSON. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (depth === 1 && expectElement && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

function invalidJson(text: string, err: unknown, lineOffset: number, file: string | undefined): ParseError {
  const message = err instanceof Error ? err.message : String(err);
  const position = /position (\d+)/.exec(message);
  let row = lineOffset + 1;
  let column: number | undefined;
  if (position) {
    const at = Number(position[1]);
    const before = text.slice(0, at);
    const breaks = before.split('\n');
    row = lineOffset + breaks.length;
    column = breaks[breaks.length - 1]!.length + 1;
  } else if (/end of JSON input/i.test(message)) {
    const breaks = text.split('\n');
    row = lineOffset + breaks.length;
  }
  return new ParseError({
    code: 'INVALID_JSON',
    detail: `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`,
    row,
    ...(column === undefined ? {} : { column }),
    ...(file === undefined ? {} : { file }),
    cause: err,
  });
}
