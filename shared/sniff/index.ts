/** Sniffing: what a file is made of, from a sample of its start. Pure: runs in a worker too. */
export { chooseEncoding, detectEncoding, isUtf8, type DetectedEncoding, type EncodingChoice, type EncodingGuess } from './encoding.ts';
export { detectDelimiter, findDelimiter, type Delimiter } from './delimiter.ts';
export { detectHeaderRow, looksLikeData, normalizeHeader, HEADER_SEARCH_ROWS } from './header-row.ts';
export { splitSampleRecords } from './sample-records.ts';
export { formatFromName, jsonLayout, sniffFormat, type FileFormat } from './format.ts';
export { isPlainZip, looksBinary, notATable, unsupportedByName } from './magic.ts';
