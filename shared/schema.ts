/**
 * The dataset schema model. A schema is plain JSON: the server sends it to the browser,
 * stores the version each import used, and users may write their own in a JSON file.
 * Normalizers and validators are named by field type, never passed as functions.
 */

export type FieldType =
  | 'text'
  | 'email'
  | 'phone'
  | 'integer'
  | 'number'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'enum';

/** One allowed value of an enum field, with the spellings users write for it. */
export interface EnumValue {
  value: string;
  aliases?: string[];
}

export interface FieldDef {
  /** Column name in the dataset table: lowercase identifier, `^[a-z][a-z0-9_]{0,62}$`. */
  name: string;
  label?: string;
  type: FieldType;
  required?: boolean;
  /** Inclusive range: value for integer/number, length for text. */
  min?: number;
  max?: number;
  /** Regular expression (JavaScript syntax, whole value) a text value must match. */
  pattern?: string;
  /** Allowed values of an enum field. */
  values?: EnumValue[];
  /**
   * Header spellings that map to this field, in priority order. When several columns of a
   * file map to one field, the first non-empty one wins (e.g. mobile before landline).
   */
  aliases?: string[];
  /** Overrides the dataset's default country for this phone field. */
  defaultCountry?: string;
  /** Value used when the cell is empty (enum/text). */
  default?: string;
}

/** Day/month order for ambiguous dates like 02/03/2024. */
export type DateOrder = 'dmy' | 'mdy';

/** `skip`: existing records untouched; `update`: overwrite with incoming non-empty values; `create`: always insert. */
export type MergeStrategy = 'skip' | 'update' | 'create';

export const MERGE_STRATEGIES: readonly MergeStrategy[] = ['skip', 'update', 'create'];

/** Existing records count as duplicates only when every rule holds (e.g. status not WON/LOST). */
export interface ScopeRule {
  field: string;
  notIn?: string[];
  in?: string[];
}

export interface DatasetSchema {
  /** Identifier; the table is `ds_<name>`. `^[a-z][a-z0-9_]{0,40}$` */
  name: string;
  label: string;
  /** One or two sentences the dataset picker shows under the label. */
  description?: string;
  version: number;
  fields: FieldDef[];
  /** Dedupe keys as alternatives: a row duplicates another when any one key matches on all its fields. */
  keys: string[][];
  scope?: ScopeRule[];
  /** ISO 3166 alpha-2 country for phones written without a country code. */
  defaultCountry?: string;
  dateOrder?: DateOrder;
  merge?: MergeStrategy;
  /** Columns an export shows when none are asked for. */
  defaultColumns?: string[];
}

/** Per-import settings that override the dataset's defaults. */
export interface ImportOptions {
  defaultCountry?: string;
  dateOrder?: DateOrder;
}

/** A normalized value. Dates are `YYYY-MM-DD`, datetimes ISO 8601 with offset, phones E.164. */
export type Value = string | number | boolean | null;

export type IssueCode =
  | 'required'
  | 'invalid_email'
  | 'invalid_phone'
  | 'invalid_number'
  | 'invalid_integer'
  | 'out_of_range'
  | 'too_long'
  | 'too_short'
  | 'pattern_mismatch'
  | 'not_in_enum'
  | 'invalid_date'
  | 'invalid_boolean'
  | 'forbidden_character'
  | 'duplicate'
  | 'excel_serial_date'
  | 'ambiguous_date'
  | 'scientific_notation'
  | 'formula_like'
  /** The schema names a field type this build does not know. */
  | 'unknown_field_type';

export type Severity = 'error' | 'warning';

/** A problem with one cell (or one row when `field` is null). Rows are 1-based file rows. */
export interface Issue {
  row: number;
  field: string | null;
  code: IssueCode;
  message: string;
  severity: Severity;
}

/** What a normalizer makes of one cell. `raw` is always kept beside `value`. */
export interface Normalized {
  value: Value;
  raw: string;
  /** Set when the cell cannot be normalized; `value` is then null. */
  error?: { code: IssueCode; message: string };
  warnings?: { code: IssueCode; message: string }[];
}

const NAME_RE = /^[a-z][a-z0-9_]{0,62}$/;

/** True when `name` is safe to use as a SQL identifier and object key. */
export function isSafeName(name: string): boolean {
  return NAME_RE.test(name) && name !== '__proto__' && name !== 'constructor' && name !== 'prototype';
}
