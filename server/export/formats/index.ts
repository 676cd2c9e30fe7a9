/** Every export format's writer, by name: adding a format is one file here and one line below. */
import type { ExportFormat } from '../../../shared/api/export-formats.ts';
import { csv } from './csv.ts';
import { doc } from './doc.ts';
import type { ExportFormatWriter } from './format.ts';
import { json } from './json.ts';
import { ndjson } from './ndjson.ts';
import { tsv } from './tsv.ts';
import { txt } from './txt.ts';
import { xlsx } from './xlsx.ts';

export const FORMAT_WRITERS: Record<ExportFormat, ExportFormatWriter> = {
  csv,
  tsv,
  txt,
  json,
  ndjson,
  xlsx,
  doc,
};
