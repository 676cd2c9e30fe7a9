/**
 * Seeded generator of realistic contact files for the benchmarks (never committed: written
 * on demand into a temp dir). 12 columns, ~150 bytes a row:
 *
 *   first_name, last_name   accented Spanish/French names
 *   email                   unique per contact (the clients dataset's first key)
 *   phone                   unique Colombian mobiles in mixed national/international formats
 *   address, city           street with commas now and then, accented city
 *   postal_code             six digits, many with a leading zero
 *   source                  enum spelled several ways (web, Sitio web, referido, ...)
 *   score                   0-100
 *   notes                   mostly short; ~5% hold commas, quotes and line breaks
 *   registration date       dates in mixed day-first formats (dd/mm/yyyy, yyyy-mm-dd, d.m.yyyy, dd-mm-yyyy)
 *   status                  NEW/CONTACTED/...
 *
 * ~2% of rows are invalid (bad email, missing first name, impossible date) and ~3% repeat an
 * earlier row (in-file duplicates). The file maps onto the built-in `clients` dataset (its
 * default country CO and day-first dates); source, score and status have no clients field and
 * are read but not imported.
 *
 *   node --import tsx test/bench/gen.ts out.csv 1000000 [seed]
 *   node --import tsx test/bench/gen.ts out.xlsx 200000 [seed]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const HEADERS = ['first_name', 'last_name', 'email', 'phone', 'address', 'city', 'postal_code', 'source', 'score', 'notes', 'registration date', 'status'];

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['José', 'María', 'Élodie', 'François', 'Ángela', 'Joël', 'Renée', 'Andrés', 'Lucía', 'Sofía', 'Hélène', 'Jérôme',
  'Camila', 'Sebastián', 'Valentina', 'Zoë', 'Inés', 'Raúl', 'Noémie', 'Martín', 'Ana', 'Luis', 'Chloé', 'Iñaki'];
const LAST = ['García', 'Núñez', 'Pérez', 'Gómez', 'Rodríguez', 'Martínez', 'Lefèvre', 'Dubois', 'Peña', 'Muñoz', 'Hernández',
  'Ramírez', 'Castaño', 'Benítez', 'Giraud', 'Ortiz', 'Suárez', 'Bélanger', 'Jiménez', 'Álvarez'];
const CITY = ['Bogotá', 'Medellín', 'Cali', 'Barranquilla', 'Cartagena', 'Cúcuta', 'Bucaramanga', 'Pereira', 'Santa Marta', 'Ibagué', 'Manizales', 'Popayán'];
const STREET = ['Calle', 'Carrera', 'Avenida', 'Transversal', 'Diagonal'];
const SOURCE = ['web', 'Web', 'sitio web', 'referido', 'referral', 'phone', 'llamada', 'email', 'correo', 'walk-in', 'social', 'redes sociales'];
const STATUS = ['NEW', 'new', 'CONTACTED', 'QUALIFIED', 'WON', 'LOST', 'nuevo'];
const NOTES = ['', '', '', 'Cliente frecuente', 'Prefiere WhatsApp', 'Llamar en la tarde', 'VIP', 'Sin novedad'];
const HARD_NOTES = [
  'Llamó dos veces, dijo "más tarde", volver a llamar',
  'Dirección antigua:\nCalle 5 # 2-10, Cali',
  'Pidió factura, "urgente"\nrevisar con contabilidad',
  'Préfère le français, pas d\'appel le lundi, merci',
];

function ascii(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function phoneOf(i: number, style: number): string {
  const n = String(3_100_000_000 + i); // 310 000 0000 .. 319 999 9999: valid CO mobiles, unique below 10M rows
  const [a, b, c] = [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
  switch (style % 5) {
    case 0: return `+57 ${a} ${b} ${c}`;
    case 1: return `${a} ${b} ${c}`;
    case 2: return `(${a}) ${b}-${c}`;
    case 3: return `+57${n}`;
    default: return `${a}-${b}-${c}`;
  }
}

function dateOf(r: () => number): string {
  const y = 2015 + Math.floor(r() * 10);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const p = (x: number) => String(x).padStart(2, '0');
  switch (Math.floor(r() * 4)) {
    case 0: return `${p(d)}/${p(m)}/${y}`;
    case 1: return `${y}-${p(m)}-${p(d)}`;
    case 2: return `${d}.${m}.${y}`;
    default: return `${p(d)}-${p(m)}-${y}`;
  }
}

/** The cells of contact `i` (valid unless `bad`). */
function contact(i: number, r: () => number, bad: boolean): string[] {
  const first = FIRST[Math.floor(r() * FIRST.length)]!;
  const last = LAST[Math.floor(r() * LAST.length)]!;
  const hard = r() < 0.05;
  const row = [
    first,
    last,
    `${ascii(first)}.${ascii(last)}.${i}@example.com`,
    phoneOf(i, Math.floor(r() * 5)),
    r() < 0.2 ? `${STREET[Math.floor(r() * 5)]} ${1 + Math.floor(r() * 150)} # ${1 + Math.floor(r() * 99)}-${1 + Math.floor(r() * 99)}, apto ${101 + Math.floor(r() * 900)}`
      : `${STREET[Math.floor(r() * 5)]} ${1 + Math.floor(r() * 150)} # ${1 + Math.floor(r() * 99)}-${1 + Math.floor(r() * 99)}`,
    CITY[Math.floor(r() * CITY.length)]!,
    String(Math.floor(r() * 1_000_000)).padStart(6, '0').replace(/^\d/, (d) => (r() < 0.6 ? '0' : d)),
    SOURCE[Math.floor(r() * SOURCE.length)]!,
    String(Math.floor(r() * 101)),
    hard ? HARD_NOTES[Math.floor(r() * HARD_NOTES.length)]! : NOTES[Math.floor(r() * NOTES.length)]!,
    dateOf(r),
    STATUS[Math.floor(r() * STATUS.length)]!,
  ];
  if (bad) {
    const k = Math.floor(r() * 3);
    if (k === 0) row[2] = `${ascii(first)}.${ascii(last)}.${i}@`; // invalid email
    else if (k === 1) row[0] = ''; // missing required first name
    else row[10] = `31/02/${2015 + (i % 10)}`; // impossible date
  }
  return row;
}

