import Papa from 'papaparse';
import { unzipSync } from 'fflate';
import { read, type CellObject } from '@e965/xlsx';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCaller } from '../../server/auth/middleware.ts';
import { exportRoutes } from '../../server/export/routes.ts';
import { errorBody, toApiError } from '../../server/http/errors.ts';
import type { AppEnv } from '../../server/types.ts';
import { builtInDatasets } from '../../server/start.ts';
import { engines, startTestServer, type TestServer } from './harness.ts';

/** Leads of the default org, inserted straight into the table (the importer would warn about some). */
const LEADS = [
  // name, phone, email, source, status, score, notes
  ['Hélène Faure', '+33612345678', 'helene@example.fr', 'web', 'NEW', 80, 'Appartement 3 pièces\nbudget 250 000 €'],
  ['=HYPERLINK("http://evil.example","click")', '+14152014567', null, 'email', 'CONTACTED', -5, '+SUM(A1:A9)'],
  ['@cmd', '+14152014568', null, 'phone', 'NEW', 50, '-2+3'],
  ['Ana "la jefa" Ruiz, S.A.', '+34612345678', 'ana@example.es', 'web', 'WON', 100, '\tTabbed'],
  ['Bob', '+14155550000', null, 'referral', 'LOST', null, '-5'],
] as const;

async function seed(s: TestServer) {
  for (const [i, [name, phone, email, source, status, score, notes]] of LEADS.entries()) {
    await s.db.sql`insert into ds_leads (org_id, name, phone, email, source, status, score, notes, created_at)
      values (${s.orgId}, ${name}, ${phone}, ${email}, ${source}, ${status}, ${score}, ${notes}, ${`2024-03-0${i + 1}T10:00:00Z`})`;
  }
  await s.db.sql`insert into ds_clients (org_id, external_id, first_name, last_name, phone, postal_code, registered_at)
    values (${s.orgId}, 'C-001', 'Martín', 'Ocampo', '+573104567890', '050021', '2022-03-15')`;
}

