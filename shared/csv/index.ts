/** CSV cells as Sluice writes them: quoting and the formula guard. */
export { csvCell, FORMULA_FIRST_CHARACTERS, neutralizeFormula, runsAsFormula, safeCsvCell, SIGNED_NUMBER } from './cell.ts';
