import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChunkBody } from '../../shared/chunk/index.ts';
import { leads as leadsPreset } from '../../shared/presets/index.ts';
import { createImport, engines, putChunk, startTestServer, type TestServer } from './harness.ts';

const columns = ['name', 'phone', 'source', 'status', 'score', 'email'];
type Cells = [string, string, string, string | null, string | null, string | null];
const chunk = (rows: Cells[], first = 2): ChunkBody => ({ columns, rows, rowNumbers: rows.map((_, i) => first + i) });

/** Uploads rows as one import (one chunk), plans it, and returns its id and plan. */
async function importRows(s: TestServer, rows: Cells[], merge = 'skip', token?: string) {
  const id = await createImport(s, { merge, totalChunks: 1 }, token);
  const put = await putChunk(s, id, 0, chunk(rows), { token });
  expect(put.status).toBe(201);
  const plan = await s.json('POST', `/api/imports/${id}/plan`, undefined, token);
  expect(plan.status).toBe(200);
  return { id, plan: plan.body.plan };
}

async function commit(s: TestServer, id: number, token?: string) {
  const res = await s.json('POST', `/api/imports/${id}/commit`, undefined, token);
  expect(res.status).toBe(200);
  return res.body;
}

const leads = (s: TestServer) => s.db.sql<{ id: number; name: string; phone: string; score: number | null; status: string | null; email: string | null }[]>`
  select id, name, phone, score, status, email from ds_leads where org_id = ${s.orgId} order by id`;

