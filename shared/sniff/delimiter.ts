import { splitSampleRecords } from './sample-records.ts';

export type Delimiter = ',' | ';' | '\t' | '|';

const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];

/**
 * Picks the field delimiter of a delimited text sample: the candidate that splits the most
 * lines into the same number (> 1) of fields, quote-aware, provided those lines are at least
 * half the sample's (a stray ';' in a one-column list splits nothing). Title lines above the
 * header and decimal commas ("12,5;13,7") do not fool it. `complete`: the sample is the whole
 * file, so its last line counts even without a line break. Falls back to ','.
 * @example detectDelimiter('Export\n\nname;price\nA;12,5\nB;13,75\n') // ';'
 */
export function detectDelimiter(sampleText: string, opts: { complete?: boolean } = {}): Delimiter {
  return findDelimiter(sampleText, opts) ?? ',';
}

/** The delimiter of a sample as detectDelimiter finds it, or undefined when none splits most lines. */
export function findDelimiter(sampleText: string, opts: { complete?: boolean } = {}): Delimiter | undefined {
  let best: { delimiter: Delimiter; score: number; width: number; decimal: number } | undefined;
  for (const delimiter of CANDIDATES) {
    const counts = splitSampleRecords(sampleText, delimiter, 60, opts.complete)
      .filter((r) => !(r.length === 1 && r[0]!.trim() === ''))
      .map((r) => r.length);
    const tally = new Map<number, number>();
    for (const c of counts) if (c > 1) tally.set(c, (tally.get(c) ?? 0) + 1);
    let width = 0;
    let lines = 0;
    for (const [w, k] of tally) {
      if (k > lines || (k === lines && w > width)) {
        width = w;
        lines = k;
      }
    }
    // A stray ';' in a one-column list is no delimiter: the lines it splits must be more than one, and not too few.
    if (lines === 0 || (lines < 2 && counts.length > 2) || lines * 5 < counts.length) continue;
    // Lines that agree with the usual width, minus a little for lines that disagree (ragged).
    const ragged = counts.filter((c) => c > 1 && c !== width).length;
    const score = lines - ragged * 0.5;
    const decimal = delimiter === ',' ? decimalCommaShare(sampleText) : 0;
    const better =
      !best ||
      score > best.score ||
      (score === best.score && decimal < best.decimal) ||
      (score === best.score && decimal === best.decimal && width > best.width);
    if (better) best = { delimiter, score, width, decimal };
  }
  return best?.delimiter;
}

/** Share of commas that sit between two digits, as in "12,5" (a decimal comma, not a delimiter). */
function decimalCommaShare(text: string): number {
  let commas = 0;
  let decimal = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 44) continue;
    commas++;
    if (isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1))) decimal++;
  }
  return commas === 0 ? 0 : decimal / commas;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
