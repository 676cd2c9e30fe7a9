/**
 * The named validators a definition can give a field (`validate: 'rut'`), one line each.
 * A new one is one file exporting a `NamedValidator` and one line here.
 */
import { luhn } from './luhn.ts';
import { rut } from './rut.ts';
import type { NamedValidator } from './validator.ts';

export type { NamedValidator } from './validator.ts';

const NAMED_VALIDATORS: Readonly<Record<string, NamedValidator>> = {
  luhn,
  rut,
};

/** Every validator name this build knows. */
export const VALIDATOR_NAMES: readonly string[] = Object.keys(NAMED_VALIDATORS);

/** The validator of that name, or undefined for a name this build does not know. */
export function namedValidator(name: string): NamedValidator | undefined {
  return Object.hasOwn(NAMED_VALIDATORS, name) ? NAMED_VALIDATORS[name] : undefined;
}
