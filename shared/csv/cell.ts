/**
 * One CSV cell as every CSV Sluice writes has it (the export, the server's error report, the
 * browser's error CSV): RFC 4180 quoting, and the formula guard OWASP advises against CSV
 * injection. The export's COPY path (server/export/copy.ts) builds its SQL from the same rule.
 */

/** The first characters that make a spreadsheet run a cell as a formula (or DDE): = + - @ tab CR. */
export const FORMULA_FIRST_CHARACTERS = ['=', '+', '-', '@', '\t', '\r'] as const;

/**
 * A signed plain number ("-5", "+33612345678", "-12.5", "+1,5"): a spreadsheet reads it as a
 * number, never as a formula, so it is data and stays as it is. ASCII digits only (`[0-9]`, not
 * `\d`) so PostgreSQL's regex reads the same source the same way.
 */
export const SIGNED_NUMBER = /^[+-]?[0-9]+([.,][0-9]+)?$/;

/**
 * True when a spreadsheet would run this cell as a formula: it starts with one of
 * FORMULA_FIRST_CHARACTERS and is not a signed plain number.
 * @example runsAsFormula('=1+1') // true
 * @example runsAsFormula('-5') // false
 */
export function runsAsFormula(text: string): boolean {
  return (FORMULA_FIRST_CHARACTERS as readonly string[]).includes(text.charAt(0)) && !SIGNED_NUMBER.test(text);
}

/**
 * The cell with a leading `'` when a spreadsheet would run it as a formula (what Excel stores
 * when you type `'=…`), so it shows as text; any other cell as it is.
 * @example neutralizeFormula('=HYPERLINK("http://x")') // `'=HYPERLINK("http://x")`
 * @example neutralizeFormula('+33612345678') // '+33612345678'
 */
export function neutralizeFormula(text: string): string {
  return runsAsFormula(text) ? `'${text}` : text;
}

/**
 * An RFC 4180 field: in double quotes, inner quotes doubled, when it holds the delimiter, a
 * quote, CR or LF; else as it is. No formula guard: see safeCsvCell.
 * @example csvCell('say "hi", then go') // `"say ""hi"", then go"`
 */
export function csvCell(text: string, delimiter: ',' | '\t' = ','): string {
  if (text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r')) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/**
 * A cell for a CSV people open in a spreadsheet: formula guard, then quoting.
 * @example safeCsvCell('=1+1') // "'=1+1"
 * @example safeCsvCell('-5') // '-5'
 */
export function safeCsvCell(text: string, delimiter: ',' | '\t' = ','): string {
  return csvCell(neutralizeFormula(text), delimiter);
}
