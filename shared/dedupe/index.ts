/** Dedupe: the keys that make two rows the same record, and duplicate detection inside a file. */
export { dedupeKeys, keyAlternative, KEY_SEPARATOR } from './keys.ts';
export { InFileDeduper, type DuplicateMatch } from './in-file.ts';
