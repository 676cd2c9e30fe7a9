/** TSV: CSV's writer with a tab between cells. */
import { EXPORT_FORMAT_INFO } from '../../../shared/api/export-formats.ts';
import { delimitedWriter } from './csv.ts';
import type { ExportFormatWriter } from './format.ts';

export const tsv = {
  info: EXPORT_FORMAT_INFO.tsv,
  create: (columns) => delimitedWriter(columns, '\t'),
} satisfies ExportFormatWriter;
