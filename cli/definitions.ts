import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDefinitionFile, type DefinitionFile } from '../shared/definitions/index.ts';

/** The definition files of a folder (`*.json`, `*.yaml`, `*.yml`; not JSON Schemas), by name. */
export async function readDefinitionFiles(dir: string): Promise<DefinitionFile[]> {
  const names = (await readdir(dir)).filter(isDefinitionFile).sort();
  return Promise.all(names.map(async (file) => ({ file, text: await readFile(join(dir, file), 'utf8') })));
}
