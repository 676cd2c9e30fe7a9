import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDefinitionFiles, isDefinitionFile } from '../../shared/definitions/index.ts';
import { presets } from '../../shared/presets/index.ts';

const folders = ['examples/datasets', 'examples/datasets/existing-tables'];

describe('the example dataset definitions', () => {
  it.each(folders)('%s checks without a mistake', (folder) => {
    const files = readdirSync(folder).filter(isDefinitionFile).map((file) => ({ file, text: readFileSync(`${folder}/${file}`, 'utf8') }));
    const { datasets, problems } = checkDefinitionFiles(files, Object.values(presets));
    expect(problems).toEqual([]);
    expect(datasets).toHaveLength(files.length);
  });

  it('holds at least three office datasets, at least one into an existing table', () => {
    const names = folders.flatMap((f) => readdirSync(f).filter(isDefinitionFile).map((file) => JSON.parse(readFileSync(`${f}/${file}`, 'utf8')) as { table?: string }));
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names.some((d) => d.table)).toBe(true);
  });
});
