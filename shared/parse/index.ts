/** Record parsers: decoded text or workbook bytes in, `{ row, cells }` records out. Pure. */
export { ParseError, type ParseErrorCode, type ParseErrorInit } from './errors.ts';
export { isBlankCells, type RawRecord } from './record.ts';
export { note, type ReadNote, type ReadNoteCode } from './notes.ts';
export { createDecoder, decodeText } from './decode.ts';
export { parseCsvRecords, type CsvOptions } from './csv.ts';
export { splitLines, type NumberedLine } from './lines.ts';
export { parseTextRecords, TEXT_HEADER } from './txt.ts';
export {
  HeaderUnion,
  JSON_VALUE_KEY,
  collectNdjsonHeaders,
  entriesToCells,
  jsonCellText,
  jsonEntries,
  parseJsonDocument,
  parseNdjsonEntries,
  parseNdjsonRecords,
  type JsonEntries,
} from './json.ts';
export { canonicalNumber } from './number-text.ts';
export { cellText } from './workbook-cells.ts';
export {
  WORKBOOK_LIMITS,
  checkWorkbookSize,
  readWorkbookRecords,
  type WorkbookLimits,
  type WorkbookOptions,
  type WorkbookRecords,
} from './workbook.ts';
export { isZip, listZipEntries, type ZipEntryInfo } from './zip-entries.ts';
export { checkZipInflation, type InflatedSize } from './zip-inflation.ts';
export {
  HEAD_BYTES,
  openRecords,
  type ByteSource,
  type OpenRecordsOptions,
  type OpenedRecords,
  type ReadSettings,
} from './open.ts';