describe.each(engines)('plan, commit and undo on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(engine); });
  afterAll(async () => { await s?.close(); });
  beforeEach(async () => { await s.db.sql`delete from ds_leads`; });

  /** A clients import of first name, last name, email and phone, its one chunk uploaded. */
  const clientsImport = async (rows: (string | null)[][], merge = 'update') => {
    const id = await createImport(s, { dataset: 'clients', merge, totalChunks: 1 });
    const columns = ['first_name', 'last_name', 'email', 'phone'];
    expect((await putChunk(s, id, 0, { columns, rows, rowNumbers: rows.map((_, i) => i + 2) })).status).toBe(201);
    return id;
  };

  it('inserts new rows and reports invalid and in-file duplicate rows', async () => {
    const { id, plan } = await importRows(s, [
      ['Ana', '(415) 201-4567', 'web', null, '10', null],
      ['Bob', '415-201-4568', 'email', null, '200', null],
      ['Ana again', '4152014567', 'web', null, null, null],
    ]);
    expect(plan).toMatchObject({ total: 3, insert: 1, invalid: 1, duplicate: 1 });
    const done = await commit(s, id);
    expect(done.status).toBe('done_with_errors');
    expect((await leads(s)).map((r) => [r.name, r.phone, r.score, r.status])).toEqual([['Ana', '+14152014567', 10, 'NEW']]);
    const rows = await s.json('GET', `/api/imports/${id}/plan/rows?kind=duplicate`);
    expect(rows.body.rows[0]).toMatchObject({ row: 4, kind: 'duplicate', note: 'duplicate of row 2 (same phone)' });
    const inserted = await s.json('GET', `/api/imports/${id}/plan/rows?kind=insert`);
    expect(inserted.body.rows).toEqual([expect.objectContaining({ row: 2, kind: 'insert', values: expect.objectContaining({ name: 'Ana' }) })]);
  });

  it('stores backslashes, quotes and the like exactly as they were sent', async () => {
    const odd = ['Ana \\ "Q" \\N \\t', 'Bø\u2028b \\\\ end\\'];
    const { id } = await importRows(s, odd.map((name, i) => [name, `+1415201456${i}`, 'web', null, null, null] as Cells));
    await commit(s, id);
    expect((await leads(s)).map((r) => r.name)).toEqual(odd);
  });

  it('merge skip leaves existing records untouched', async () => {
    await commit(s, (await importRows(s, [['Ana', '+14152014567', 'web', null, '10', null]])).id);
    const { id, plan } = await importRows(s, [['Ana Changed', '+14152014567', 'email', null, '99', null], ['New', '+14152014999', 'web', null, null, null]]);
    expect(plan).toMatchObject({ insert: 1, skip: 1, update: 0 });
    await commit(s, id);
    expect((await leads(s)).map((r) => [r.name, r.score])).toEqual([['Ana', 10], ['New', null]]);
  });

  it('merge update overwrites with incoming non-empty values and shows field diffs', async () => {
    await commit(s, (await importRows(s, [['Ana', '+14152014567', 'web', null, '10', 'ana@example.com']])).id);
    const { id, plan } = await importRows(s, [['Ana Ruiz', '+14152014567', 'web', null, null, null]], 'update');
    expect(plan).toMatchObject({ update: 1, insert: 0 });
    const rows = await s.json('GET', `/api/imports/${id}/plan/rows?kind=update`);
    expect(rows.body.rows[0].diff).toEqual({ name: ['Ana', 'Ana Ruiz'] });
    await commit(s, id);
    expect((await leads(s)).map((r) => [r.name, r.score, r.email])).toEqual([['Ana Ruiz', 10, 'ana@example.com']]);
  });

  it('merge update with identical values plans zero changes', async () => {
    await commit(s, (await importRows(s, [['Ana', '+14152014567', 'web', null, '10', null]])).id);
    const { plan } = await importRows(s, [['Ana', '+14152014567', 'web', null, '10', null]], 'update');
    expect(plan).toMatchObject({ update: 0, unchanged: 1, insert: 0 });
  });

  it('merge create always inserts, even a record the table already has', async () => {
    await commit(s, (await importRows(s, [['Ana', '+14152014567', 'web', null, null, null]])).id);
    const { id, plan } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null]], 'create');
    expect(plan).toMatchObject({ insert: 1 });
    await commit(s, id);
    expect(await leads(s)).toHaveLength(2);
  });

  it('ignores WON and LOST leads when looking for duplicates (dataset scope)', async () => {
    await commit(s, (await importRows(s, [['Won', '+14152014567', 'web', 'WON', null, null]])).id);
    const { plan } = await importRows(s, [['Again', '+14152014567', 'web', null, null, null]]);
    expect(plan).toMatchObject({ insert: 1, skip: 0 });
  });

  it('reports a row matching two records by different keys as a conflict and never applies it', async () => {
    // clients match by email or by phone: this row has A's email and B's phone
    await s.db.sql`delete from ds_clients`;
    const first = await clientsImport([['Ana', 'A', 'a@example.com', '+573104567890'], ['Bea', 'B', 'b@example.com', '+573209876543']]);
    await s.json('POST', `/api/imports/${first}/plan`);
    await commit(s, first);
    const id = await clientsImport([['Mix', 'M', 'a@example.com', '+573209876543']]);
    const plan = (await s.json('POST', `/api/imports/${id}/plan`)).body.plan;
    expect(plan).toMatchObject({ conflict: 1, update: 0 });
    const done = await commit(s, id);
    expect(done.status).toBe('done_with_errors');
    const names = await s.db.sql`select first_name from ds_clients where org_id = ${s.orgId} order by id`;
    expect(names.map((r) => r.first_name)).toEqual(['Ana', 'Bea']);
    const csv = await (await s.call('GET', `/api/imports/${id}/errors.csv`)).text();
    const ids = (await s.db.sql`select id from ds_clients where org_id = ${s.orgId} order by id`).map((r) => r.id);
    expect(csv).toContain(`matches 2 different existing records (ids ${ids.join(', ')}) by different keys`);
  });

  it('takes a row matching one record by both keys as that record, not a conflict', async () => {
    await s.db.sql`delete from ds_clients`;
    await commit(s, await clientsImport([['Ana', 'A', 'a@example.com', '+573104567890'], ['Bea', 'B', 'b@example.com', '+573209876543']]));
    const id = await clientsImport([['Ana', 'Ruiz', 'a@example.com', '+573104567890'], ['Bea', 'B', 'b@example.com', '+573209876543']]);
    const plan = (await s.json('POST', `/api/imports/${id}/plan`)).body.plan;
    expect(plan).toMatchObject({ update: 1, unchanged: 1, conflict: 0, insert: 0 });
    const rows = (await s.json('GET', `/api/imports/${id}/plan/rows?kind=update`)).body.rows;
    expect(rows.map((r: { row: number; diff: unknown }) => [r.row, r.diff])).toEqual([[2, { last_name: ['A', 'Ruiz'] }]]);
  });

  it('lets only the first of two rows matching one existing record by different keys write it; the second is a conflict', async () => {
    await s.db.sql`delete from ds_clients`;
    const first = await clientsImport([['Ana', 'A', 'a@example.com', '+573104567890']], 'update');
    await commit(s, first);
    for (const merge of ['update', 'skip']) {
      // row 2 finds Ana by email, row 3 by phone: no key in common, one record between them
      const id = await clientsImport([['Ana', 'By email', 'a@example.com', null], ['Ana', 'By phone', 'other@example.com', '+573104567890']], merge);
      const plan = (await s.json('POST', `/api/imports/${id}/plan`)).body.plan;
      expect(plan).toMatchObject(merge === 'update' ? { update: 1, conflict: 1, insert: 0 } : { skip: 1, conflict: 1, insert: 0 });
      await commit(s, id);
      const csv = await (await s.call('GET', `/api/imports/${id}/errors.csv`)).text();
      expect(csv).toMatch(/^3,.*row 2 of this file already matches the same existing record \(id \d+\)/m);
    }
    const rows = await s.db.sql`select last_name, email from ds_clients where org_id = ${s.orgId}`;
    expect(rows.map((r) => [r.last_name, r.email])).toEqual([['By email', 'a@example.com']]);
  });

  it('refuses to plan an import whose chunks are not all uploaded', async () => {
    const id = await createImport(s, { totalChunks: 2 });
    await putChunk(s, id, 0, chunk([['Ana', '+14152014567', 'web', null, null, null]]));
    const res = await s.json('POST', `/api/imports/${id}/plan`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'upload_incomplete', details: { missing: [1] } });
  });

  it('moves through the status lifecycle', async () => {
    const id = await createImport(s, { totalChunks: 1 });
    const status = async () => (await s.json('GET', `/api/imports/${id}`)).body.status;
    expect(await status()).toBe('draft');
    await putChunk(s, id, 0, chunk([['Ana', '+14152014567', 'web', null, null, null]]));
    expect(await status()).toBe('uploaded');
    await s.json('POST', `/api/imports/${id}/plan`);
    expect(await status()).toBe('planned');
    await commit(s, id);
    expect(await status()).toBe('done');
    const again = await s.json('POST', `/api/imports/${id}/commit`);
    expect(again.body.status).toBe('done');
    expect(await leads(s)).toHaveLength(1);
    expect((await s.json('POST', `/api/imports/${id}/undo`)).status).toBe(200);
    expect(await status()).toBe('undone');
  });

  it('cancels an import and refuses further chunks', async () => {
    const id = await createImport(s, { totalChunks: 2 });
    await putChunk(s, id, 0, chunk([['Ana', '+14152014567', 'web', null, null, null]]));
    expect((await s.json('POST', `/api/imports/${id}/cancel`)).body.status).toBe('cancelled');
    const res = await putChunk(s, id, 1, chunk([['Bob', '+14152014568', 'web', null, null, null]]));
    expect(res.status).toBe(409);
  });

  it('cancels an import left committing by a server that died, and stages nothing more', async () => {
    const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null]]);
    await s.db.sql`update imports set status = 'committing' where id = ${id}`;
    expect((await s.json('POST', `/api/imports/${id}/cancel`)).body.status).toBe('cancelled');
    expect((await s.json('POST', `/api/imports/${id}/commit`)).status).toBe(409);
    expect(await leads(s)).toHaveLength(0);
  });

  it('undo deletes inserted rows and restores updated ones', async () => {
    await commit(s, (await importRows(s, [['Ana', '+14152014567', 'web', null, '10', null]])).id);
    const { id } = await importRows(s, [['Ana Ruiz', '+14152014567', 'web', null, '20', null], ['New', '+14152014568', 'web', null, null, null]], 'update');
    await commit(s, id);
    expect((await leads(s)).map((r) => r.name)).toEqual(['Ana Ruiz', 'New']);
    const undo = await s.json('POST', `/api/imports/${id}/undo`);
    expect(undo.body).toMatchObject({ deleted: 1, restored: 1, refused: 0 });
    expect((await leads(s)).map((r) => [r.name, r.score])).toEqual([['Ana', 10]]);
  });

  it('undo deletes exactly the records an import inserted when their ids are not consecutive', async () => {
    await s.db.sql`alter table ds_leads alter column id set increment by 2`;
    try {
      const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null], ['Bob', '+14152014568', 'web', null, null, null], ['Cy', '+14152014569', 'web', null, null, null]]);
      await commit(s, id);
      const [ana, bob, cy] = await leads(s);
      expect([bob!.id - ana!.id, cy!.id - bob!.id]).toEqual([2, 2]);
      // a record added by hand between two of them, and one of them deleted by hand
      await s.db.sql`insert into ds_leads (org_id, id, name, phone, source) values (${s.orgId}, ${ana!.id + 1}, 'By hand', '+14152019999', 'web')`;
      await s.db.sql`delete from ds_leads where id = ${cy!.id}`;
      const res = await s.json('POST', `/api/imports/${id}/undo`);
      expect(res.status).toBe(409);
      expect(res.body.error.details.records).toEqual([{ recordId: cy!.id, reason: 'deleted since this import' }]);
      const forced = await s.json('POST', `/api/imports/${id}/undo`, { skipChanged: true });
      expect(forced.body).toMatchObject({ deleted: 2, refused: 1 });
      expect((await leads(s)).map((r) => r.name)).toEqual(['By hand']);
    } finally {
      await s.db.sql`alter table ds_leads alter column id set increment by 1`;
    }
  });

  it('undo reverts an import committed before inserted ids were kept as runs', async () => {
    const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null], ['Bob', '+14152014568', 'web', null, null, null]]);
    await commit(s, id);
    // the undo log as an older version wrote it: one record per inserted row
    await s.db.sql`insert into import_changes (org_id, import_id, record_id, action)
      select org_id, import_id, generate_series(first_id, last_id), 'insert' from import_inserted where org_id = ${s.orgId} and import_id = ${id}`;
    await s.db.sql`delete from import_inserted where org_id = ${s.orgId} and import_id = ${id}`;
    const [, bob] = await leads(s);
    await s.db.sql`delete from ds_leads where id = ${bob!.id}`;
    const res = await s.json('POST', `/api/imports/${id}/undo`);
    expect(res.body.error.details.records).toEqual([{ recordId: bob!.id, reason: 'deleted since this import' }]);
    const forced = await s.json('POST', `/api/imports/${id}/undo`, { skipChanged: true });
    expect(forced.body).toMatchObject({ deleted: 1, refused: 1 });
    expect(await leads(s)).toEqual([]);
  });

  it('undo refuses, naming them, records changed since by someone else', async () => {
    const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, '10', null], ['Bob', '+14152014568', 'web', null, null, null]]);
    await commit(s, id);
    const [ana] = await leads(s);
    await s.db.sql`update ds_leads set score = 55 where id = ${ana!.id}`;
    const res = await s.json('POST', `/api/imports/${id}/undo`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('changed_since');
    expect(res.body.error.details.records).toEqual([{ recordId: ana!.id, reason: 'changed since this import by someone else' }]);
    expect(await leads(s)).toHaveLength(2);
    const forced = await s.json('POST', `/api/imports/${id}/undo`, { skipChanged: true });
    expect(forced.body).toMatchObject({ deleted: 1, refused: 1 });
    expect((await leads(s)).map((r) => [r.name, r.score])).toEqual([['Ana', 55]]);
  });

  it('only admins undo; members import', async () => {
    const member = await s.newMember(`member${Date.now()}@example.com`);
    const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null]], 'skip', member);
    await commit(s, id, member);
    const res = await s.json('POST', `/api/imports/${id}/undo`, undefined, member);
    expect(res.status).toBe(403);
    expect((await s.json('POST', `/api/imports/${id}/undo`)).status).toBe(200);
  });

  it('writes an error report with each rejected row and why', async () => {
    const { id } = await importRows(s, [
      ['Ana', '+14152014567', 'web', null, '10', null],
      ['=HYPERLINK("http://x")', 'nope', 'web', null, null, null],
      ['Bob', '+14152014568', 'fax', null, '101', null],
    ]);
    await commit(s, id);
    const res = await s.call('GET', `/api/imports/${id}/errors.csv`);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe(['row', ...leadsPreset.fields.map((f) => f.name), 'error'].join(','));
    expect(lines).toHaveLength(3);
    // the formula-like name is neutralised so a spreadsheet shows it as text
    expect(lines[1]).toMatch(/^3,"'=HYPERLINK\(""http:\/\/x""\)",nope,/);
    expect(lines[1]).toMatch(/phone: /);
    expect(lines[2]).toMatch(/^4,Bob/);
    expect(lines[2]).toMatch(/score/);
  });

  it('leaves a signed number as it is in the error report, as the export and the browser do', async () => {
    const { id } = await importRows(s, [['Cy', '+14152014569', 'web', null, '-5', null]]);
    await commit(s, id);
    const lines = (await (await s.call('GET', `/api/imports/${id}/errors.csv`)).text()).replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[1]).toBe('2,Cy,+14152014569,,web,,,-5,,score: score -5 is below the minimum 0');
  });

  it('keeps an import history, filtered by dataset and status', async () => {
    const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null]]);
    await commit(s, id);
    const res = await s.json('GET', '/api/imports?dataset=leads&status=done');
    expect(res.body.imports.map((i: { id: number }) => i.id)).toContain(id);
    expect(res.body.imports.every((i: { status: string }) => i.status === 'done')).toBe(true);
    const other = await s.newOrg(`hist${Date.now()}`);
    expect((await s.json('GET', '/api/imports', undefined, other.token)).body.imports).toEqual([]);
  });

  it('commits the plan as it stands when no record changed since it was made', async () => {
    const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null], ['Bob', '+14152014568', 'web', null, null, null]]);
    const done = await commit(s, id);
    expect(done.counts).toMatchObject({ insert: 2, inserted: 2 });
    expect(await (await s.call('GET', `/api/imports/${id}/events`)).text()).toMatch(/no record changed since the plan/);
    expect((await leads(s)).map((r) => r.name)).toEqual(['Ana', 'Bob']);
  });

  it('plans again at commit when another import wrote matching records since the plan', async () => {
    const late = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null], ['Bob', '+14152014568', 'web', null, null, null]]);
    expect(late.plan).toMatchObject({ insert: 2 });
    await commit(s, (await importRows(s, [['Ana first', '+14152014567', 'web', null, null, null]])).id);
    const done = await commit(s, late.id);
    expect(done.counts).toMatchObject({ insert: 1, skip: 1, inserted: 1 });
    expect(await (await s.call('GET', `/api/imports/${late.id}/events`)).text()).toMatch(/records changed since the plan: planning again/);
    expect((await leads(s)).map((r) => r.name)).toEqual(['Ana first', 'Bob']);
  });

  it('plans again at commit when records were written outside Sluice since the plan', async () => {
    const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null]]);
    await s.db.sql`insert into ds_leads (org_id, name, phone, source) values (${s.orgId}, 'Typed in by hand', '+14152014567', 'web')`;
    const done = await commit(s, id);
    expect(done.counts).toMatchObject({ insert: 0, skip: 1, inserted: 0 });
    expect((await leads(s)).map((r) => r.name)).toEqual(['Typed in by hand']);
  });

  it('plans again at commit when a record was deleted outside Sluice since the plan', async () => {
    await commit(s, (await importRows(s, [['Ana', '+14152014567', 'web', null, null, null]])).id);
    const { id, plan } = await importRows(s, [['Ana again', '+14152014567', 'web', null, null, null]]);
    expect(plan).toMatchObject({ skip: 1, insert: 0 });
    await s.db.sql`delete from ds_leads where org_id = ${s.orgId}`;
    const done = await commit(s, id);
    expect(done.counts).toMatchObject({ insert: 1, inserted: 1 });
    expect((await leads(s)).map((r) => r.name)).toEqual(['Ana again']);
  });

  it('streams progress and log lines as server-sent events', async () => {
    const { id } = await importRows(s, [['Ana', '+14152014567', 'web', null, null, null]]);
    await commit(s, id);
    const res = await s.call('GET', `/api/imports/${id}/events`);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    expect(text).toMatch(/event: log/);
    expect(text).toMatch(/committed: 1 inserted/);
    expect(text).toMatch(/"status":"done"/);
  });
});

