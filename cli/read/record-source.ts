import type { OpenedRecords, ReadSettings } from '../../shared/parse/index.ts';

/** An opened file, ready to stream its data records (see OpenedRecords in shared/parse/open.ts). */
export interface RecordSource extends Omit<OpenedRecords, 'head' | 'bytesRead'> {
  /** The path as given. */
  file: string;
  /** Releases the file (also when records were not read to the end). */
  close(): Promise<void>;
}

export type OpenOptions = ReadSettings;
