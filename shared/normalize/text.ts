import type { FieldDef, Normalized } from '../schema.ts';
import { fieldName, isFormulaLike, quote } from './cell.ts';

/** Normalizes a text cell: already trimmed; inner content kept exactly (leading zeros too). */
export function normalizeText(field: FieldDef, text: string, raw: string): Normalized {
  if (!isFormulaLike(text)) return { value: text, raw };
  return {
    value: text,
    raw,
    warnings: [{
      code: 'formula_like',
      message: `${fieldName(field)} ${quote(text)} starts like a spreadsheet formula; it is kept as text`,
    }],
  };
}
