import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, freshDatabaseUrl, runCli, startServerProcess } from './processes.ts';

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

describe('sluice serve --datasets', () => {
  it('refuses to start on a wrong definition, naming each mistake', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'p.json'), JSON.stringify({ name: 'p', label: 'P', version: 1, fields: [{ name: 'phone', type: 'phone' }], keys: [['phon']] }));
    const r = await runCli(['serve', '--port', String(await freePort()), '--data-dir', join(dir, 'data-bad'), '--datasets', bad]).done;
    expect(r.stderr).toContain('sluice: not started: 1 mistake(s) in the dataset definitions of');
    expect(r.stderr).toContain('p.json: keys[0][0]: "phon" is not a field of this dataset; did you mean "phone"?');
    expect(r.stdout).not.toContain('Sluice is running');
    expect(r.code).toBe(2);
  });

  it('serves the office\'s datasets beside the built-in ones, and the definitions\' JSON Schema', async () => {
    const db = await freshDatabaseUrl();
    const server = await startServerProcess({
      port: await freePort(), dataDir: join(dir, 'data'), databaseUrl: db.url, token: 'tok-defs', args: ['--datasets', 'test/fixtures/definitions'],
    });
    try {
      const auth = { authorization: 'Bearer tok-defs' };
      const list = await (await fetch(`${server.url}/api/datasets`, { headers: auth })).json() as { datasets: { name: string }[] };
      expect(list.datasets.map((d) => d.name)).toEqual(['leads', 'clients', 'patients']);
      const schema = await (await fetch(`${server.url}/api/dataset-schema.json`)).json();
      expect(schema).toEqual(JSON.parse(readFileSync('shared/definitions/dataset.schema.json', 'utf8')));
      const shown = await runCli(['datasets', 'show', 'patients', '--server', server.url, '--token', 'tok-defs']).done;
      expect(shown.stdout).toContain('phone                phone');
      expect(shown.stdout).toContain('duplicates by: email, or phone');
    } finally {
      await server.stop();
      await db.drop();
    }
  });
});

describe('a dataset the office defines, used from the CLI', () => {
  it('imports the phone list as 11-digit numbers: 7 kept, the repeat a duplicate, 12345 rejected on its line', async () => {
    const db = await freshDatabaseUrl();
    const server = await startServerProcess({
      port: await freePort(), dataDir: join(dir, 'data-phones'), databaseUrl: db.url, token: 'tok-phones', args: ['--datasets', 'examples/datasets'],
    });
    try {
      const auth = ['--server', server.url, '--token', 'tok-phones'];
      const r = await runCli(['import', 'test/fixtures/phones.txt', '--dataset', 'phone_numbers', '--json', ...auth]).done;
      const summary = JSON.parse(r.stdout) as { total: number; inserted: number; duplicates: number; invalid: number; errors: { row: number; column: string }[] };
      expect(summary).toMatchObject({ total: 9, inserted: 7, duplicates: 1, invalid: 1 });
      expect(summary.errors).toEqual([expect.objectContaining({ row: 7, column: 'phone' })]);
      expect(r.code).toBe(1);
      const records = await (await fetch(`${server.url}/api/datasets/phone_numbers/records?pageSize=50&sort=phone`, { headers: { authorization: 'Bearer tok-phones' } })).json() as { records: { phone: string }[] };
      expect(records.records.map((x) => x.phone)).toEqual(['14152014567', '14152014568', '14152014569', '14152014570', '14152014571', '14152014572', '14152014573']);
    } finally {
      await server.stop();
      await db.drop();
    }
  });
});
