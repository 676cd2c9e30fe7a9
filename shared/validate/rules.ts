/**
 * Checks on a normalized value that the normalizer cannot make alone: ranges, lengths,
 * patterns and the named validator declared on the field.
 */
import type { FieldDef, IssueCode, Value } from '../schema.ts';
import { namedValidator } from './named/index.ts';

/** A failed check on one value, before it is placed on a row. */
export interface Problem {
  code: IssueCode;
  message: string;
}

const patterns = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = null;
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(pattern, re);
  }
  return re;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function checkRange(field: FieldDef, value: number): Problem | undefined {
  if (field.max !== undefined && value > field.max) {
    return { code: 'out_of_range', message: `${field.name} ${value} is above the maximum ${field.max}` };
  }
  if (field.min !== undefined && value < field.min) {
    return { code: 'out_of_range', message: `${field.name} ${value} is below the minimum ${field.min}` };
  }
  return undefined;
}

function checkLength(field: FieldDef, value: string): Problem | undefined {
  // A string of n UTF-16 units holds between n/2 and n code points: most values pass without counting.
  if ((field.max === undefined || value.length <= field.max) && (field.min === undefined || value.length / 2 >= field.min)) return undefined;
  // Count code points, not UTF-16 units, so "Brûlé" and emoji count as a user would.
  const length = [...value].length;
  if (field.max !== undefined && length > field.max) {
    return { code: 'too_long', message: `${field.name} has ${plural(length, 'character')}, more than the maximum ${field.max}` };
  }
  if (field.min !== undefined && length < field.min) {
    return { code: 'too_short', message: `${field.name} has ${plural(length, 'character')}, fewer than the minimum ${field.min}` };
  }
  return undefined;
}

function checkPattern(field: FieldDef, value: string): Problem | undefined {
  if (field.pattern === undefined) return undefined;
  const re = compile(field.pattern);
  if (re === null) {
    return { code: 'pattern_mismatch', message: `${field.name} cannot be checked: its pattern ${field.pattern} is not a valid regular expression` };
  }
  if (re.test(value)) return undefined;
  return { code: 'pattern_mismatch', message: `${field.name} ${JSON.stringify(value)} does not match the expected format ${field.pattern}` };
}

function checkNamed(field: FieldDef, value: Exclude<Value, null>): Problem | undefined {
  if (field.validate === undefined) return undefined;
  const validator = namedValidator(field.validate);
  // A definition from JSON may name a validator this build does not know: refuse, never pass.
  if (!validator) return { code: 'unknown_validator', message: `${field.name} cannot be checked: there is no validator named ${JSON.stringify(field.validate)}` };
  return validator.check(value, field);
}

/** Range, length, pattern and named-validator problems of a non-null normalized value (none for null). */
export function checkValue(field: FieldDef, value: Value): Problem[] {
  if (value === null) return [];
  const problems: (Problem | undefined)[] = [];
  if (typeof value === 'number' && (field.type === 'integer' || field.type === 'number')) {
    problems.push(checkRange(field, value));
  } else if (typeof value === 'string' && (field.type === 'text' || field.type === 'email')) {
    problems.push(checkLength(field, value), checkPattern(field, value));
  } else if (typeof value === 'string' && field.pattern !== undefined && field.type !== 'enum') {
    problems.push(checkPattern(field, value));
  }
  problems.push(checkNamed(field, value));
  return problems.filter((p): p is Problem => p !== undefined);
}
