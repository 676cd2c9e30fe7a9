/** Turns zod's issues into sentences a person fixing a definition file can act on. */
import type { z } from 'zod';
import { editDistance } from '../mapping/similarity.ts';

/** `fields[3].type` from zod's path. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** The closest of `options` to `word`, when it is close enough to be what was meant. */
export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Words other languages and tools use for a field type, which no edit distance would find. */
const TYPE_WORDS: Record<string, string> = {
  telefone: 'phone', telefono: 'phone', 'teléfono': 'phone', 'téléphone': 'phone', telephone: 'phone', tel: 'phone',
  mobile: 'phone', cell: 'phone', celular: 'phone', fone: 'phone',
  mail: 'email', 'e-mail': 'email', correo: 'email', courriel: 'email',
  string: 'text', varchar: 'text', char: 'text', texto: 'text', texte: 'text',
  int: 'integer', bigint: 'integer', entero: 'integer', entier: 'integer', long: 'integer',
  float: 'number', double: 'number', decimal: 'number', numeric: 'number', numero: 'number', 'número': 'number', nombre: 'number',
  bool: 'boolean', booleano: 'boolean', 'booléen': 'boolean', fecha: 'date', timestamp: 'datetime', choice: 'enum', select: 'enum',
};

const didYouMean = (word: string, options: readonly string[]) => {
  const synonym = TYPE_WORDS[word.toLowerCase()];
  const c = synonym && options.includes(synonym) ? synonym : closest(word, options);
  return c ? `; did you mean "${c}"?` : `; use one of ${options.map((o) => `"${o}"`).join(', ')}`;
};

/** What a value of the last path segment is called in a message ("a field type"). */
const NOUNS: Record<string, string> = { type: 'a field type', dateOrder: 'a date order', merge: 'a merge strategy', format: 'a phone format', validate: 'a validator' };

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `${typeof v} ${show(v)}`);

/** One sentence for one zod issue; `keysAt` lists the keys allowed in the object the issue is in. */
export function issueMessage(issue: z.core.$ZodIssue, keysAt: (path: readonly PropertyKey[]) => readonly string[]): string {
  const last = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case 'invalid_value': {
      const options = issue.values.map(String);
      const noun = typeof last === 'string' ? NOUNS[last] : undefined;
      return `${show(issue.input)} is not ${noun ?? 'allowed'}${didYouMean(String(issue.input), options)}`;
    }
    case 'unrecognized_keys':
      return issue.keys.map((k) => `unknown key "${k}"${didYouMean(k, keysAt(issue.path))}`).join('; ');
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected === 'array' ? 'a list' : `${issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`}, got ${kindOf(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' ? `needs at least ${issue.minimum} item(s)`
        : issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}`;
    default:
      return issue.message;
  }
}
