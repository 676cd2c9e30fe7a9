import type { DatasetSchema, Value } from '../schema.ts';

/** Separates the parts of a dedupe key; never found in normalized values (control characters are refused). */
export const KEY_SEPARATOR = '\u0001';

const emailFields = new WeakMap<DatasetSchema, Set<string>>();

function emailFieldsOf(schema: DatasetSchema): Set<string> {
  let set = emailFields.get(schema);
  if (!set) {
    set = new Set(schema.fields.filter((f) => f.type === 'email').map((f) => f.name));
    emailFields.set(schema, set);
  }
  return set;
}

function keyPart(value: Value | undefined, isEmail: boolean): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : String(value);
  if (text === '') return null;
  return isEmail ? text.toLowerCase() : text;
}

/**
 * One key per alternative of `schema.keys` whose fields are all non-empty, prefixed by the
 * alternative's index so an email never meets a phone. Emails compare case-insensitively.
 * @example dedupeKeys(leads, { phone: '+33761223344' }) // ['0\u0001+33761223344']
 */
export function dedupeKeys(schema: DatasetSchema, values: Readonly<Record<string, Value | undefined>>): string[] {
  const emails = emailFieldsOf(schema);
  const keys: string[] = [];
  // plain loops and one string per key: this runs on every valid row of every file
  alternatives: for (let alternative = 0; alternative < schema.keys.length; alternative++) {
    const fields = schema.keys[alternative]!;
    if (fields.length === 0) continue;
    let key = String(alternative);
    for (const name of fields) {
      const part = keyPart(Object.hasOwn(values, name) ? values[name] : undefined, emails.has(name));
      if (part === null) continue alternatives;
      key += KEY_SEPARATOR + part;
    }
    keys.push(key);
  }
  return keys;
}

/** The index in `schema.keys` of the alternative a key was built from. */
export function keyAlternative(key: string): number {
  return Number(key.slice(0, key.indexOf(KEY_SEPARATOR)));
}
