/** TXT: aligned columns for people to read. */
import { EXPORT_FORMAT_INFO } from '../../../shared/api/export-formats.ts';
import { plainText } from '../cells.ts';
import type { Column } from '../columns.ts';
import { BOM } from './csv.ts';
import type { ExportFormatWriter, ExportWriter } from './format.ts';

/** How wide a TXT column may grow from what the first page shows; longer values overflow. */
export const TXT_MAX_WIDTH = 40;

/**
 * TXT: aligned columns for people to read. A stream cannot see its last row, so widths are fixed
 * from the header and the FIRST PAGE of rows (1,000), capped at TXT_MAX_WIDTH: a longer value
 * later is written whole and pushes the rest of its line (nothing is cut). Numbers are aligned
 * right, line breaks and tabs inside values are shown as ` ↵ ` and a space.
 */
function txtWriter(columns: Column[]): ExportWriter {
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

export const txt = {
  info: EXPORT_FORMAT_INFO.txt,
  create: (columns) => txtWriter(columns),
} satisfies ExportFormatWriter;
