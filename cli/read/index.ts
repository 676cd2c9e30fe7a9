/** Opening record files from disk for the CLI (Node only). */
export { openRecordSource } from './open.ts';
export type { OpenOptions, RecordSource } from './record-source.ts';
export { PIECE_BYTES } from './file-bytes.ts';
