/**
 * Chilean RUT (Rol Único Tributario): a body of 7 or 8 digits and a check digit, mod 11 with
 * weights 2..7 from the right; 11 gives `0`, 10 gives `K`.
 */
import type { FieldDef, Normalized } from '../schema.ts';
import { failed, fieldName, quote } from './cell.ts';

// 12.345.678-5, 1.234.567-4, 12345678-5, 123456785, with k or K; leading zeros are padding.
const RUT = /^0*(\d{1,2}(?:\.\d{3}){2}|\d+)-?([0-9Kk])$/;
const MIN_BODY = 7, MAX_BODY = 8;

/** What a text reads as: the canonical RUT, or why it is not one. */
export type RutReading = { rut: string } | { problem: 'not_rut' | 'too_short' | 'too_long' | 'check_digit' };

/** The check digit of a RUT body (digits only). @example rutCheckDigit('12345678') === '5' */
export function rutCheckDigit(body: string): string {
  let sum = 0;
  let weight = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const digit = 11 - (sum % 11);
  return digit === 11 ? '0' : digit === 10 ? 'K' : String(digit);
}

/** Reads a RUT in any usual spelling. @example readRut('12.345.678-5') // { rut: '12345678-5' } */
export function readRut(text: string): RutReading {
  const match = RUT.exec(text);
  if (!match) return { problem: 'not_rut' };
  const body = match[1]!.replaceAll('.', '');
  if (body.length < MIN_BODY) return { problem: 'too_short' };
  if (body.length > MAX_BODY) return { problem: 'too_long' };
  const digit = match[2]!.toUpperCase();
  if (rutCheckDigit(body) !== digit) return { problem: 'check_digit' };
  return { rut: `${body}-${digit}` };
}

/** The message for a text that is not a valid RUT, after the field's name and the quoted cell. */
export function rutProblem(problem: Exclude<RutReading, { rut: string }>['problem']): string {
  switch (problem) {
    case 'not_rut': return 'is not a RUT (like 12.345.678-5)';
    case 'too_short': return `is too short for a RUT: it needs ${MIN_BODY} or ${MAX_BODY} digits before the check digit`;
    case 'too_long': return `is too long for a RUT: it needs ${MIN_BODY} or ${MAX_BODY} digits before the check digit`;
    case 'check_digit': return 'is not a valid RUT: its check digit does not match its number';
  }
}

/** Normalizes a RUT cell to `12345678-5`: no dots, a hyphen, uppercase `K`. */
export function normalizeRut(field: FieldDef, text: string, raw: string): Normalized {
  const reading = readRut(text);
  if ('rut' in reading) return { value: reading.rut, raw };
  return failed(raw, 'invalid_rut', `${fieldName(field)} ${quote(text)} ${rutProblem(reading.problem)}`);
}
