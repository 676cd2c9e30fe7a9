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
  | 'enum'
  /** Chilean RUT: body and mod-11 check digit, stored `12345678-5` (no dots, uppercase `K`). */
  | 'rut';

/** How a phone field stores its numbers: `e164` `+15551234567` (default); `nanp11` `15551234567`, NANP (+1) numbers only. */
export type PhoneFormat = 'e164' | 'nanp11';

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
  /**
   * How a phone field stores its numbers: `e164` (default, `+15551234567`) or `nanp11`
   * (11 digits, `15551234567`); a valid number outside NANP (+1) is then an error, never reformatted.
   */
  format?: PhoneFormat;
  /**
   * Text every row gets for this field, whatever the file says, read like a cell of the
   * field's type. A file column mapped to the field is refused, not overwritten.
   */
  constant?: string;
  /**
   * Text used when the row's cell is empty (any type), read and checked like a cell; the row
   * gets a `filled_from_default` warning when a column feeds the field but this cell was empty.
   */
  default?: string;
  /** Name of a validator from the registry in `shared/validate/named/` (e.g. `rut`), run on the normalized value. */
  validate?: string;
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
  /**
   * field → text every row of this import gets ("same value for every row", `--set field=value`),
   * read as if each row's cell held it; a file column mapped to the same field is refused.
   */
  values?: Record<string, string>;
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
  /** Not a Chilean RUT, or its check digit does not match. */
  | 'invalid_rut'
  /** A valid phone number outside NANP (+1) in a `nanp11` field. */
  | 'not_nanp_phone'
  /** The row's cell differs from the value the definition or the import fixes for every row. */
  | 'conflicts_with_fixed_value'
  /** The row's cell was empty and the field's default filled it (a warning). */
  | 'filled_from_default'
  /** A number's check digit (Luhn, as in card numbers, SIREN and SIRET) does not match. */
  | 'invalid_check_digit'
  /** The field names a validator (`validate`) this build does not know. */
  | 'unknown_validator'
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

/** The columns every table Sluice manages (`ds_<name>`) keeps of its own: no field may take these names there. */
export const SYSTEM_COLUMNS: readonly string[] = ['org_id', 'id', 'created_at', 'updated_at', 'last_import_id'];

const NAME_RE = /^[a-z][a-z0-9_]{0,62}$/;

/** True when `name` is safe to use as a SQL identifier and object key. */
export function isSafeName(name: string): boolean {
  return NAME_RE.test(name) && name !== '__proto__' && name !== 'constructor' && name !== 'prototype';
}
