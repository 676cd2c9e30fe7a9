/** DOC: an HTML table Word opens as a document. */
import { EXPORT_FORMAT_INFO } from '../../../shared/api/export-formats.ts';
import { plainText } from '../cells.ts';
import type { Column } from '../columns.ts';
import type { ExportFormatWriter, ExportWriter } from './format.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (m) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[m]!);

/**
 * DOC: an HTML table with Word's namespaces, sent as application/msword; Word (and LibreOffice
 * Writer) open it as a document with a table. Line breaks inside values become <br>.
 */
function docWriter(columns: Column[], title: string): ExportWriter {
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

export const doc = {
  info: EXPORT_FORMAT_INFO.doc,
  create: (columns, datasetName) => docWriter(columns, `${datasetName} export`),
} satisfies ExportFormatWriter;
