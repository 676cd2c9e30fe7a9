import type { DatasetSchema, FieldDef } from '../schema.ts';
import { foldKey } from '../normalize/fold.ts';
import { cleanHeader } from './clean.ts';
import { fixedValueOf, isFilled } from './fixed.ts';
import { HeaderError, MAX_COLUMNS } from './header-error.ts';
import { similarity } from './similarity.ts';

/** The header texts that name a field of the schema: each name and its aliases. They help find the header row. */
export function knownHeaders(schema: Pick<DatasetSchema, 'fields'>): string[] {
  return schema.fields.flatMap((f) => [f.name, ...(f.aliases ?? [])]);
}

/** How a column was matched to its field, from surest to least sure. */
export type MatchHow = 'exact' | 'alias' | 'loose' | 'fuzzy' | 'manual';

/** What became of one column of the file. */
export interface ColumnMatch {
  /** 0-based column index. */
  index: number;
  /** The header as written (trimmed, without BOM). */
  header: string;
  field: string | null;
  how: MatchHow | null;
  /** 1 for certain matches, the similarity for fuzzy ones, 0 when unmapped. */
  score: number;
}

/** The result of mapping a header row onto a dataset. */
export interface HeaderMapping {
  /**
   * field → column indexes, in priority order: the first non-empty one wins per row. A field
   * with a value fixed for every row (`constant`, `values`) is there with no columns, so it is
   * one of the import's columns (`Object.keys(mapping)`).
   */
  mapping: Record<string, number[]>;
  columns: ColumnMatch[];
  /** Columns that match no field and that the user did not choose to ignore. */
  unknown: { index: number; header: string }[];
  /** Required fields that no column feeds and no constant, default or import value fills. */
  missingRequired: string[];
  /**
   * What the user must be told about the mapping, in their words: columns whose name is
   * never taken as a field (`constructor`, `__proto__`), fields fed by more than one column.
   */
  notes: string[];
}

