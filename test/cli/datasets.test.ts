import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'sluice-defs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sluice datasets check', () => {
  it('exits 0 and names the datasets of a correct folder, without a server', async () => {
    const r = await runCli(['datasets', 'check', 'test/fixtures/definitions'], { SLUICE_SERVER: 'http://127.0.0.1:9' }).done;
    expect(r.stdout).toContain('1 dataset(s): patients; no mistakes');
    expect(r.code).toBe(0);
  });

  it('exits 2 with every mistake by file and path', async () => {
    writeFileSync(join(dir, 'patients.json'), JSON.stringify({
      name: 'patients', label: 'Patients', version: 1,
      fields: [{ name: 'name', type: 'text' }, { name: 'tel', type: 'telefone' }], keys: [['tel']],
    }));
    writeFileSync(join(dir, 'broken.yaml'), 'name: [x\n');
    writeFileSync(join(dir, 'dataset.schema.json'), '{ not read: a JSON Schema is not a definition');
    const r = await runCli(['datasets', 'check', dir]).done;
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^broken\.yaml: not valid YAML at line \d: /),
      'patients.json: fields[1].type: "telefone" is not a field type; did you mean "phone"?',
    ]);
    expect(r.code).toBe(2);
  });

  it('exits 2 with the usage for a folder that does not exist', async () => {
    const r = await runCli(['datasets', 'check', join(dir, 'nope')]).done;
    expect(r.stderr).toMatch(/^sluice: cannot read .*nope/);
    expect(r.code).toBe(2);
  });
});
