import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appClients, DJANGO_TABLE } from '../server/django-table.ts';
import { useServerProcess } from './processes.ts';

const TOKEN = 'existing-table-token';

describe('sluice import into a table the office\'s application already has', () => {
  const s = useServerProcess({
    token: TOKEN,
    prefix: 'sluice-existing-',
    async setup(dir) {
      await mkdir(join(dir, 'defs'));
      await writeFile(join(dir, 'defs', 'app_clients.json'), JSON.stringify(appClients('Default')));
      // the application's table, and a client it already has
      return { sql: `${DJANGO_TABLE}; insert into auth_clients (full_name, email) values ('Old Client', 'old@example.com')`, args: ['--datasets', join(dir, 'defs')] };
    },
  });
  const cli = s.cli;
  const records = () => s.records<{ name: string; email: string; phone: string | null }>('app_clients', 'pageSize=50&sort=email');

  it('imports a CSV into it, skips what it has on re-import, and undoes the import', async () => {
    const csv = join(s.dir, 'clients.csv');
    await writeFile(csv, 'Full name,Email,Phone\nAna Díaz,ana@example.com,(415) 201-4567\nOld Client,OLD@example.com,\nBo Li,bo@example.com,\n');
    const run = await cli('import', csv, '--dataset', 'app_clients', '--map', 'Full name=name', '--json');
    expect(run.stderr).toBe('');
    const first = JSON.parse(run.stdout);
    expect(first).toMatchObject({ total: 3, inserted: 2, skipped: 1, invalid: 0 });
    expect(await records()).toEqual([
      expect.objectContaining({ name: 'Ana Díaz', email: 'ana@example.com', phone: '+14152014567' }),
      expect.objectContaining({ name: 'Bo Li', email: 'bo@example.com' }),
      expect.objectContaining({ name: 'Old Client', email: 'old@example.com' }),
    ]);

    const again = JSON.parse((await cli('import', csv, '--dataset', 'app_clients', '--map', 'Full name=name', '--again', '--json')).stdout);
    expect(again).toMatchObject({ total: 3, inserted: 0 });

    const undo = await cli('undo', String(first.importId));
    expect(undo.stdout).toContain('undone: 2 inserted rows deleted');
    expect((await records()).map((r) => r.email)).toEqual(['old@example.com']);
  }, 120_000);
});
