import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/parse/index.ts';
import { open, records } from './open-text.ts';

/** Text in Windows-1251 (Cyrillic А-я at 0xC0-0xFF, ASCII as is): what Excel writes on a Russian system. */
function cp1251(text: string): Uint8Array {
  return new Uint8Array([...text].map((c) => {
    const code = c.charCodeAt(0);
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    throw new Error(`not in the fixture's alphabet: ${c}`);
  }));
}

// Fixture, made here: a client list saved by Excel in Windows-1251.
const clients = 'name,city,note\n' + [
  'Иван Петров,Москва,постоянный клиент',
  'Мария Иванова,Санкт-Петербург,звонить после обеда',
  'Сергей Смирнов,Новосибирск,новый заказ',
  'Ольга Кузнецова,Екатеринбург,оплата по счету',
  'Дмитрий Попов,Казань,доставка в пятницу',
].join('\n') + '\n';

describe('8-bit encodings other than Windows-1252', () => {
  it('reads Cyrillic Windows-1251 as Cyrillic, and says it is a guess with its confidence', async () => {
    const opened = await open('clients.csv', cp1251(clients));
    expect(opened.encoding).toBe('windows-1251');
    const rows = await records(opened);
    expect(rows[0]!.cells[0]).toBe('Иван Петров');
    expect(opened.encodingConfidence).toBeGreaterThan(0);
    expect(opened.notes).toContainEqual(expect.objectContaining({
      code: 'encoding',
      warning: true,
      message: expect.stringMatching(/^clients\.csv: the text is not UTF-8; read as windows-1251, a guess \(confidence \d+%/),
    }));
  });

  it('takes the encoding the user gives', async () => {
    const opened = await open('clients.csv', cp1251(clients), { encoding: 'windows-1251' });
    expect(opened.notes.filter((n) => n.code === 'encoding')).toEqual([]);
    expect((await records(opened))[1]!.cells[1]).toBe('Санкт-Петербург');
  });

  it('stops on bytes that are not UTF-8 after the sample, naming the line, instead of writing U+FFFD', async () => {
    const lines = ['name,city'];
    for (let i = 1; i <= 5000; i++) lines.push(`Zoë ${i},Zürich`);
    const good = new TextEncoder().encode(lines.join('\n') + '\n');
    const bad = new Uint8Array([...good, ...new TextEncoder().encode('Ana,'), 0xe9, 0x0a]); // a Latin-1 é at line 5002
    expect(good.length).toBeGreaterThan(64 * 1024);
    const opened = await open('late.csv', bad);
    expect(opened.encoding).toBe('utf-8');
    let err: unknown;
    const seen: string[] = [];
    try {
      for await (const r of opened.records) seen.push(...r.cells);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).code).toBe('DECODING_FAILED');
    expect((err as ParseError).message).toMatch(/^late\.csv: row 5002: the bytes of this line are not valid UTF-8/);
    expect(seen.some((c) => c.includes('\uFFFD'))).toBe(false);
  });
});
