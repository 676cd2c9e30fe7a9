/** Choosing an export's format: the request's `format=`, its writer and its file name. */
import { DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS, EXPORT_FORMAT_INFO, isExportFormat, type ExportFormat } from '../../shared/api/export-formats.ts';
import { ApiError } from '../http/errors.ts';
import type { Column } from './columns.ts';
import { FORMAT_WRITERS } from './formats/index.ts';
import type { ExportWriter } from './formats/format.ts';

/** The format asked for (csv when none); 400 listing the formats otherwise. */
export function parseFormat(value: string | undefined): ExportFormat {
  const format = (value ?? DEFAULT_EXPORT_FORMAT).toLowerCase();
  if (!isExportFormat(format)) {
    throw new ApiError(400, 'bad_request', `unknown export format "${value}"; use one of ${EXPORT_FORMATS.join(', ')}`, { formats: EXPORT_FORMATS });
  }
  return format;
}

/** A fresh writer for one export. */
export function createWriter(format: ExportFormat, columns: Column[], datasetName: string): ExportWriter {
  return FORMAT_WRITERS[format].create(columns, datasetName);
}

/** `<dataset>_export_YYYYMMDD_HHMMSS.<ext>`, in UTC. */
export function exportFileName(datasetName: string, format: ExportFormat, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return `${datasetName}_export_${stamp}.${EXPORT_FORMAT_INFO[format].extension}`;
}