async function get(s: TestServer, path: string, token?: string) {
  const res = await s.call('GET', path, undefined, token);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const csvRows = (b: Uint8Array, delimiter = ',') => Papa.parse<string[]>(text(b).replace(/^\uFEFF/, ''), { delimiter, newline: '\r\n', skipEmptyLines: true }).data;

describe.each(engines)('export on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(engine);
    await seed(s);
  }, 60_000);
  afterAll(async () => { await s?.close(); });

  it('streams CSV with a BOM, CRLF, field-name header and the default columns, as a dated attachment', async () => {
    const { res, bytes } = await get(s, '/api/datasets/leads/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="leads_export_\d{8}_\d{6}\.csv"$/);
    expect(res.headers.get('x-total-count')).toBe('5');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text(bytes)).toContain('\r\n');
    const rows = csvRows(bytes);
    expect(rows[0]).toEqual(['name', 'phone', 'email', 'source', 'status', 'score']);
    expect(rows[1]).toEqual(['Hélène Faure', '+33612345678', 'helene@example.fr', 'web', 'NEW', '80']);
    expect(rows[4]![0]).toBe('Ana "la jefa" Ruiz, S.A.');
    expect(rows).toHaveLength(6);
  });

  it('neutralizes formula-like text in CSV and TSV but keeps numbers, negative numbers and phones as they are', async () => {
    for (const [format, delimiter] of [['csv', ','], ['tsv', '\t']] as const) {
      const rows = csvRows((await get(s, `/api/datasets/leads/export?format=${format}&columns=name,phone,score,notes`)).bytes, delimiter);
      expect(rows.slice(1)).toEqual([
        ['Hélène Faure', '+33612345678', '80', 'Appartement 3 pièces\nbudget 250 000 €'],
        [`'=HYPERLINK("http://evil.example","click")`, '+14152014567', '-5', `'+SUM(A1:A9)`],
        [`'@cmd`, '+14152014568', '50', `'-2+3`],
        ['Ana "la jefa" Ruiz, S.A.', '+34612345678', '100', `'\tTabbed`],
        ['Bob', '+14155550000', '', '-5'],
      ]);
    }
  });

  it('selects and orders columns, system columns included', async () => {
    const rows = csvRows((await get(s, '/api/datasets/leads/export?columns=score,name,id,created_at')).bytes);
    expect(rows[0]).toEqual(['score', 'name', 'id', 'created_at']);
    expect(rows[1]).toEqual(['80', 'Hélène Faure', expect.stringMatching(/^\d+$/), '2024-03-01T10:00:00.000Z']);
  });

  it('filters by equality, lists, number and date ranges and text contains, on fields and created_at', async () => {
    const names = async (q: string) => csvRows((await get(s, `/api/datasets/leads/export?columns=name&${q}`)).bytes).slice(1).map((r) => r[0]);
    expect(await names('status=NEW')).toEqual(['Hélène Faure', `'@cmd`]);
    expect(await names('source=web,email')).toEqual(['Hélène Faure', `'=HYPERLINK("http://evil.example","click")`, 'Ana "la jefa" Ruiz, S.A.']);
    expect(await names('source=web&source=referral')).toEqual(['Hélène Faure', 'Ana "la jefa" Ruiz, S.A.', 'Bob']);
    expect(await names('score_min=50&score_max=80')).toEqual(['Hélène Faure', `'@cmd`]);
    expect(await names('created_at_from=2024-03-02&created_at_to=2024-03-03')).toEqual([`'=HYPERLINK("http://evil.example","click")`, `'@cmd`]);
    expect(await names('name_contains=RUIZ')).toEqual(['Ana "la jefa" Ruiz, S.A.']);
    expect(await names('name_contains=%25')).toEqual([]);
    expect(await names('status=NEW&score_min=60')).toEqual(['Hélène Faure']);
    expect(await names('sort=-score')).toEqual(['Ana "la jefa" Ruiz, S.A.', 'Hélène Faure', `'@cmd`, `'=HYPERLINK("http://evil.example","click")`, 'Bob']);
  });

  it('answers 400 naming an unknown filter, column, format or a malformed value, and 404 for an unknown dataset', async () => {
    const cases: [string, RegExp][] = [
      ['colour=red', /unknown filter "colour"/],
      ['columns=name,colour', /unknown column "colour"/],
      ['format=pdf', /unknown export format "pdf"/],
      ['score_min=lots', /score_min: "lots" is not a whole number/],
      ['created_at_from=yesterday', /created_at_from: "yesterday" is not a date/],
      ['created_at_from=2024-02-30', /created_at_from: "2024-02-30" is not a date/],
      ['name_min=3', /name is not a number/],
      ['score_contains=3', /score is not a text column/],
      ['score_from=3', /use score_min/],
      ['sort=colour', /cannot sort by unknown column "colour"/],
    ];
    for (const [q, message] of cases) {
      const res = await s.json('GET', `/api/datasets/leads/export?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.message, q).toMatch(message);
    }
    const hostile = await get(s, `/api/datasets/leads/export?status=${encodeURIComponent("NEW'; drop table ds_leads; --")}`);
    expect(hostile.res.status).toBe(200);
    expect(csvRows(hostile.bytes)).toHaveLength(1);
    expect((await s.json('GET', '/api/datasets/nope/export')).status).toBe(404);
    expect((await s.call('GET', '/api/datasets/leads/export', undefined, '')).status).toBe(401);
  });

  it('exports only the caller organisation\'s rows', async () => {
    const other = await s.newOrg(`other${engine}`);
    await s.db.sql`insert into ds_leads (org_id, name, phone, source) values (${other.orgId}, 'Other Org Lead', '+14155551234', 'web')`;
    const theirs = JSON.parse(text((await get(s, '/api/datasets/leads/export?format=json&columns=name', other.token)).bytes));
    expect(theirs).toEqual([{ name: 'Other Org Lead' }]);
    const ours = JSON.parse(text((await get(s, '/api/datasets/leads/export?format=json&columns=name')).bytes));
    expect(ours.map((r: { name: string }) => r.name)).not.toContain('Other Org Lead');
    expect(ours).toHaveLength(5);
  });

  it('writes JSON as one array with typed values and NDJSON as one object a line', async () => {
    const json = JSON.parse(text((await get(s, '/api/datasets/leads/export?format=json&columns=name,score,notes&status=LOST')).bytes));
    expect(json).toEqual([{ name: 'Bob', score: null, notes: '-5' }]);
    const empty = JSON.parse(text((await get(s, '/api/datasets/leads/export?format=json&status=NEW&score_min=99')).bytes));
    expect(empty).toEqual([]);
    const { res, bytes } = await get(s, '/api/datasets/clients/export?format=ndjson&columns=external_id,postal_code,registered_at,phone');
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(text(bytes).trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { external_id: 'C-001', postal_code: '050021', registered_at: '2022-03-15', phone: '+573104567890' },
    ]);
  });

  it('keeps a CRLF inside an XLSX cell exactly', async () => {
    await s.db.sql`insert into ds_leads (org_id, name, phone, source, notes) values (${s.orgId}, 'Crlf Person', '+14155550199', 'web', ${'line one\r\nline two'})`;
    try {
      const { bytes } = await get(s, '/api/datasets/leads/export?format=xlsx&columns=name,notes&name_contains=Crlf');
      // XML readers turn a raw CR into LF; Excel's own _x000D_ escape keeps it (SheetJS itself
      // folds CRLF to LF on reading, so the sheet's XML is checked directly)
      const sheet = new TextDecoder().decode(unzipSync(bytes)['xl/worksheets/sheet1.xml']!);
      expect(sheet).toContain('line one_x000D_\nline two');
      const data = read(bytes, { type: 'array', dense: true }).Sheets.leads!['!data'] as CellObject[][];
      expect(data[1]![0]!.v).toBe('Crlf Person');
    } finally {
      await s.db.sql`delete from ds_leads where name = 'Crlf Person'`;
    }
  });

  it('writes XLSX that SheetJS reads back: numbers as numbers, dates as dates, text as text, no formulas', async () => {
    const { res, bytes } = await get(s, '/api/datasets/leads/export?format=xlsx&columns=name,phone,score,notes,created_at');
    expect(res.headers.get('content-disposition')).toMatch(/filename="leads_export_\d{8}_\d{6}\.xlsx"/);
    const book = read(bytes, { type: 'array', cellDates: true, dense: true });
    expect(book.SheetNames).toEqual(['leads']);
    const data = book.Sheets.leads!['!data'] as CellObject[][];
    expect(data.map((r) => Array.from(r, (c) => c?.v ?? null).slice(0, 4))).toEqual([
      ['name', 'phone', 'score', 'notes'],
      ['Hélène Faure', '+33612345678', 80, 'Appartement 3 pièces\nbudget 250 000 €'],
      ['=HYPERLINK("http://evil.example","click")', '+14152014567', -5, '+SUM(A1:A9)'],
      ['@cmd', '+14152014568', 50, '-2+3'],
      ['Ana "la jefa" Ruiz, S.A.', '+34612345678', 100, '\tTabbed'],
      ['Bob', '+14155550000', null, '-5'],
    ]);
    expect(data[2]![2]!.t).toBe('n');
    expect(data[1]![1]!.t).toBe('s');
    expect(data[1]![4]!.v).toEqual(new Date('2024-03-01T10:00:00Z'));
    expect(data.flat().filter((c) => c?.f)).toEqual([]);
    const clients = read((await get(s, '/api/datasets/clients/export?format=xlsx&columns=postal_code,registered_at')).bytes, { type: 'array', cellDates: true, dense: true });
    const row = (clients.Sheets.clients!['!data'] as CellObject[][])[1]!;
    expect(row[0]).toMatchObject({ t: 's', v: '050021' });
    expect(row[1]).toMatchObject({ t: 'd', v: new Date('2022-03-15T00:00:00Z') });
  });

  it('writes TXT as aligned columns and DOC as an escaped HTML table', async () => {
    const txt = text((await get(s, '/api/datasets/leads/export?format=txt&columns=name,score,status')).bytes).replace(/^\uFEFF/, '');
    const lines = txt.split('\r\n');
    expect(lines[0]).toMatch(/^name\s+score {2}status$/);
    expect(lines[1]).toMatch(/^-+ {2}-+ {2}-+$/);
    const statusAt = lines[0]!.indexOf('status');
    for (const line of [2, 4, 5, 6].map((i) => lines[i]!)) expect(line.slice(statusAt)).toMatch(/^(NEW|WON|LOST)$/);
    // 41 characters: past the 40-character cap, written whole, pushing the rest of its line by one
    expect(lines[3]!.slice(statusAt + 1)).toBe('CONTACTED');
    expect(lines[3]).toMatch(/ {4}-5 {2}CONTACTED$/); // numbers right-aligned
    const { res, bytes } = await get(s, '/api/datasets/leads/export?format=doc&columns=name,notes');
    expect(res.headers.get('content-type')).toBe('application/msword');
    expect(res.headers.get('content-disposition')).toMatch(/\.doc"$/);
    const doc = text(bytes);
    expect(doc).toContain('xmlns:w="urn:schemas-microsoft-com:office:word"');
    expect(doc).toContain('<td>Ana &quot;la jefa&quot; Ruiz, S.A.</td>');
    expect(doc).toContain('<td>Appartement 3 pièces<br>budget 250 000 €</td>');
    expect((doc.match(/<tr>/g) ?? []).length).toBe(6);
  });

  it('refuses an XLSX export larger than a sheet before sending anything', async () => {
    const app = new Hono<AppEnv>().use(requireCaller(s.db.sql)).route('/api/datasets', exportRoutes(s.db.sql, builtInDatasets(), { xlsxMaxRows: 4 }));
    app.onError((err, c) => { const api = toApiError(err); return c.json(errorBody(api), api.status); });
    const res = await app.request('/api/datasets/leads/export?format=xlsx', { headers: { authorization: `Bearer ${s.adminToken}` } });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: 'too_many_rows', details: { rows: 5, max: 3 } });
    const fits = await app.request('/api/datasets/leads/export?format=xlsx&status=NEW', { headers: { authorization: `Bearer ${s.adminToken}` } });
    expect(fits.status).toBe(200);
    await fits.arrayBuffer();
  });

  it('filters the records listing with the same parser', async () => {
    const res = await s.json('GET', '/api/datasets/leads/records?source=web,email&sort=-score');
    expect(res.body.records.map((r: { score: number }) => r.score)).toEqual([100, 80, -5]);
    expect((await s.json('GET', '/api/datasets/leads/records?colour=red')).status).toBe(400);
  });
});
