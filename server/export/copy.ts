/**
 * CSV and TSV exports straight from PostgreSQL: `COPY (select …) TO STDOUT` formats and quotes
 * every row in the database, and the server only passes the bytes on. Each column is written as
 * an SQL expression that gives exactly the text the JS writers give (formats/csv.ts, cells.ts):
 * formula-like text gets its leading `'`, dates ISO, date-times ISO 8601 UTC with milliseconds,
 * booleans true/false, null and empty text as an empty unquoted field. PostgreSQL ends lines
 * with LF; `crlfLines` turns the line ends outside quotes into CRLF, as the JS writers do.
 */
import type { Readable } from 'node:stream';
import { FORMULA_FIRST_CHARACTERS, SIGNED_NUMBER } from '../../shared/csv/cell.ts';
import type { Sql } from '../db/engine.ts';
import type { Column } from './columns.ts';

/** The character codes of FORMULA_FIRST_CHARACTERS, for `ascii(cell) in (…)`. */
const FORMULA_CODES = FORMULA_FIRST_CHARACTERS.map((ch) => ch.charCodeAt(0)).join(', ');

/** The SQL for one exported cell of `col` (identifiers come only from the schema). */
export function copyCell(col: Column): string {
  const c = col.sql;
  switch (col.kind) {
    case 'text':
      // shared/csv's runsAsFormula: starts with - = + @ tab CR (by the first character's code: on
      // 1M rows of 9 text columns, 4.2-4.5 s against 6.2-6.3 s for a pattern), and is not a
      // signed plain number
      return `nullif(case when ascii(${c}) in (${FORMULA_CODES}) and ${c} !~ '${SIGNED_NUMBER.source}' then '''' || ${c} else ${c}::text end, '')`;
    case 'datetime':
      return `to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'boolean':
      return `case when ${c} then 'true' when not ${c} then 'false' end`;
    default:
      return `${c}::text`;
  }
}

/** The COPY statement of an export; `where` holds literals only (COPY takes no parameters). */
export function copyStatement(columns: readonly Column[], table: string, where: string, orderBy: string, delimiter: ',' | '\t'): string {
  // output names that no field can have, so ORDER BY names the table's columns, not these texts
  const cells = columns.map((col, i) => `${copyCell(col)} as "${i}"`).join(', ');
  return `copy (select ${cells} from ${table} t where ${where} order by ${orderBy}) to stdout with (format csv, delimiter ${delimiter === ',' ? `','` : `E'\\t'`})`;
}

/**
 * Starts a COPY … TO STDOUT on a connection of its own, given back when the stream ends or
 * fails. The driver refuses other queries on a connection that is in COPY, so the COPY must
 * not share one: with a single connection (PGlite) other requests wait for it, as they wait
 * for a cursor.
 */
export async function openCopy(sql: Sql, statement: string): Promise<Readable> {
  const conn = await sql.reserve();
  let source: Readable;
  try {
    source = await conn.unsafe(statement).readable();
  } catch (err) {
    conn.release();
    throw err;
  }
  // 'end' comes with the last row, before the COPY's own completion: a query sent after it
  // runs once the connection is idle again, and only then is the connection given back
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // The driver pauses its socket whenever the stream's buffer is full and resumes it only from
    // the stream's _read, which is never called again once the stream has ended; the COPY's
    // last messages (completion, ready for query) may still be unread then. Resume it once more.
    (source as Readable & { _read(size: number): void })._read(0);
    conn`select 1`.catch(() => {}).finally(() => conn.release());
  };
  source.once('end', release);
  source.once('error', release);
  return source;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * A stateful converter of CSV bytes from LF to CRLF line ends, leaving line breaks inside
 * quoted fields as they are. Feed it the pieces of one stream in order.
 */
export function crlfLines(): (piece: Uint8Array) => Uint8Array {
  let quoted = false;
  return (piece) => {
    const ends: number[] = [];
    let i = 0;
    // jump from quote to quote or line end (indexOf runs natively); most rows hold no quote
    let q = piece.indexOf(QUOTE);
    for (;;) {
      if (quoted) {
        if (q < 0) break;
        quoted = false;
        i = q + 1;
        q = piece.indexOf(QUOTE, i);
        continue;
      }
      const lf = piece.indexOf(LF, i);
      if (q >= 0 && (lf < 0 || q < lf)) {
        quoted = true;
        i = q + 1;
        q = piece.indexOf(QUOTE, i);
        continue;
      }
      if (lf < 0) break;
      ends.push(lf);
      i = lf + 1;
    }
    if (ends.length === 0) return piece;
    const out = new Uint8Array(piece.length + ends.length);
    let from = 0;
    let to = 0;
    for (const lf of ends) {
      out.set(piece.subarray(from, lf), to);
      to += lf - from;
      out[to++] = CR;
      out[to++] = LF;
      from = lf + 1;
    }
    out.set(piece.subarray(from), to);
    return out;
  };
}

/**
 * The response body of a COPY export: the head (BOM and header line), then the bytes PostgreSQL
 * sends, with CRLF line ends. Pull-based like exportStream: the driver pauses its socket while
 * the client has not taken what was read. A client that goes away makes the rest of the COPY
 * drain unread, so the connection is free again when it ends (destroying the driver's stream
 * mid-COPY would leave its socket paused for good).
 */
export function copyExportStream(source: Readable, head: string): ReadableStream<Uint8Array> {
  const toCrlf = crlfLines();
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  source.once('end', () => { ended = true; wake?.(); });
  source.once('error', (err) => { failure = err; wake?.(); });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(head));
    },
    async pull(controller) {
      for (;;) {
        const piece = source.read() as Buffer | null;
        if (piece !== null) {
          controller.enqueue(toCrlf(piece));
          return;
        }
        if (failure !== undefined) {
          console.error('export failed mid-stream:', failure);
          controller.error(failure);
          return;
        }
        if (ended) {
          controller.close();
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          source.once('readable', resolve);
        });
        source.removeAllListeners('readable');
        wake = undefined;
      }
    },
    cancel() {
      source.removeAllListeners('readable');
      source.on('data', () => {});
      source.on('error', () => {});
      source.resume();
    },
  });
}