export interface GenStats { rows: number; bytes: number; invalid: number; duplicates: number }

/** Rows of the file, header first, as arrays of cells (deterministic for a seed). */
export function* generateRows(rows: number, seed = 42): Generator<string[], GenStats> {
  const r = rng(seed);
  let invalid = 0;
  let duplicates = 0;
  const recent: string[][] = [];
  yield HEADERS;
  for (let i = 0; i < rows; i++) {
    const x = r();
    let cells: string[];
    if (x < 0.03 && recent.length > 0) {
      cells = recent[Math.floor(r() * recent.length)]!; // an in-file duplicate of a recent row
      duplicates++;
    } else {
      const bad = x < 0.05; // 0.03..0.05: ~2% invalid
      if (bad) invalid++;
      cells = contact(i, r, bad);
      if (recent.length < 1000) recent.push(cells);
      else recent[i % 1000] = cells;
    }
    yield cells;
  }
  return { rows, bytes: 0, invalid, duplicates };
}

/** Writes a CSV of `rows` contacts; returns what it wrote. */
export async function writeCsv(path: string, rows: number, seed = 42): Promise<GenStats> {
  const out = createWriteStream(path);
  let bytes = 0;
  let buf: string[] = [];
  const gen = generateRows(rows, seed);
  let step = gen.next();
  while (!step.done) {
    buf.push(step.value.map(csvCell).join(','));
    if (buf.length >= 5000) {
      const s = `${buf.join('\n')}\n`;
      bytes += Buffer.byteLength(s);
      if (!out.write(s)) await once(out, 'drain');
      buf = [];
    }
    step = gen.next();
  }
  if (buf.length) {
    const s = `${buf.join('\n')}\n`;
    bytes += Buffer.byteLength(s);
    out.write(s);
  }
  out.end();
  await once(out, 'finish');
  return { ...step.value, bytes };
}

/** Writes an XLSX (one sheet, text cells, score as a number) of `rows` contacts. */
export async function writeXlsx(path: string, rows: number, seed = 42): Promise<GenStats> {
  const XLSX = await import('@e965/xlsx');
  const aoa: (string | number)[][] = [];
  const gen = generateRows(rows, seed);
  let step = gen.next();
  while (!step.done) {
    const cells: (string | number)[] = [...step.value];
    if (aoa.length > 0 && /^\d+$/.test(cells[8] as string)) cells[8] = Number(cells[8]);
    aoa.push(cells);
    step = gen.next();
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { dense: true } as never), 'Contacts');
  const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, buf);
  return { ...step.value, bytes: buf.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, n, seed] = process.argv.slice(2);
  if (!path) throw new Error('usage: gen.ts <out.csv|out.xlsx> [rows] [seed]');
  const rows = Number(n ?? 100_000);
  const stats = path.endsWith('.xlsx') ? await writeXlsx(path, rows, Number(seed ?? 42)) : await writeCsv(path, rows, Number(seed ?? 42));
  console.log(JSON.stringify(stats));
}
