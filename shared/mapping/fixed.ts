import type { DatasetSchema, FieldDef, IssueCode } from '../schema.ts';
import { normalizeValue, toText, type NormalizeContext } from '../normalize/index.ts';
import { checkValue } from '../validate/index.ts';

/** What of the import's options says a field is fixed (`ImportOptions` fits). */
export interface FillOptions {
  values?: Readonly<Record<string, string>>;
}

/** The text every row of an import gets for a field, and where it comes from. */
export interface FixedValue {
  /** What each row reads: the import's value when there is one, else the constant. */
  text: string;
  /** The definition's constant, when the field has one (an import value must then agree with it). */
  constant?: string;
}

/** The value fixed for every row of the import, from the field's `constant` or the import's `values`; undefined when none. */
export function fixedValueOf(field: FieldDef, options: FillOptions = {}): FixedValue | undefined {
  const values = options.values;
  const given = values && Object.hasOwn(values, field.name) ? values[field.name] : undefined;
  if (typeof given === 'string') return field.constant === undefined ? { text: given } : { text: given, constant: field.constant };
  if (field.constant !== undefined) return { text: field.constant, constant: field.constant };
  return undefined;
}

/** True when the field needs no column: every row gets a fixed value or its default. */
export function isFilled(field: FieldDef, options: FillOptions = {}): boolean {
  return field.default !== undefined || fixedValueOf(field, options) !== undefined;
}

/** A fixed text read as its field reads a cell, and checked like one. */
export interface FixedTextCheck {
  /** The canonical text every row gets ('' when the text is empty or wrong). */
  stored: string;
  problem?: { code: IssueCode; message: string };
}

/**
 * Reads a value given for every row (a constant, a default, `--set`, "same value for every
 * row") as a cell of its field, then checks it as a row's cell is checked: ranges, lengths,
 * patterns, named validators. @example checkFixedText(score, '500', {}).problem?.code === 'out_of_range'
 */
export function checkFixedText(field: FieldDef, text: string, ctx: NormalizeContext): FixedTextCheck {
  const cell = normalizeValue(field, text, ctx);
  if (cell.error) return { stored: '', problem: cell.error };
  const problem = checkValue(field, cell.value)[0];
  if (problem) return { stored: '', problem };
  return { stored: toText(cell.value) ?? '' };
}

/**
 * What is wrong with the values an import or a definition fixes, before any row is read: a
 * value for a field the dataset does not have, or one its field cannot read (`--set phone=12345`).
 * Empty when all is well. @example fixedValueProblems(leads, { values: { colour: 'red' } }) // ['colour is not a field of leads']
 */
export function fixedValueProblems(schema: DatasetSchema, options: FillOptions & NormalizeContext = {}): string[] {
  const problems: string[] = [];
  const names = new Set(schema.fields.map((f) => f.name));
  for (const name of Object.keys(options.values ?? {})) {
    if (!names.has(name)) problems.push(`${name} is not a field of ${schema.name}`);
  }
  const ctx: NormalizeContext = { defaultCountry: options.defaultCountry ?? schema.defaultCountry, dateOrder: options.dateOrder, assumedDateOrder: schema.dateOrder };
  for (const field of schema.fields) {
    for (const text of [fixedValueOf(field, options)?.text, field.default]) {
      if (text === undefined) continue;
      const problem = checkFixedText(field, text, ctx).problem;
      if (problem) problems.push(problem.message);
    }
  }
  for (const field of schema.fields) {
    const fixed = fixedValueOf(field, options);
    if (fixed?.constant === undefined || fixed.text === fixed.constant) continue;
    if (normalizeValue(field, fixed.text, ctx).value !== normalizeValue(field, fixed.constant, ctx).value) {
      problems.push(`${field.name} is fixed to ${JSON.stringify(fixed.constant)} by the dataset definition; the import cannot set it to ${JSON.stringify(fixed.text)}`);
    }
  }
  return problems;
}