describe.each(engines)('merge changes and remembered mappings on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(engine); });
  afterAll(async () => { await s?.close(); });

  it('changes the merge strategy before commit and re-plans with it', async () => {
    await s.db.sql`delete from ds_leads`;
    const first = await importRows(s, [['Ana', '+14152014567', 'web', null, '10', null]]);
    await commit(s, first.id);
    const { id, plan } = await importRows(s, [['Ana Ruiz', '+14152014567', 'web', null, null, null]]);
    expect(plan).toMatchObject({ skip: 1 });
    const patched = await s.json('PATCH', `/api/imports/${id}`, { merge: 'update' });
    expect(patched.body).toMatchObject({ merge: 'update', status: 'uploaded' });
    expect((await s.json('POST', `/api/imports/${id}/plan`)).body.plan).toMatchObject({ update: 1, skip: 0 });
    await commit(s, id);
    expect((await s.json('PATCH', `/api/imports/${id}`, { merge: 'skip' })).status).toBe(409);
  });

  it('honours a merge change made after the plan when committing without planning again', async () => {
    await s.db.sql`delete from ds_leads`;
    await commit(s, (await importRows(s, [['Ana', '+14152014567', 'web', null, '10', null]])).id);
    const { id, plan } = await importRows(s, [['Ana Ruiz', '+14152014567', 'web', null, null, null]]);
    expect(plan).toMatchObject({ skip: 1 });
    expect((await s.json('PATCH', `/api/imports/${id}`, { merge: 'update' })).status).toBe(200);
    const done = await commit(s, id);
    expect(done.counts).toMatchObject({ update: 1, updated: 1, skip: 0 });
    expect((await leads(s)).map((r) => r.name)).toEqual(['Ana Ruiz']);
  });

  it('remembers a mapping per organisation and header fingerprint', async () => {
    expect((await s.json('GET', '/api/datasets/leads/mappings/fp1')).status).toBe(404);
    expect((await s.call('PUT', '/api/datasets/leads/mappings/fp1', { mapping: { 'Full name': 'name', Tel: 'phone', Misc: '' } })).status).toBe(204);
    expect((await s.json('GET', '/api/datasets/leads/mappings/fp1')).body.mapping).toEqual({ 'Full name': 'name', Tel: 'phone', Misc: '' });
    expect((await s.call('PUT', '/api/datasets/leads/mappings/fp1', { mapping: { X: 'password' } })).status).toBe(422);
    const other = await s.newOrg(`map${Date.now()}`);
    expect((await s.json('GET', '/api/datasets/leads/mappings/fp1', undefined, other.token)).status).toBe(404);
  });
});

describe.each(engines)('import creation and strategy guards on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(engine); });
  afterAll(async () => { await s?.close(); });

  it('gives two concurrent creations with one fingerprint the same open import', async () => {
    const body = { dataset: 'leads', fileName: 'a.csv', fingerprint: `fp-${Date.now()}`, totalChunks: 1 };
    const [a, b] = await Promise.all([s.json('POST', '/api/imports', body), s.json('POST', '/api/imports', body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
  });

  it('refuses to change the strategy of an upload that left existing rows out', async () => {
    const id = (await s.json('POST', '/api/imports', { dataset: 'leads', fileName: 'b.csv', merge: 'skip', client: { omitsExisting: true } })).body.id;
    const res = await s.json('PATCH', `/api/imports/${id}`, { merge: 'update' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('rows_not_sent');
  });
});
