/**
 * One row through the pure pipeline: pick cells by mapping → normalize → validate →
 * in-file dedupe. The browser worker runs it on every row; the server re-runs it on the
 * canonical wire rows the browser sends and must reach the same verdict.
 */
import type { DatasetSchema, FieldDef, ImportOptions, Issue, Normalized, Value } from './schema.ts';
import { normalizeValue, toText, type NormalizeContext } from './normalize/index.ts';
import { fixedValueOf, type FixedValue } from './mapping/fixed.ts';
import { isValidRow, validateFields } from './validate/index.ts';
import { dedupeKeys, InFileDeduper, keyAlternative, type DuplicateMatch } from './dedupe/index.ts';

/** A row after normalization, validation and in-file dedupe. */
export interface ProcessedRow {
  /** 1-based row number in the file. */
  row: number;
  /** field → normalized value (a record that inherits nothing). */
  values: Record<string, Value>;
  /** field → the cell text as written ('' when empty or unmapped). */
  raw: Record<string, string>;
  issues: Issue[];
  /** No error-severity issue. A duplicate is still valid: `duplicateOf` says what it repeats. */
  valid: boolean;
  /** Row number of the earlier row with the same key, when this row repeats it. */
  duplicateOf?: number;
}

/**
 * The prototype of every row's records: empty, frozen, with no prototype of its own. A record
 * made from it inherits nothing (`toString`, `constructor` and `__proto__` are plain own keys
 * when set), like one from `Object.create(null)`, but V8 keeps it in fast mode, where
 * `Object.create(null)` makes a slow dictionary.
 */
const BARE: object = Object.freeze(Object.create(null));

/** An empty record that inherits nothing; see BARE. */
function bareRecord<T>(): Record<string, T> {
  return Object.create(BARE) as Record<string, T>;
}

/** A mapping where column `i` feeds the field named `columns[i]`. @example identityMapping(['name']) // { name: [0] } */
export function identityMapping(columns: readonly string[]): Record<string, number[]> {
  const mapping: Record<string, number[]> = Object.create(null);
  columns.forEach((name, i) => (mapping[name] ??= []).push(i));
  return mapping;
}

function describeKey(fields: readonly string[] | undefined): string {
  return fields && fields.length ? `same ${fields.join(' and ')}` : 'same key';
}

/** The warning on a row that repeats an earlier one (the staging worker's edits raise it too). */
export function duplicateIssue(schema: DatasetSchema, rowNumber: number, match: DuplicateMatch): Issue {
  const fields = schema.keys[keyAlternative(match.key)];
  return {
    row: rowNumber,
    field: fields?.[0] ?? null,
    code: 'duplicate',
    message: `duplicate of row ${match.row} (${describeKey(fields)})`,
    severity: 'warning',
  };
}

/** One field as the processor reads it: its columns, and what fills it when they do not. */
interface Column {
  field: FieldDef;
  indexes: number[];
  /** The value every row gets (the definition's `constant` or the import's `values`), read once. */
  fixed?: { value: FixedValue; cell: Normalized };
  /** The field's default, read once: `cell` where no column feeds the field, `warned` where one does and is empty. */
  byDefault?: { cell: Normalized; warned: Normalized };
}

/**
 * Processes rows of one file against one dataset. Stateful only through its in-file
 * deduper: create one per file, feed rows in file order. A field with a fixed value (the
 * definition's `constant`, the import's `values`) reads as if every cell held it; a column
 * that says otherwise makes the row's error, never a silent overwrite.
 */
export class RowProcessor {
  private readonly ctx: NormalizeContext;
  private readonly columns: Column[];
  private readonly deduper = new InFileDeduper();

  constructor(private readonly schema: DatasetSchema, mapping: Readonly<Record<string, readonly number[]>>, options: ImportOptions = {}) {
    this.ctx = {
      defaultCountry: options.defaultCountry ?? schema.defaultCountry,
      dateOrder: options.dateOrder,
      assumedDateOrder: schema.dateOrder,
    };
    this.columns = schema.fields.map((field) => {
      const indexes = Object.hasOwn(mapping, field.name) ? mapping[field.name] ?? [] : [];
      const column: Column = { field, indexes: indexes.filter((i) => Number.isInteger(i) && i >= 0) };
      const fixed = fixedValueOf(field, options);
      if (fixed) column.fixed = { value: fixed, cell: this.readFixed(field, fixed) };
      else if (field.default !== undefined) column.byDefault = this.readDefault(field, field.default);
      return column;
    });
  }

  /** The cell every row of a fixed field gets; an import value that contradicts the constant is every row's error. */
  private readFixed(field: FieldDef, fixed: FixedValue): Normalized {
    const cell = normalizeValue(field, fixed.text, this.ctx);
    if (fixed.constant === undefined) return cell;
    const constant = normalizeValue(field, fixed.constant, this.ctx);
    if (!cell.error && !constant.error && cell.value === constant.value) return constant;
    return conflict(field, fixed.text, fixed.constant, 'the dataset definition');
  }

