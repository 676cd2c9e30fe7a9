/**
 * Reads and checks dataset definition files (JSON or YAML), as the server does at start and
 * `sluice datasets check DIR` does without one. Every mistake is reported with the file, the
 * path inside it and what was expected; a set of files with any mistake yields no dataset.
 */
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { DatasetSchema } from '../schema.ts';
import { issueMessage, pathText } from './messages.ts';
import { definitionModel, fieldModel, scopeModel, type DatasetDefinition } from './model.ts';
import { semanticProblems } from './semantics.ts';

/** One mistake in one file. `path` is empty for the file as a whole. */
export interface DefinitionProblem {
  file: string;
  path: string;
  message: string;
}

/** `patients.json: fields[3].type: "telefone" is not a field type; did you mean "phone"?` */
export function problemText(p: DefinitionProblem): string {
  return `${p.file}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

export interface DefinitionFile {
  /** The file's name as the user knows it (shown in every message). */
  file: string;
  text: string;
}

/** True for the files a definitions folder holds: `*.json`, `*.yaml`, `*.yml`, but not JSON Schemas. */
export function isDefinitionFile(name: string): boolean {
  return /\.(json|ya?ml)$/i.test(name) && !/\.schema\.json$/i.test(name);
}

function keysAt(path: readonly PropertyKey[]): readonly string[] {
  const model = path.length === 0 ? definitionModel : path[0] === 'fields' ? fieldModel : path[0] === 'scope' ? scopeModel : undefined;
  return model ? Object.keys(model.shape) : [];
}

/** Parses one file's text as JSON or YAML (by its name); a syntax error names the line. */
function parseText(f: DefinitionFile): { data?: unknown; problem?: string } {
  if (/\.ya?ml$/i.test(f.file)) {
    const doc = parseDocument(f.text, { prettyErrors: true, uniqueKeys: true });
    const err = doc.errors[0];
    if (err) return { problem: `not valid YAML at line ${err.linePos?.[0]?.line ?? '?'}: ${err.message.split('\n')[0]!.replace(/:$/, '')}` };
    try {
      // a few aliases are handy; thousands are an expansion bomb
      return { data: doc.toJS({ maxAliasCount: 100 }) };
    } catch (e) {
      return { problem: `not usable YAML: ${(e as Error).message}` };
    }
  }
  try {
    return { data: JSON.parse(f.text) };
  } catch (e) {
    // JSON.parse does not always say where; jsonc-parser (strict here) gives the offset
    const errors: ParseError[] = [];
    parseJsonc(f.text, errors, { disallowComments: true, allowTrailingComma: false });
    const at = errors[0]?.offset;
    const line = at === undefined ? undefined : f.text.slice(0, at).split('\n').length;
    return { problem: `not valid JSON${line ? ` at line ${line}` : ''}: ${(e as Error).message}` };
  }
}

/** Checks one parsed definition; its problems, or the dataset it defines. */
export function checkDefinition(file: string, data: unknown): { dataset?: DatasetDefinition; problems: DefinitionProblem[] } {
  const parsed = definitionModel.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i: z.core.$ZodIssue) => ({ file, path: pathText(i.path), message: issueMessage(i, keysAt) })) };
  }
  const problems = semanticProblems(parsed.data).map((p) => ({ file, ...p }));
  return problems.length ? { problems } : { dataset: parsed.data, problems };
}

/**
 * Checks a folder's files together: each on its own, then names unique across files and
 * against the built-in datasets.
 * @example checkDefinitionFiles([{ file: 'a.json', text: '{}' }], []).problems[0].message === 'is required'
 */
export function checkDefinitionFiles(files: readonly DefinitionFile[], builtIn: readonly DatasetSchema[]): { datasets: DatasetDefinition[]; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const datasets: DatasetDefinition[] = [];
  const seen = new Map<string, string>(builtIn.map((d) => [d.name, 'a built-in dataset']));
  for (const f of files) {
    const { data, problem } = parseText(f);
    if (problem) {
      problems.push({ file: f.file, path: '', message: problem });
      continue;
    }
    const checked = checkDefinition(f.file, data);
    problems.push(...checked.problems);
    if (!checked.dataset) continue;
    const before = seen.get(checked.dataset.name);
    if (before) problems.push({ file: f.file, path: 'name', message: `"${checked.dataset.name}" is already ${before}` });
    else {
      seen.set(checked.dataset.name, `defined in ${f.file}`);
      datasets.push(checked.dataset);
    }
  }
  return { datasets: problems.length ? [] : datasets, problems };
}
