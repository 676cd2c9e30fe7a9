/**
 * String similarity for guessing a header the user misspelled ("Emial" → email).
 */

/** Damerau-Levenshtein distance (optimal string alignment): edits, counting a swap of neighbours as one. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  const cols = b.length + 1;
  // Three rolling rows: the one before the previous is needed for transpositions.
  let before = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let curr = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      curr[j] = d;
    }
    [before, prev, curr] = [prev, curr, before];
  }
  return prev[b.length]!;
}

/** Similarity in [0, 1]: 1 − distance / longer length. @example similarity('emial', 'email') === 0.8 */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}