  private readDefault(field: FieldDef, text: string): { cell: Normalized; warned: Normalized } {
    const cell = { ...normalizeValue(field, text, this.ctx), raw: '' };
    if (cell.error || cell.value === null) return { cell, warned: cell };
    const warning = { code: 'filled_from_default' as const, message: `${field.name} was empty; the default ${JSON.stringify(text)} was used` };
    return { cell, warned: { ...cell, warnings: [...(cell.warnings ?? []), warning] } };
  }

  /** A fixed field's cell for this row: the fixed value, unless the row's own cell says otherwise. */
  private fixedCell(column: Column, text: string): Normalized {
    const { value, cell } = column.fixed!;
    if (text === '' || text === value.text) return cell;
    const own = normalizeValue(column.field, text, this.ctx);
    if (!own.error && !cell.error && own.value === cell.value) return { ...cell, raw: text };
    return conflict(column.field, text, value.text, value.constant === undefined ? 'this import' : 'the dataset definition');
  }

  /** Normalizes, validates and dedupes one row of cells. NOTE: registers the row's keys when it is valid. */
  process(cells: readonly (string | null | undefined)[], rowNumber: number): ProcessedRow {
    const values = bareRecord<Value>();
    const raw = bareRecord<string>();
    const normalized: Normalized[] = new Array(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const { field, indexes } = column;
      const text = firstNonEmpty(cells, indexes);
      let cell: Normalized;
      if (column.fixed) {
        cell = this.fixedCell(column, text);
      } else {
        cell = normalizeValue(field, text, this.ctx);
        if (cell.value === null && !cell.error && column.byDefault) {
          cell = indexes.length > 0 ? { ...column.byDefault.warned, raw: text } : column.byDefault.cell;
        }
      }
      // a filled cell's raw is the text it was read from, so the wire row carries it if it fails
      raw[field.name] = column.fixed && text === '' ? column.fixed.value.text : text;
      normalized[i] = cell;
      values[field.name] = cell.value;
    }
    const issues = validateFields(this.schema, normalized, rowNumber);
    const result: ProcessedRow = { row: rowNumber, values, raw, issues, valid: isValidRow(issues) };
    // Only valid rows take part: an invalid row must not make a later, valid one a "duplicate".
    if (result.valid) {
      const match = this.deduper.checkMatch(rowNumber, dedupeKeys(this.schema, values));
      if (match) {
        result.duplicateOf = match.row;
        issues.push(duplicateIssue(this.schema, rowNumber, match));
      }
    }
    return result;
  }
}

/** The error of a cell that contradicts the value fixed for every row. */
function conflict(field: FieldDef, text: string, fixed: string, by: string): Normalized {
  return {
    value: null,
    raw: text,
    error: {
      code: 'conflicts_with_fixed_value',
      message: `${field.name} ${JSON.stringify(text)} differs from ${JSON.stringify(fixed)}, the value ${by} gives every row`,
    },
  };
}

function firstNonEmpty(cells: readonly (string | null | undefined)[], indexes: readonly number[]): string {
  for (const i of indexes) {
    const cell = cells[i];
    if (typeof cell === 'string' && cell.trim() !== '') return cell;
  }
  return '';
}

// eslint-disable-next-line no-control-regex -- NUL is what must go
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wireSafe(text: string): string {
  return text.replace(UNSAFE, '\uFFFD');
}

/**
 * The fields an import sends to the server: those the mapping feeds, then those given a value
 * for every row (`constant`, `ImportOptions.values`), so the server's re-check and the
 * database get that value too. @example wireColumns(schema, { phone: [0] }, { values: { org: 'acme' } }) // ['phone', 'org']
 */
export function wireColumns(schema: DatasetSchema, mapping: Readonly<Record<string, readonly number[]>>, options: ImportOptions = {}): string[] {
  const fed = schema.fields.filter((f) => Object.hasOwn(mapping, f.name) && (mapping[f.name]?.length ?? 0) > 0);
  const fixed = schema.fields.filter((f) => !fed.includes(f) && fixedValueOf(f, options) !== undefined);
  return [...fed, ...fixed].map((f) => f.name);
}

/**
 * The row as sent to the server, one entry per column (field name): the canonical text of
 * each value, or the raw text where the field has an error, so the server reaches the same
 * verdict when it runs `RowProcessor` with `identityMapping(columns)`. Empty is null.
 */
export function toWireRow(row: ProcessedRow, columns: readonly string[]): (string | null)[] {
  let failed: Set<string> | undefined; // most rows have no error: no set for them
  for (const issue of row.issues) if (issue.severity === 'error' && issue.field !== null) (failed ??= new Set()).add(issue.field);
  return columns.map((name) => {
    if (failed?.has(name)) {
      const text = Object.hasOwn(row.raw, name) ? row.raw[name]! : '';
      // NUL cannot be stored and lone surrogates are not valid JSON text: send U+FFFD,
      // which the server's own check rejects the same way, so the verdicts still agree
      return text === '' ? null : wireSafe(text);
    }
    return Object.hasOwn(row.values, name) ? toText(row.values[name]!) : null;
  });
}