export interface MapHeadersOptions {
  /** header → field name, or '' to ignore the column. Wins over everything else. */
  manual?: Record<string, string>;
  /** Lowest similarity for a fuzzy guess, in [0, 1]. Default 0.8. */
  fuzzyThreshold?: number;
  /** The import's "same value for every row" choices (`ImportOptions.values`): those fields need no column. */
  values?: Readonly<Record<string, string>>;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const MIN_FUZZY_LENGTH = 3;
const RANK_MANUAL = -2;
const RANK_FUZZY = 1e6;

interface Target {
  field: FieldDef;
  /** Priority among the columns of one field: the alias position; lower wins. */
  rank: number;
}

interface FieldIndex {
  byName: Map<string, Target>;
  byAlias: Map<string, Target>;
  byLooseKey: Map<string, Target>;
  spellings: Map<FieldDef, string[]>;
}

const indexes = new WeakMap<DatasetSchema, FieldIndex>();

function indexFields(schema: DatasetSchema): FieldIndex {
  const cached = indexes.get(schema);
  if (cached) return cached;
  const index: FieldIndex = { byName: new Map(), byAlias: new Map(), byLooseKey: new Map(), spellings: new Map() };
  const add = (map: Map<string, Target>, key: string, target: Target) => {
    if (key !== '' && !map.has(key)) map.set(key, target);
  };
  for (const field of schema.fields) {
    const aliases = field.aliases ?? [];
    const nameRank = aliases.indexOf(field.name);
    const nameTarget = { field, rank: nameRank };
    add(index.byName, field.name, nameTarget);
    aliases.forEach((alias, rank) => add(index.byAlias, alias.trim(), { field, rank }));
    add(index.byLooseKey, foldKey(field.name), nameTarget);
    if (field.label) add(index.byLooseKey, foldKey(field.label), nameTarget);
    aliases.forEach((alias, rank) => add(index.byLooseKey, foldKey(alias), { field, rank }));
    const spellings = [field.name, field.label ?? '', ...aliases].map(foldKey).filter((k) => k.length > 0);
    index.spellings.set(field, [...new Set(spellings)]);
  }
  indexes.set(schema, index);
  return index;
}

function checkHeaders(headers: readonly string[]): string[] {
  if (headers.length > MAX_COLUMNS) {
    throw new HeaderError('too_many_columns', MAX_COLUMNS + 1, cleanHeader(headers[MAX_COLUMNS], MAX_COLUMNS),
      `the file has ${headers.length} columns; the limit is ${MAX_COLUMNS}`);
  }
  return headers.map((raw, i) => cleanHeader(raw, i));
}

/** A column as the user finds it: its position and header. */
function columnName(column: number, header: string): string {
  return header === '' ? `column ${column + 1}` : `column ${column + 1} "${header}"`;
}

/** The notes on fields fed by several columns: only the first non-empty value of a row is kept. */
function sharedFieldNotes(mapping: Record<string, number[]>, headers: readonly string[]): string[] {
  const notes: string[] = [];
  for (const [field, columns] of Object.entries(mapping)) {
    if (columns.length < 2) continue;
    const names = columns.map((c) => columnName(c, headers[c]!));
    notes.push(`${field} is fed by ${names.join(' and ')}: on each row the first non-empty of them wins, in that order, and the others' values are not imported`);
  }
  return notes;
}

interface Match extends Target {
  how: MatchHow;
  score: number;
}

/** The refusal of a column that would feed a field whose value is fixed for every row. */
function fixedFieldColumn(column: number, header: string, field: FieldDef, values: Readonly<Record<string, string>> | undefined): HeaderError {
  const fixed = fixedValueOf(field, { values })!;
  const by = fixed.constant === undefined ? 'this import gives' : 'the dataset definition gives';
  return new HeaderError('fixed_field_column', column + 1, header,
    `column ${column + 1} "${header}" would feed ${field.name}, which ${by} the same value ${JSON.stringify(fixed.text)} on every row; ignore the column or drop that value`);
}

function certainMatch(header: string, index: FieldIndex): Match | undefined {
  const exact = index.byName.get(header);
  if (exact) return { ...exact, how: 'exact', score: 1 };
  const alias = index.byAlias.get(header);
  if (alias) return { ...alias, how: 'alias', score: 1 };
  const loose = index.byLooseKey.get(foldKey(header));
  if (loose) return { ...loose, how: 'loose', score: 1 };
  return undefined;
}

/** Fuzzy guesses for leftover columns, only onto fields no column feeds yet, best pairs first. */
function fuzzyMatches(headers: string[], open: Set<number>, free: FieldDef[], index: FieldIndex, threshold: number) {
  const pairs: { column: number; field: FieldDef; score: number }[] = [];
  for (const column of open) {
    const key = foldKey(headers[column]!);
    if (key.length < MIN_FUZZY_LENGTH) continue;
    for (const field of free) {
      const score = Math.max(...index.spellings.get(field)!.map((s) => similarity(key, s)));
      if (score >= threshold) pairs.push({ column, field, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.column - b.column);
  const taken = new Set<FieldDef>();
  const chosen = new Map<number, Match>();
  for (const { column, field, score } of pairs) {
    if (taken.has(field) || chosen.has(column)) continue;
    taken.add(field);
    chosen.set(column, { field, rank: RANK_FUZZY, how: 'fuzzy', score });
  }
  return chosen;
}

/**
 * Maps a file's header row onto a dataset's fields: manual choice, exact name, alias,
 * case/accent/punctuation-insensitive, then fuzzy. A column named `constructor`, `__proto__`
 * or `prototype` is never matched by its name (a note says so). Throws HeaderError for absurd
 * header rows and columns that would feed a fixed field.
 * @example mapHeaders(['Nombre', 'E-mail'], clients).mapping.email // [1]
 */
export function mapHeaders(rawHeaders: readonly string[], schema: DatasetSchema, opts: MapHeadersOptions = {}): HeaderMapping {
  const headers = checkHeaders(rawHeaders);
  const index = indexFields(schema);
  const fieldsByName = new Map(schema.fields.map((f) => [f.name, f]));
  const manual = opts.manual ?? {};
  const matches = new Map<number, Match>();
  const ignored = new Set<number>();
  const open = new Set<number>();
  const values = { values: opts.values };
  const fixed = new Set(schema.fields.filter((f) => fixedValueOf(f, values) !== undefined));
  const notes: string[] = [];

  headers.forEach((header, column) => {
    if (Object.hasOwn(manual, header)) {
      const target = manual[header]!;
      if (target === '') return void ignored.add(column);
      const field = fieldsByName.get(target);
      if (field && fixed.has(field)) throw fixedFieldColumn(column, header, field, opts.values);
      // A remembered choice naming a field that no longer exists falls back to guessing.
      if (field) return void matches.set(column, { field, rank: RANK_MANUAL, how: 'manual', score: 1 });
    }
    // Never a field's name (an object's own machinery): left unmapped unless the user maps it.
    if (FORBIDDEN.has(header)) {
      notes.push(`${columnName(column, header)} is not taken as a field name; map it to a field or leave it out`);
      return;
    }
    const match = header === '' ? undefined : certainMatch(header, index);
    // A column named for a fixed field says the file has its own values: refuse, never overwrite them.
    if (match && fixed.has(match.field)) throw fixedFieldColumn(column, header, match.field, opts.values);
    if (match) matches.set(column, match);
    else open.add(column);
  });

  const fed = new Set([...matches.values()].map((m) => m.field));
  const free = schema.fields.filter((f) => !fed.has(f) && !fixed.has(f));
  const fuzzy = fuzzyMatches(headers, open, free, index, opts.fuzzyThreshold ?? 0.8);
  for (const [column, match] of fuzzy) matches.set(column, match);

  const mapping: Record<string, number[]> = Object.create(null);
  const ordered = [...matches].sort(([ca, a], [cb, b]) => a.rank - b.rank || ca - cb);
  for (const [column, match] of ordered) (mapping[match.field.name] ??= []).push(column);
  for (const field of fixed) mapping[field.name] = [];

  const columns: ColumnMatch[] = headers.map((header, column) => {
    const match = matches.get(column);
    if (match) return { index: column, header, field: match.field.name, how: match.how, score: match.score };
    return { index: column, header, field: null, how: ignored.has(column) ? 'manual' : null, score: 0 };
  });
  const unknown = columns.filter((c) => c.field === null && c.how === null).map(({ index: i, header }) => ({ index: i, header }));
  const missingRequired = schema.fields
    .filter((f) => f.required && !isFilled(f, values) && !mapping[f.name])
    .map((f) => f.name);
  notes.push(...sharedFieldNotes(mapping, headers));
  return { mapping, columns, unknown, missingRequired, notes };
}
