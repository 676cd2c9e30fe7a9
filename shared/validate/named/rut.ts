import { quote } from '../../normalize/cell.ts';
import { readRut, rutProblem } from '../../normalize/rut.ts';
import type { NamedValidator } from './validator.ts';

/** A Chilean RUT in any usual spelling, its mod-11 check digit matching (for a text field; the `rut` type also stores it canonically). */
export const rut: NamedValidator = {
  description: 'a Chilean RUT whose check digit matches (12.345.678-5, 12345678-5 or 123456785)',
  check(value, field) {
    const text = String(value);
    const reading = readRut(text);
    if ('rut' in reading) return undefined;
    return { code: 'invalid_rut', message: `${field.name} ${quote(text)} ${rutProblem(reading.problem)}` };
  },
};
