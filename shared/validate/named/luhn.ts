import { quote } from '../../normalize/cell.ts';
import type { NamedValidator } from './validator.ts';

// Digits, maybe grouped by spaces or hyphens as they are printed.
const GROUPED = /^\d(?:[ -]?\d)*$/;

/** True when the digits pass the Luhn mod-10 check. @example passesLuhn('732829320') === true */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** A number whose last digit is its Luhn check digit: payment cards, French SIREN and SIRET, IMEI. */
export const luhn: NamedValidator = {
  description: 'digits (spaces and hyphens allowed) whose last digit is the Luhn check digit: cards, SIREN, SIRET, IMEI',
  check(value, field) {
    const text = String(value);
    if (!GROUPED.test(text) || text.replace(/\D/g, '').length < 2) {
      return { code: 'invalid_check_digit', message: `${field.name} ${quote(text)} is not a number with a check digit` };
    }
    if (passesLuhn(text.replace(/\D/g, ''))) return undefined;
    return { code: 'invalid_check_digit', message: `${field.name} ${quote(text)} is not valid: its check digit does not match its number` };
  },
};
