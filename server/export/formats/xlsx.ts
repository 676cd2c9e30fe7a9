/**
 * A streaming XLSX writer: the sheet XML is written row by row into a ZipDeflate entry (fflate),
 * and each batch of rows comes back as the compressed bytes it produced, so memory does not
 * grow with the row count (no shared strings table: every text is an inline string).
 *
 * Cells: text as inline strings (never evaluated, so phones and leading zeros stay text);
 * numbers as numbers when exact to 15 digits; dates and date-times as real date cells
 * (yyyy-mm-dd, yyyy-mm-dd hh:mm:ss, UTC); booleans as booleans. A text cell that starts like a
 * formula gets Excel's own "quote prefix" cell style (what Excel stores when you type `'=…`):
 * it shows and stays text even when edited, and its value is kept exactly.
 */
import { Zip, ZipDeflate } from 'fflate';
import { EXPORT_FORMAT_INFO } from '../../../shared/api/export-formats.ts';
import { runsAsFormula } from '../../../shared/csv/cell.ts';
import { exactNumber, plainText } from '../cells.ts';
import type { Column } from '../columns.ts';
import type { ExportFormatWriter, ExportRow, ExportWriter } from './format.ts';

/** Rows in one Excel sheet, the header row included. */
export const XLSX_MAX_ROWS = EXPORT_FORMAT_INFO.xlsx.maxRecords + 1;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const DAY_MS = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
// Serial 61 is 1900-03-01: before it Excel counts a 29 Feb 1900 that never was; earlier dates stay text.
const FIRST_SAFE_SERIAL = 61;

/** Cell styles, by index in styles.xml's cellXfs. */
const STYLE = { date: 1, datetime: 2, quotePrefix: 3, header: 4 } as const;

const STATIC_PARTS: [string, string][] = [
  ['[Content_Types].xml', `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + '</Types>'],
  ['_rels/.rels', `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
    + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
  ['xl/_rels/workbook.xml.rels', `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
    + `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>`
    + `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`],
  ['xl/styles.xml', `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">`
    + '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>'
    + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + '<cellXfs count="5">'
    + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    + '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    + '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>'
    + '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'],
];

function workbookXml(sheetName: string): string {
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>`
    + `<sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

/** A, B, …, Z, AA, … */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot carry are the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as XML character data. Characters XML cannot hold are written as OOXML `_xHHHH_`
 * escapes, and a literal `_xHHHH_` in the data is itself escaped, so every value reads back exactly.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(NOT_XML, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/[&<>"]/g, (m) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[m]!)
    // XML readers turn a raw CR into LF; Excel writes CR as _x000D_, and so do we
    .replace(/\r/g, '_x000D_');
}

function dateSerial(ymd: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return undefined;
  const serial = (Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - EXCEL_EPOCH) / DAY_MS;
  return serial >= FIRST_SAFE_SERIAL ? serial : undefined;
}

function dateTimeSerial(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return undefined;
  const serial = (ms - EXCEL_EPOCH) / DAY_MS;
  return serial >= FIRST_SAFE_SERIAL ? serial : undefined;
}

function inlineString(ref: string, text: string, style?: number): string {
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

/** One cell's XML, or '' for an empty cell. */
function cellXml(col: Column, ref: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (col.kind) {
    case 'integer':
    case 'number': {
      const n = exactNumber(value);
      if (n !== undefined) return `<c r="${ref}"><v>${n}</v></c>`;
      break;
    }
    case 'date': {
      const serial = dateSerial(plainText(value));
      if (serial !== undefined) return `<c r="${ref}" s="${STYLE.date}"><v>${serial}</v></c>`;
      break;
    }
    case 'datetime': {
      const serial = dateTimeSerial(value);
      if (serial !== undefined) return `<c r="${ref}" s="${STYLE.datetime}"><v>${serial}</v></c>`;
      break;
    }
    case 'boolean':
      if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
      break;
    default:
      break;
  }
  const text = plainText(value);
  return inlineString(ref, text, runsAsFormula(text) ? STYLE.quotePrefix : undefined);
}

/** Column width in characters, from what the schema says a value can hold. */
function columnWidth(col: Column): number {
  switch (col.kind) {
    case 'date': return 12;
    case 'datetime': return 20;
    case 'integer': case 'number': case 'boolean': return Math.max(10, col.name.length + 2);
    default: return Math.min(50, Math.max(12, col.name.length + 2, (col.max ?? 30) + 2));
  }
}

/** The streaming XLSX writer for one sheet named after the dataset. */
export function xlsxWriter(columns: Column[], sheetName: string, opts: { level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 } = {}): ExportWriter {
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else out.push(data);
  });
  const encoder = new TextEncoder();
  const take = (): Uint8Array => {
    if (failed) throw failed;
    if (out.length === 1) return out.pop()!;
    const size = out.reduce((n, c) => n + c.length, 0);
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of out.splice(0)) {
      all.set(c, at);
      at += c.length;
    }
    return all;
  };
  const letters = columns.map((_, i) => columnLetters(i));
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: opts.level ?? 4 });
  let rowNo = 1;

  return {
    head() {
      for (const [name, xml] of [...STATIC_PARTS, ['xl/workbook.xml', workbookXml(sheetName.slice(0, 31))] as [string, string]]) {
        const part = new ZipDeflate(name, { level: 6 });
        zip.add(part);
        part.push(encoder.encode(xml), true);
      }
      zip.add(sheet);
      const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${columnWidth(c)}" customWidth="1"/>`).join('');
      const header = columns.map((c, i) => inlineString(`${letters[i]}1`, c.name, STYLE.header)).join('');
      sheet.push(encoder.encode(`${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`
        + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        + `<cols>${cols}</cols><sheetData><row r="1">${header}</row>`));
      return take();
    },
    rows(rows: ExportRow[]) {
      if (rowNo + rows.length > XLSX_MAX_ROWS) {
        throw new Error(`an XLSX sheet holds at most ${XLSX_MAX_ROWS - 1} rows under its header`);
      }
      let xml = '';
      for (const r of rows) {
        rowNo++;
        xml += `<row r="${rowNo}">`;
        for (let i = 0; i < columns.length; i++) xml += cellXml(columns[i]!, `${letters[i]}${rowNo}`, r[columns[i]!.name]);
        xml += '</row>';
      }
      sheet.push(encoder.encode(xml));
      return take();
    },
    tail() {
      sheet.push(encoder.encode('</sheetData></worksheet>'), true);
      zip.end();
      return take();
    },
  };
}

export const xlsx = {
  info: EXPORT_FORMAT_INFO.xlsx,
  create: (columns, datasetName) => xlsxWriter(columns, datasetName),
} satisfies ExportFormatWriter;
