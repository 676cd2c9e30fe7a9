/** How many leading rows are searched for the header. */
export const HEADER_SEARCH_ROWS = 30;

/**
 * Finds the 0-based index of the header row among the first rows: skips title lines
 * ("Export des prospects - agence Lyon Centre") and blank rows. The header is the first row
 * with the most non-empty, text-like, distinct cells that is followed by rows of similar width.
 * Cells matching `knownHeaders` (field names and aliases of the target dataset) weigh more.
 * Returns the first non-blank row when nothing looks like a header, 0 when all are blank.
 * @example detectHeaderRow([['Clients 2024'], [], ['id', 'name'], ['1', 'Ana']]) // 2
 */
export function detectHeaderRow(rows: string[][], knownHeaders?: string[]): number {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  const known = new Set((knownHeaders ?? []).map(normalizeHeader).filter((h) => h !== ''));
  const widest = Math.max(0, ...rows.slice(0, limit).map(filledCount));
  let bestIndex = -1;
  let bestScore = 0;
  let bestKnown = false;
  for (let i = 0; i < limit; i++) {
    const row = rows[i]!;
    const filled = filledCount(row);
    if (filled === 0 || (filled < 2 && widest >= 2)) continue;
    let score = headerLikeDistinct(row);
    let matched = false;
    if (known.size > 0) {
      for (const cell of row) {
        if (known.has(normalizeHeader(cell))) {
          score += 3;
          matched = true;
        }
      }
    }
    if (score === 0) continue;
    if (!followedBySimilarWidth(rows, i, limit + 5)) score *= 0.5;
    if (score > bestScore) {
      bestScore = score;
      bestIndex = i;
      bestKnown = matched;
    }
  }
  const firstFilled = rows.findIndex((r) => filledCount(r) > 0);
  if (bestIndex >= 0 && (bestKnown || !tableRowsAbove(rows, firstFilled, bestIndex))) return bestIndex;
  return firstFilled < 0 ? 0 : firstFilled;
}

/**
 * Rows above a header candidate that are as wide as it are rows of the same table, not title
 * lines: the candidate is then a data row of a file without a header (or under a header of
 * numbers), and dropping the rows above it would lose data.
 */
function tableRowsAbove(rows: string[][], from: number, index: number): boolean {
  const own = filledCount(rows[index]!);
  for (let j = Math.max(0, from); j < index; j++) {
    const filled = filledCount(rows[j]!);
    if (filled >= 3 && filled >= own * 0.6) return true; // a two-cell title ("Agence Lyon, mars") is still a title
  }
  return false;
}

/**
 * A row that reads like data rather than column names: fewer than half its filled cells are
 * header-like (numbers, dates, emails, links, long text). Such a first row suggests the file
 * has no header row.
 */
export function looksLikeData(row: string[]): boolean {
  const filled = filledCount(row);
  return filled > 0 && headerLikeDistinct(row) * 2 < filled;
}

/** Lowercase, accents and punctuation dropped: "Código Postal" → "codigo_postal". */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function filledCount(row: string[]): number {
  let n = 0;
  for (const cell of row) if (cell.trim() !== '') n++;
  return n;
}

/** Last non-empty column + 1. */
function width(row: string[]): number {
  for (let i = row.length - 1; i >= 0; i--) if (row[i]!.trim() !== '') return i + 1;
  return 0;
}

/** Distinct cells that read like column names: short text, not numbers, dates, emails or links. */
function headerLikeDistinct(row: string[]): number {
  const seen = new Set<string>();
  for (const raw of row) {
    const cell = raw.trim();
    if (cell === '' || cell.length > 80) continue;
    if (!/\p{L}/u.test(cell)) continue;
    if (/@|:\/\/|^www\./i.test(cell)) continue;
    const digits = cell.replace(/\D/g, '').length;
    if (digits * 2 >= cell.replace(/\s/g, '').length) continue;
    seen.add(cell.toLowerCase());
  }
  return seen.size;
}

/** The next few non-blank rows span about as many columns as this one. */
function followedBySimilarWidth(rows: string[][], index: number, limit: number): boolean {
  const own = width(rows[index]!);
  const next: number[] = [];
  for (let j = index + 1; j < Math.min(rows.length, limit) && next.length < 5; j++) {
    const w = width(rows[j]!);
    if (w > 0) next.push(w);
  }
  if (next.length === 0) return false;
  const similar = next.filter((w) => w >= own * 0.5 && w <= own * 1.5 + 1).length;
  return similar * 2 >= next.length;
}
