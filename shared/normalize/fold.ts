/**
 * Folding: the loose comparison users expect when they write "Téléphone", "TELEPHONE" or
 * "télé-phone" and mean the same thing. Used for enum values, booleans and headers.
 */

const MARKS = /\p{M}+/gu;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/** Lowercase, strip accents, drop everything but letters and digits. @example foldKey('Código Postal') === 'codigopostal' */
export function foldKey(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(NOT_ALNUM, '');
}

/** Lowercase and strip accents, keeping spaces and punctuation. @example foldCase('Sí') === 'si' */
export function foldCase(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase();
}
