import type { FieldDef, Value } from '../../schema.ts';
import type { Problem } from '../rules.ts';

/** A check a definition names by `validate: '<name>'`, run on the field's normalized, non-null value. */
export interface NamedValidator {
  /** What the check accepts, in a line (for documentation and the definition schema). */
  description: string;
  /** The problem with the value, or undefined when it passes. */
  check(value: Exclude<Value, null>, field: FieldDef): Problem | undefined;
}
