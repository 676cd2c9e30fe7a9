import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, startRig, type Rig } from './setup.ts';

/**
 * The worker, the Dexie staging and the upload, in a real Chromium against a real server:
 * the harness page (test/web/harness) drives the worker through the bridge.
 */
describe.skipIf(!existsSync(CHROMIUM))('browser worker', () => {
  let rig: Rig;
  let h: Rig['h'];
  beforeAll(async () => {
    rig = await startRig();
    h = rig.h;
  }, 120_000);
  afterAll(async () => { await rig?.close(); });

  const recordCount = async (dataset: string) =>
    (await rig.db.sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ds_${dataset}`))[0]!.n;

  it('keeps the flags of rows staged before the flags storage changed (database version 1)', async () => {
    const up = await h('upgradeFromV1', `sluice-upgrade-${Date.now()}`);
    expect(up.tables).toEqual(['blocks', 'flags', 'imports']);
    expect(up.blocks).toBe(2);
    expect(up.flags).toEqual([
      { importId: 'a', block: 0, error: [0], warning: [0, 2], duplicate: [1] },
      { importId: 'a', block: 1, error: [0], warning: [], duplicate: [] },
    ]);
    // blocks stored whole, before rows were packed, still read
    expect(up.legacyRows).toEqual([['x'], ['y'], ['z']]);
    expect(up.legacyRowNumbers).toEqual([2, 3, 4]);
  });

  it('stores a block packed and reads back every cell, state and flag as staged, odd characters included', async () => {
    const block = {
      importId: 'rt', no: 3, rowNumbers: [7, 8, 9],
      rows: [['Zoë "Z" O\'Neil', null, 'a\nb,c'], ['\uFFFD', '', '\uD83D\uDE00 x'], [null, null, null]],
      state: [
        { issues: [], valid: true, raw: { phone: '+57 (300) 123-4567' } },
        { issues: [{ row: 8, field: 'email', code: 'invalid_email', message: 'email "\uD800" is not valid', severity: 'error' }], valid: false, raw: { email: 'a\u0000\uD800b' }, excluded: true },
        { issues: [{ row: 9, field: 'email', code: 'duplicate', message: 'duplicate of row 7 (same email)', severity: 'warning' }], valid: true, raw: {}, duplicateOf: 7 },
      ],
      errorCount: 1, warningCount: 0, duplicateCount: 1,
    };
    const { storedKeys, back } = await h('blockRoundTrip', block);
    expect(back).toEqual(block);
    expect(storedKeys).toEqual(['duplicateCount', 'errorCount', 'importId', 'no', 'packed', 'rowCount', 'warningCount']);
    expect(back.rowCount).toBeUndefined(); // the head's count stays in storage
  });

  it('sniffs a Windows-1252 semicolon CSV with title lines above the header', async () => {
    const s = await h('sniff', 'leads-fr-semicolon-cp1252.csv', {}, 'leads');
    expect(s).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';', headerRow: 3 });
    expect(s.preview[0].row).toBe(1);
    expect(s.preview.map((p: { row: number }) => p.row)).toContain(3);
  });

  it('sniffs a two-sheet workbook and picks the data sheet', async () => {
    const s = await h('sniff', 'clients-es-two-sheets.xlsx', {}, 'clients');
    expect(s).toMatchObject({ format: 'xlsx', sheets: ['Notas', 'Clientes'], sheet: 'Clientes', headerRow: 3 });
    expect(s.headers).toContain('codigo_postal');
  });

  it('stages the French CSV with the right counts, blocks and flags in IndexedDB', async () => {
    const r = await h('stage', 'leads-fr-semicolon-cp1252.csv', 'leads', { options: { defaultCountry: 'FR' }, blockSize: 2 });
    expect(r.counts).toMatchObject({ total: 5, invalid: 1, valid: 4, duplicate: 2, excluded: 0 });
    expect(r.counts.byField).toEqual({ phone: 1 });
    expect(r).toMatchObject({ status: 'staged', blockCount: 3, blocksStored: 3, rowsStored: 5 });
    expect(r.flagged.filter((f: { kind: string }) => f.kind === 'error').map((f: { row: number }) => f.row)).toEqual([8]);
    expect(r.flagged.filter((f: { kind: string }) => f.kind === 'duplicate')).toHaveLength(2);
    const row6 = await h('row', r.importId, 6);
    expect(row6.raw.name).toBe('Anaïs Çelik'); // accents decoded from Windows-1252
    // the file's text is kept where it is not the staged cell, and stored once where it is
    expect(row6.cells[r.columns.indexOf('phone')]).toBe('+33612345678');
    expect(row6.raw).toMatchObject({ phone: '0612345678', email: 'ANAIS@EXAMPLE.FR' });
    expect(Object.keys(row6.state.raw).sort()).toEqual(['email', 'phone']);
  });

  it('stages the Clientes sheet: dates, leading zeros, duplicate and invalid email', async () => {
    const r = await h('stage', 'clients-es-two-sheets.xlsx', 'clients');
    expect(r.counts).toMatchObject({ total: 5, invalid: 1, duplicate: 1 });
    expect(r.counts.byCode).toMatchObject({ invalid_email: 1, duplicate: 1 });
    const rows = await Promise.all([4, 5, 6, 7, 8].map((n) => h('row', r.importId, n)));
    const col = (name: string) => r.columns.indexOf(name);
    expect(rows.map((x) => x.cells[col('postal_code')])).toContain('050021');
    const dates = rows.map((x) => x.cells[col('registered_at')]).filter((d) => d !== null);
    expect(dates.length).toBeGreaterThanOrEqual(4);
    expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    console.log(`Clientes dates: ${dates.join(', ')}`);
  });

  it('decodes a multi-byte character split across two 1 MiB slices', async () => {
    const made = await h('generateSplitChar', 'split.csv');
    expect(made.at).toBe(1024 * 1024 - 1); // 'é' starts on the last byte of the first slice
    const r = await h('stage', 'split.csv', 'leads');
    expect(r.counts.invalid).toBe(0);
    const boundary = await h('row', r.importId, r.counts.total - 9);
    expect(boundary.raw.name).toBe(made.name);
    const after = await h('row', r.importId, r.counts.total + 1);
    expect(after.raw.name).toMatch(/^Après \d+$/);
  });

  it('cancels a staging by terminating the worker; staging the import again starts clean', async () => {
    await h('generateLeads', 'leads-cancel.csv', 40_000, { from: 2_000_000 });
    const cut = await h('stage', 'leads-cancel.csv', 'leads', { blockSize: 1000, abortAfterRows: 5000 });
    expect(cut.aborted).toBe(true);
    expect(cut.status).toBe('staging');
    expect(cut.blocksStored).toBeGreaterThan(0);
    expect(cut.blocksStored).toBeLessThan(40);
    const again = await h('stage', 'leads-cancel.csv', 'leads', { blockSize: 4000, importId: cut.importId });
    expect(again).toMatchObject({ status: 'staged', blockCount: 10, blocksStored: 10, rowsStored: 40_000 });
    expect(again.counts.total).toBe(40_000);
  });

  it('re-validates an edited cell and updates the counts and flags', async () => {
    const r = await h('stage', 'leads-fr-semicolon-cp1252.csv', 'leads', { options: { defaultCountry: 'FR' } });
    const bad = await h('row', r.importId, 8);
    const edited = await h('editCell', r.importId, bad.block, bad.index, 'phone', '06 98 76 54 32');
    expect(edited.row).toMatchObject({ row: 8, valid: true });
    expect(edited.row.values.phone).toBe('+33698765432');
    // the row's other cells come back as the file had them, accents and all
    expect(edited.row.values).toMatchObject({ name: 'Noémie Brûlé', email: 'noemie@example.fr', notes: 'sans téléphone' });
    expect(edited.row.raw).toMatchObject({ name: 'Noémie Brûlé', phone: '06 98 76 54 32' });
    expect(edited.counts).toMatchObject({ total: 5, invalid: 0, valid: 5 });
    const after = await h('inspect', r.importId);
    expect(after.flagged.filter((f: { kind: string }) => f.kind === 'error')).toEqual([]);
    // an edit that makes a row repeat another is a duplicate at once
    const dup = await h('editCell', r.importId, bad.block, bad.index, 'phone', '07 61 22 33 44');
    expect(dup.row.duplicateOf).toBeDefined();
    expect(dup.counts.duplicate).toBe(r.counts.duplicate + 1);
  });

  it('replaces a value in a column where the file had it or where the preview shows it, keeping the rest of each row', async () => {
    const r = await h('stage', 'leads-fr-semicolon-cp1252.csv', 'leads', { options: { defaultCountry: 'FR' } });
    const source = r.columns.indexOf('source');
    expect((await h('row', r.importId, 5)).cells[source]).toBe('phone'); // the file says "Téléphone"
    const byText = await h('replaceInColumn', r.importId, 'source', 'Téléphone', 'referral');
    expect(byText.changed).toBe(1);
    const row5 = await h('row', r.importId, 5);
    expect(row5.cells[source]).toBe('referral');
    expect(row5.raw).toMatchObject({ source: 'referral', name: 'Jérôme Lebœuf', phone: '+33 7 61 22 33 44' });
    const byValue = await h('replaceInColumn', r.importId, 'source', 'web', 'email');
    expect(byValue.changed).toBe(1);
    expect((await h('row', r.importId, 4)).raw).toMatchObject({ source: 'email', name: 'Hélène Faure', notes: 'Appartement 3 pièces; budget 250 000 €' });
    expect(byValue.counts.total).toBe(5);
  });

  it('leaves a signed number as it is in the error CSV, as the export and the server do', async () => {
    await h('makeFile', 'signed.csv', 'name,phone,source,score\nCy,+14152014569,web,-5\n');
    const r = await h('stage', 'signed.csv', 'leads');
    const lines = (await h<string>('errorsCsv', r.importId)).trim().split('\r\n');
    expect(lines[1]).toMatch(/^2,Cy,\+14152014569,web,-5,score: /);
  });

  it('excludes every invalid row, and lists errors as CSV with formulas neutralized', async () => {
    await h('makeFile', 'formula.csv', 'name,phone,source\n=HYPERLINK("x"),,web\nAna,+14152014567,web\n@SUM(1),not a phone,fax\n');
    const r = await h('stage', 'formula.csv', 'leads');
    expect(r.counts).toMatchObject({ total: 3, invalid: 2 });
    const csv: string = await h('errorsCsv', r.importId);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('row,name,phone,source,error');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^2,"'=HYPERLINK\(""x""\)",,web,phone: /);
    expect(lines[2]).toMatch(/^4,'@SUM\(1\),not a phone,fax,/);
    const counts = await h('excludeInvalid', r.importId);
    expect(counts).toMatchObject({ total: 3, excluded: 2, invalid: 0, valid: 1 });
    expect((await h<string>('errorsCsv', r.importId)).trim().split('\r\n')).toHaveLength(1);
  });

  let firstUpload: { bytesSent: number; serverId: number };

  it('uploads the staged rows; a second upload sends nothing new', async () => {
    await h('generateLeads', 'leads-3000.csv', 3000, { badEvery: 100 });
    const r = await h('stage', 'leads-3000.csv', 'leads', { blockSize: 500 });
    expect(r.counts).toMatchObject({ total: 3000, invalid: 30 });
    const up = await h('upload', r.importId);
    expect(up.error).toBeNull();
    firstUpload = up.result;
    const server = await h('api', 'GET', `/api/imports/${up.result.serverId}`);
    expect(server.chunks).toEqual([0, 1, 2, 3, 4, 5]);
    expect(server.status).toBe('uploaded');
    const again = await h('upload', r.importId);
    expect(again.result).toEqual(up.result); // no byte more
    // its progress counts the rows the server already holds, read from the stored blocks
    expect(again.last).toMatchObject({ chunksDone: 6, rowsDone: 3000 });
    expect((await h('inspect', r.importId)).acked).toBe(6);
    const done = await h('commit', up.result.serverId);
    expect(done.counts).toMatchObject({ inserted: 2970 });
    expect(await recordCount('leads')).toBe(2970);
  });

  it('with merge skip, sends only the rows the database does not have', async () => {
    await h('generateLeads', 'leads-3100.csv', 3100, { badEvery: 100 });
    const r = await h('stage', 'leads-3100.csv', 'leads', { blockSize: 500, merge: 'skip' });
    const up = await h('upload', r.importId);
    expect(up.error).toBeNull();
    const local = await h('inspect', r.importId);
    expect(local.alreadyThere).toBe(2970);
    console.log(`merge skip: first upload ${firstUpload.bytesSent} bytes, re-import with 100 new rows ${up.result.bytesSent} bytes`);
    expect(up.result.bytesSent).toBeLessThan(firstUpload.bytesSent / 5);
    const done = await h('commit', up.result.serverId);
    expect(done.counts).toMatchObject({ inserted: 99 });
    expect(await recordCount('leads')).toBe(2970 + 99);
  });

  it('pauses while offline and finishes by itself once back online', async () => {
    await h('generateLeads', 'leads-offline.csv', 12_000, { from: 500_000 });
    const r = await h('stage', 'leads-offline.csv', 'leads', { blockSize: 150 });
    expect(r.blockCount).toBe(80);
    await h('startUpload', r.importId);
    await rig.page.waitForFunction((id) => (window as any).harness.uploadState(id).last?.chunksDone >= 3, r.importId);
    await rig.context.setOffline(true);
    await new Promise((ok) => setTimeout(ok, 1500));
    const paused = await h('uploadState', r.importId);
    const ackedWhilePaused = (await h('inspect', r.importId)).acked;
    await new Promise((ok) => setTimeout(ok, 1000));
    expect((await h('inspect', r.importId)).acked).toBe(ackedWhilePaused); // nothing goes through
    expect(paused.result).toBeNull();
    expect(paused.states.some((s: string) => s === 'offline' || s === 'retrying')).toBe(true);
    expect(ackedWhilePaused).toBeLessThan(80);
    await rig.context.setOffline(false);
    const done = await h('uploadDone', r.importId);
    expect(done.error).toBeNull();
    expect(done.last.state).toBe('done');
    const server = await h('api', 'GET', `/api/imports/${done.result.serverId}`);
    expect(server.chunks).toHaveLength(80);
    console.log(`offline: paused at ${ackedWhilePaused}/80 chunks (states ${paused.states.join(', ')}), then finished`);
  }, 60_000);

  it('stages 200,000 rows without freezing the page (longest main-thread task recorded)', async () => {
    const bytes = await h('generateLeads', 'leads-200k.csv', 200_000, { from: 1_000_000 });
    const r = await h('stage', 'leads-200k.csv', 'leads');
    expect(r.counts.total).toBe(200_000);
    expect(r.blocksStored).toBe(100);
    console.log(`staging 200,000 rows (${(bytes / 1e6).toFixed(1)} MB): ${(r.ms / 1000).toFixed(1)} s, ` +
      `${Math.round(200_000 / (r.ms / 1000))} rows/s, ${r.progressReports} progress reports, longest main-thread task ${Math.round(r.longestTask)} ms`);
    expect(r.longestTask).toBeLessThan(1000);
  }, 60_000);
});
