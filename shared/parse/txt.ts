import { splitLines } from './lines.ts';
import type { RawRecord } from './record.ts';

/** The one column of a plain text list. */
export const TEXT_HEADER = 'value';

/**
 * Reads a plain list, one value a line, under the header `value`. A line holding several
 * values separated by `|` gives one record each, all with that line's number. Values are
 * trimmed; blank lines are skipped (but counted).
 * @example parseTextRecords(['a\nb|c\n']) // {row:1,cells:['a']}, {row:2,cells:['b']}, {row:2,cells:['c']}
 */
export async function* parseTextRecords(pieces: AsyncIterable<string> | Iterable<string>): AsyncGenerator<RawRecord> {
  for await (const { line, text } of splitLines(pieces)) {
    for (const part of text.split('|')) {
      const value = part.trim();
      if (value !== '') yield { row: line, cells: [value] };
    }
  }
}
