import { describe, expect, it } from 'vitest';
import { isRealDate, normalizeValue, type FieldDef } from '../../shared/index.ts';

const date: FieldDef = { name: 'registered_at', type: 'date' };
const datetime: FieldDef = { name: 'called_at', type: 'datetime' };
const codes = (n: { warnings?: { code: string }[] }) => (n.warnings ?? []).map((w) => w.code);

describe('date', () => {
  it('knows every real calendar date of years 1 to 9999 as Date does, leap days included, and no other', () => {
    const byDate = (year: number, month: number, day: number) => {
      const d = new Date(Date.UTC(2000, month - 1, day));
      d.setUTCFullYear(year);
      return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
    };
    const wrong: string[] = [];
    let real = 0;
    for (let year = 1; year <= 9999; year++) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const expected = month >= 1 && month <= 12 && byDate(year, month, day);
          if (isRealDate(year, month, day) !== expected) wrong.push(`${year}-${month}-${day}`);
          if (expected) real++;
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(real).toBe(3_652_059); // the days from 0001-01-01 to 9999-12-31
    expect([isRealDate(0, 1, 1), isRealDate(10000, 1, 1), isRealDate(2024, 2, 29), isRealDate(1900, 2, 29), isRealDate(2000, 2, 29)]).toEqual([false, false, true, false, true]);
  });

  it('reads ISO dates and drops a time part', () => {
    expect(normalizeValue(date, '2022-03-15').value).toBe('2022-03-15');
    expect(normalizeValue(date, '2022-03-15T10:30:00Z').value).toBe('2022-03-15');
    expect(normalizeValue(date, '2022-03-15 10:30').value).toBe('2022-03-15');
  });

  it('reads day/month/year by default', () => {
    const n = normalizeValue(date, '15/03/2022');
    expect(n.value).toBe('2022-03-15');
    expect(n.warnings).toBeUndefined();
  });

  it('reads month/day/year when asked', () => {
    expect(normalizeValue(date, '03/15/2022', { dateOrder: 'mdy' }).value).toBe('2022-03-15');
  });

  it('accepts / - . and , as separators', () => {
    for (const cell of ['15/03/2022', '15-03-2022', '15.03.2022', '15,03,2022']) {
      expect(normalizeValue(date, cell).value, cell).toBe('2022-03-15');
    }
  });

  it('pivots two-digit years at 50', () => {
    expect(normalizeValue(date, '15/03/22').value).toBe('2022-03-15');
    expect(normalizeValue(date, '15/03/49').value).toBe('2049-03-15');
    expect(normalizeValue(date, '15/03/50').value).toBe('1950-03-15');
  });

  it('warns when day and month could be swapped and the order was not chosen', () => {
    const n = normalizeValue(date, '02/11/2021');
    expect(n.value).toBe('2021-11-02');
    expect(codes(n)).toEqual(['ambiguous_date']);
    expect(n.warnings?.[0]?.message).toContain('2021-11-02');
  });

  it('follows an assumed order but still warns', () => {
    const n = normalizeValue(date, '02/11/2021', { assumedDateOrder: 'mdy' });
    expect(n.value).toBe('2021-02-11');
    expect(codes(n)).toEqual(['ambiguous_date']);
  });

  it('does not warn when the order was chosen explicitly or the parts are equal', () => {
    expect(normalizeValue(date, '02/11/2021', { dateOrder: 'dmy' }).warnings).toBeUndefined();
    expect(normalizeValue(date, '05/05/2021').warnings).toBeUndefined();
  });

  it('converts Excel serial numbers with a warning', () => {
    const n = normalizeValue(date, '44635');
    expect(n.value).toBe('2022-03-15');
    expect(codes(n)).toEqual(['excel_serial_date']);
    expect(normalizeValue(date, '36526').value).toBe('2000-01-01');
  });

  it('does not take small or huge integers for serial dates', () => {
    expect(normalizeValue(date, '2022').error?.code).toBe('invalid_date');
    expect(normalizeValue(date, '99999').error?.code).toBe('invalid_date');
  });

  it('rejects impossible dates', () => {
    for (const cell of ['31/02/2023', '2023-02-29', '00/01/2023', '15/13/2023', '2023-13-01']) {
      expect(normalizeValue(date, cell).error?.code, cell).toBe('invalid_date');
    }
    expect(normalizeValue(date, '29/02/2024').value).toBe('2024-02-29');
  });

  it('rejects text that is not a date', () => {
    expect(normalizeValue(date, 'next tuesday').error?.code).toBe('invalid_date');
    expect(normalizeValue(date, '15/03/2022 banana').error?.code).toBe('invalid_date');
  });
});

describe('datetime', () => {
  it('assumes UTC when no offset is given', () => {
    expect(normalizeValue(datetime, '2024-05-01T09:30').value).toBe('2024-05-01T09:30:00Z');
    expect(normalizeValue(datetime, '2024-05-01').value).toBe('2024-05-01T00:00:00Z');
  });

  it('keeps the offset written in the cell', () => {
    expect(normalizeValue(datetime, '2024-05-01T09:30:15+02:00').value).toBe('2024-05-01T09:30:15+02:00');
    expect(normalizeValue(datetime, '2024-05-01 09:30:15.250-0500').value).toBe('2024-05-01T09:30:15.250-05:00');
  });

  it('reads a day/month/year date followed by HH:MM[:SS]', () => {
    expect(normalizeValue(datetime, '15/03/2022 14:05').value).toBe('2022-03-15T14:05:00Z');
    expect(normalizeValue(datetime, '15/03/2022 14:05:09').value).toBe('2022-03-15T14:05:09Z');
  });

  it('converts an Excel serial with its time of day', () => {
    const n = normalizeValue(datetime, '44635.5');
    expect(n.value).toBe('2022-03-15T12:00:00Z');
    expect(codes(n)).toEqual(['excel_serial_date']);
  });

  it('rejects impossible times and offsets', () => {
    expect(normalizeValue(datetime, '2024-05-01 25:00').error?.code).toBe('invalid_date');
    expect(normalizeValue(datetime, '2024-05-01 10:61').error?.code).toBe('invalid_date');
    expect(normalizeValue(datetime, '2024-05-01 10:00+15:00').error?.code).toBe('invalid_date');
  });
});
