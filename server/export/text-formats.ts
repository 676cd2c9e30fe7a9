/** Writers for the text formats: CSV, TSV, TXT, JSON, NDJSON and DOC (an HTML table Word opens). */
import { jsonValue, plainText, spreadsheetText } from './cells.ts';
import type { Column } from './columns.ts';
import type { ExportRow, ExportWriter } from './writer.ts';

const BOM = '\uFEFF';

/** RFC 4180 field: quoted when it holds the delimiter, a quote, CR or LF; quotes doubled. */
function delimitedField(text: string, delimiter: string): string {
  if (text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r')) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/**
 * CSV (RFC 4180, comma) or TSV (tab, quoted the same way, as Excel writes it): UTF-8 with a BOM
 * so Excel reads accents, CRLF line ends, header = field names (so the file imports back),
 * text cells that start like a formula get a leading `'`.
 */
export function delimitedWriter(columns: Column[], delimiter: ',' | '\t'): ExportWriter {
  const line = (cells: string[]) => cells.map((c) => delimitedField(c, delimiter)).join(delimiter) + '\r\n';
  return {
    head: () => BOM + line(columns.map((c) => c.name)),
    rows: (rows) => rows.map((r) => line(columns.map((c) => spreadsheetText(c, r[c.name])))).join(''),
    tail: () => '',
  };
}

/** How wide a TXT column may grow from what the first page shows; longer values overflow. */
export const TXT_MAX_WIDTH = 40;

/**
 * TXT: aligned columns for people to read. A stream cannot see its last row, so widths are fixed
 * from the header and the FIRST PAGE of rows (1,000), capped at TXT_MAX_WIDTH: a longer value
 * later is written whole and pushes the rest of its line (nothing is cut). Numbers are aligned
 * right, line breaks and tabs inside values are shown as ` ↵ ` and a space.
 */
export function txtWriter(columns: Column[]): ExportWriter {
  let widths: number[] | undefined;
  const flat = (v: unknown) => plainText(v).replace(/\r\n|\r|\n/g, ' ↵ ').replace(/\t/g, ' ');
  const length = (s: string) => [...s].length;
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, widths![i]! - length(text)));
    const right = columns[i]!.kind === 'integer' || columns[i]!.kind === 'number';
    return right ? gap + text : text + gap;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd() + '\r\n';
  const header = () => line(columns.map((c) => c.name)) + line(widths!.map((w) => '-'.repeat(w)));
  return {
    head: () => BOM,
    rows(rows) {
      const cells = rows.map((r) => columns.map((c) => flat(r[c.name])));
      let out = '';
      if (!widths) {
        widths = columns.map((c, i) => Math.min(TXT_MAX_WIDTH, Math.max(length(c.name), ...cells.map((row) => length(row[i]!)))));
        out = header();
      }
      return out + cells.map(line).join('');
    },
    tail: () => (widths ? '' : ((widths = columns.map((c) => length(c.name))), header())),
  };
}

/** JSON: one array, streamed; numbers as numbers, dates as ISO text, empty cells as null. */
export function jsonWriter(columns: Column[]): ExportWriter {
  let first = true;
  return {
    head: () => '[',
    rows(rows) {
      const out = rows.map((r) => (first ? ((first = false), '\n') : ',\n') + JSON.stringify(record(columns, r))).join('');
      return out;
    },
    tail: () => (first ? ']\n' : '\n]\n'),
  };
}

/** NDJSON: one JSON object a line. */
export function ndjsonWriter(columns: Column[]): ExportWriter {
  return {
    head: () => '',
    rows: (rows) => rows.map((r) => JSON.stringify(record(columns, r)) + '\n').join(''),
    tail: () => '',
  };
}

function record(columns: Column[], row: ExportRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.name] = jsonValue(c, row[c.name]);
  return out;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (m) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[m]!);

/**
 * DOC: an HTML table with Word's namespaces, sent as application/msword; Word (and LibreOffice
 * Writer) open it as a document with a table. Line breaks inside values become <br>.
 */
export function docWriter(columns: Column[], title: string): ExportWriter {
  const cell = (tag: string, text: string) => `<${tag}>${escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>')}</${tag}>`;
  return {
    head: () => `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta charset="utf-8"><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>${escapeHtml(title)}</title>
<style>table{border-collapse:collapse;font-family:Calibri,Arial,sans-serif;font-size:10pt}th,td{border:1px solid #999;padding:2px 6px;vertical-align:top}th{background:#eee}</style></head>
<body><h1>${escapeHtml(title)}</h1><table>
<thead><tr>${columns.map((c) => cell('th', c.name)).join('')}</tr></thead>
<tbody>
`,
    rows: (rows) => rows.map((r) => `<tr>${columns.map((c) => cell('td', plainText(r[c.name]))).join('')}</tr>\n`).join(''),
    tail: () => '</tbody></table></body></html>\n',
  };
}
