import { describe, expect, it } from 'vitest';
import { clients, dedupeKeys, InFileDeduper, leads } from '../../shared/index.ts';

describe('dedupeKeys', () => {
  it('builds one key per alternative with all fields present', () => {
    expect(dedupeKeys(clients, { email: 'a@b.co', phone: '+33761223344' })).toEqual(['0\u0001a@b.co', '1\u0001+33761223344']);
    expect(dedupeKeys(leads, { phone: '+33761223344' })).toEqual(['0\u0001+33761223344']);
  });

  it('skips alternatives with an empty field', () => {
    expect(dedupeKeys(clients, { email: null, phone: '+573104567890' })).toEqual(['1\u0001+573104567890']);
    expect(dedupeKeys(clients, { email: '', phone: null })).toEqual([]);
  });

  it('compares emails case-insensitively', () => {
    expect(dedupeKeys(clients, { email: 'LUCIA.B@Correo.Example' })).toEqual(['0\u0001lucia.b@correo.example']);
  });

  it('keeps composite key parts apart', () => {
    const schema = { ...leads, keys: [['name', 'phone']] };
    expect(dedupeKeys(schema, { name: 'Ana', phone: '+1' })).toEqual(['0\u0001Ana\u0001+1']);
  });
});

describe('InFileDeduper', () => {
  it('returns undefined for the first occurrence and the first row afterwards', () => {
    const d = new InFileDeduper();
    expect(d.check(2, ['0\u0001x'])).toBeUndefined();
    expect(d.check(5, ['0\u0001x'])).toBe(2);
    expect(d.check(9, ['0\u0001x'])).toBe(2);
  });

  it('matches on any key alternative and reports the earliest row', () => {
    const d = new InFileDeduper();
    d.check(2, ['0\u0001a@b.co']);
    d.check(3, ['1\u0001+1']);
    expect(d.check(4, ['0\u0001a@b.co', '1\u0001+1'])).toBe(2);
    expect(d.check(5, ['1\u0001+1', '0\u0001a@b.co'])).toBe(2);
  });

  it('registers the new keys of a duplicate row', () => {
    const d = new InFileDeduper();
    d.check(2, ['0\u0001a@b.co']);
    expect(d.check(3, ['0\u0001a@b.co', '1\u0001+1'])).toBe(2);
    expect(d.check(4, ['1\u0001+1'])).toBe(3);
  });

  it('can look without registering', () => {
    const d = new InFileDeduper();
    expect(d.find(['k'])).toBeUndefined();
    expect(d.check(2, ['k'])).toBeUndefined();
    expect(d.find(['k'])).toEqual({ row: 2, key: 'k' });
    expect(d.size).toBe(1);
  });

  it('never treats hostile key strings specially', () => {
    const d = new InFileDeduper();
    expect(d.check(1, ['__proto__', 'constructor'])).toBeUndefined();
    expect(d.check(2, ['constructor'])).toBe(1);
  });

  it('agrees with an exact lookup over 150,000 rows whose emails often repeat an earlier row', () => {
    const d = new InFileDeduper();
    const exact = new Map<string, number>();
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    let duplicates = 0, disagreements = 0;
    for (let row = 2; row < 150_002; row++) {
      const keys = [`0\u0001user${next() % 140_000}@example.com`, `1\u0001+3361${String(row).padStart(7, '0')}`];
      let expected: number | undefined;
      for (const k of keys) {
        const first = exact.get(k);
        if (first === undefined) exact.set(k, row);
        else expected = Math.min(expected ?? Infinity, first);
      }
      if (expected !== undefined) duplicates++;
      if (d.check(row, keys) !== expected) disagreements++;
    }
    expect(disagreements).toBe(0);
    expect(duplicates).toBeGreaterThan(10_000);
    expect(d.size).toBe(exact.size);
  });

  it('holds a million keys in under 32 bytes each', () => {
    const d = new InFileDeduper();
    for (let row = 0; row < 1_000_000; row++) d.register(row, [`1\u0001+1555${row}`]);
    expect(d.size).toBe(1_000_000);
    expect(d.find(['1\u0001+1555999999'])?.row).toBe(999_999);
    expect(d.bytes / d.size).toBeLessThan(32);
  });
});
