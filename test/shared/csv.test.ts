import { describe, expect, it } from 'vitest';
import { csvCell, FORMULA_FIRST_CHARACTERS, neutralizeFormula, runsAsFormula, safeCsvCell } from '../../shared/csv/index.ts';

const FORMULAS = ['=1+1', '=HYPERLINK("http://x")', '+SUM(A1)', '-2+3', '@cmd', '\tTabbed=1+1', '\rReturn', '=', '-', '+', '+1 5', '-1e5', '+33 6 12 34 56 78'];
const NUMBERS = ['-5', '+33612345678', '-12.5', '+1,5', '5', '0042'];

describe('the formula guard', () => {
  it.each(FORMULAS)('neutralizes %j with a leading apostrophe', (text) => {
    expect(runsAsFormula(text)).toBe(true);
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  it.each(NUMBERS)('leaves the signed plain number %j as it is', (text) => {
    expect(runsAsFormula(text)).toBe(false);
    expect(neutralizeFormula(text)).toBe(text);
  });

  it('leaves plain text, empty text and a formula character further in alone', () => {
    for (const text of ['', 'Ana', 'a=1+1', "'=1+1", ' =1+1', 'O\'Brien']) expect(neutralizeFormula(text)).toBe(text);
  });

  it('knows the six first characters', () => {
    expect([...FORMULA_FIRST_CHARACTERS].sort()).toEqual(['\t', '\r', '+', '-', '=', '@'].sort());
  });
});

describe('the CSV quoter', () => {
  it('quotes a cell holding the delimiter, a quote, CR or LF, and doubles its quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('"')).toBe('""""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('crlf\r\ninside')).toBe('"crlf\r\ninside"');
    expect(csvCell('lone\rreturn')).toBe('"lone\rreturn"');
  });

  it('leaves every other cell as it is, spaces and apostrophes included', () => {
    for (const text of ['', 'plain', '  padded  ', "it's", 'back\\slash', 'Hélène 🙂', 'a;b']) expect(csvCell(text)).toBe(text);
  });

  it('quotes by the delimiter it writes with: a tab in TSV, a comma in CSV', () => {
    expect(csvCell('a\tb', '\t')).toBe('"a\tb"');
    expect(csvCell('a,b', '\t')).toBe('a,b');
    expect(csvCell('a\tb')).toBe('a\tb');
  });

  it('guards, then quotes', () => {
    expect(safeCsvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(safeCsvCell('=1+1')).toBe("'=1+1");
    expect(safeCsvCell('-5')).toBe('-5');
    expect(safeCsvCell('+33612345678')).toBe('+33612345678');
    expect(safeCsvCell('\tTabbed', '\t')).toBe(`"'\tTabbed"`);
    expect(safeCsvCell('@cmd,x')).toBe(`"'@cmd,x"`);
  });
});
