/**
 * The shape of a dataset definition file, as data: a `DatasetSchema` (shared/schema.ts) plus
 * where its records live when the table is the office's own. Validated with zod, which also
 * gives the JSON Schema editors use (shared/definitions/dataset.schema.json).
 */
import { z } from 'zod';
import { FIELD_TYPES } from '../normalize/types.ts';
import type { DatasetSchema, FieldType } from '../schema.ts';
import { VALIDATOR_NAMES } from '../validate/named/index.ts';

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const notReserved = (s: string) => !RESERVED.has(s);

/** A name Sluice uses as an identifier in SQL and as an object key. */
const fieldName = z.string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a lowercase identifier: a letter, then letters, digits or _ (at most 63)')
  .refine(notReserved, 'is a reserved word');
/** A column or table of the office's own database: what PostgreSQL accepts unquoted, or any case. */
const sqlName = z.string()
  .regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, 'must be a SQL identifier: a letter or _, then letters, digits, _ or $ (at most 63)');
const country = z.string().regex(/^[A-Z]{2}$/, 'must be a 2-letter ISO country code in capitals, like FR');

const enumValue = z.strictObject({
  value: z.string().min(1),
  aliases: z.array(z.string()).optional(),
});

export const fieldModel = z.strictObject({
  name: fieldName.describe('Field name: the column of a managed table, and the key in rows and exports.'),
  label: z.string().optional().describe('What the user sees.'),
  description: z.string().optional(),
  type: z.enum(FIELD_TYPES as [FieldType, ...FieldType[]]),
  required: z.boolean().optional(),
  min: z.number().optional().describe('Inclusive minimum: the value for integer/number, the length for text.'),
  max: z.number().optional().describe('Inclusive maximum: the value for integer/number, the length for text.'),
  pattern: z.string().optional().describe('Regular expression (JavaScript syntax) the whole text must match.'),
  values: z.array(enumValue).optional().describe('Allowed values of an enum field, with the spellings users write.'),
  aliases: z.array(z.string()).optional().describe('Header spellings that map to this field, in priority order.'),
  defaultCountry: country.optional().describe('Country of phone numbers written without a country code.'),
  default: z.string().optional().describe('Text used when the cell is empty, read and checked like a cell.'),
  constant: z.string().optional().describe('Text every row gets for this field, whatever the file says; a column mapped to it is refused.'),
  format: z.enum(['e164', 'nanp11']).optional().describe('How a phone field stores numbers: e164 (+15551234567, default) or nanp11 (15551234567).'),
  validate: z.enum(VALIDATOR_NAMES as [string, ...string[]]).optional().describe('A named validator run on the value (e.g. rut).'),
  column: sqlName.optional().describe('The column of the existing table this field reads and writes (default: the field name).'),
});

export const scopeModel = z.strictObject({
  field: fieldName,
  in: z.array(z.string()).optional(),
  notIn: z.array(z.string()).optional(),
});

export const definitionModel = z.strictObject({
  $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
  name: z.string()
    .regex(/^[a-z][a-z0-9_]{0,40}$/, 'must be a lowercase identifier of at most 41 characters')
    .refine(notReserved, 'is a reserved word')
    .describe('Identifier of the dataset (URLs, the CLI\'s --dataset).'),
  label: z.string().min(1),
  description: z.string().optional(),
  version: z.number().int().min(1).describe('Raise it when the fields change; each import records the version it ran with.'),
  fields: z.array(fieldModel).min(1),
  keys: z.array(z.array(fieldName).min(1))
    .describe('Dedupe keys as alternatives: a row duplicates a record when all fields of any one key match.'),
  scope: z.array(scopeModel).optional().describe('Existing records count as duplicates only when every rule holds.'),
  defaultCountry: country.optional(),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  merge: z.enum(['skip', 'update', 'create']).optional(),
  defaultColumns: z.array(fieldName).optional().describe('Columns an export shows when none are asked for.'),
  table: sqlName.optional().describe('An existing table to import into; without it Sluice manages ds_<name>.'),
  schema: sqlName.optional().describe('The PostgreSQL schema of `table` (default public).'),
  idColumn: sqlName.optional().describe('The existing table\'s primary key column (default id).'),
  orgColumn: sqlName.optional().describe('The column holding the organisation id; without it the table belongs to `org`.'),
  org: z.string().min(1).optional().describe('The one organisation (by name) that owns a table without an org column.'),
  createdColumn: sqlName.optional(),
  updatedColumn: sqlName.optional(),
  manage: z.boolean().optional().describe('Let Sluice add missing columns and key indexes to an existing table.'),
});

/** A dataset definition as written in a file. */
export type DatasetDefinition = z.infer<typeof definitionModel>;

// a definition is a DatasetSchema: the server and the browser read it as one
const isSchema = (d: DatasetDefinition): DatasetSchema => d;
void isSchema;
