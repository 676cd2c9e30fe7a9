import { describe, expect, it } from 'vitest';
import { openError } from './open-text.ts';


const bytes = (...b: number[]) => new Uint8Array([...b, ...new TextEncoder().encode(' filler text, name,email\n1,2\n')]);

describe('files that are no table are named for what they are', () => {
  it('says an empty file is empty', async () => {
    const err = await openError('leads.csv', '');
    expect(err.code).toBe('EMPTY_FILE');
    expect(err.message).toBe('leads.csv: the file is empty');
  });

  it('says a file of blank lines is empty', async () => {
    const err = await openError('leads.csv', '\r\n  \n\n');
    expect(err.code).toBe('EMPTY_FILE');
    expect(err.message).toContain('leads.csv: the file is empty');
  });

  it('names a PNG, a PDF and a ZIP renamed .csv by their magic bytes', async () => {
    const png = await openError('leads.csv', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13));
    expect(png.code).toBe('UNSUPPORTED_FORMAT');
    expect(png.message).toBe('leads.csv: this is a PNG image, not a CSV file');
    const pdf = await openError('leads.csv', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'));
    expect(pdf.message).toBe('leads.csv: this is a PDF document, not a CSV file');
    const zip = await openError('leads.csv', bytes(0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, ...new TextEncoder().encode('photos/cat.jpg')));
    expect(zip.message).toBe('leads.csv: this is a ZIP archive, not a CSV file');
  });

  it('refuses a Lotus 1-2-3 .wk1 as unsupported, by name and by content', async () => {
    const wk1 = new Uint8Array([0x00, 0x00, 0x02, 0x00, 0x06, 0x04, 0x06, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0x07, 0, 0x1f, 0]);
    const byName = await openError('ledger.wk1', wk1);
    expect(byName.code).toBe('UNSUPPORTED_FORMAT');
    expect(byName.message).toContain('ledger.wk1: this is a Lotus 1-2-3 worksheet');
    const renamed = await openError('ledger.csv', wk1);
    expect(renamed.message).toBe('ledger.csv: this is a Lotus 1-2-3 worksheet, not a CSV file');
  });

  it('refuses other binary data read as text', async () => {
    const err = await openError('dump.csv', new Uint8Array([0x41, 0x42, 0x00, 0x01, 0x02, 0x43, 0x0a, 0x44, 0x00, 0x45]));
    expect(err.code).toBe('UNSUPPORTED_FORMAT');
    expect(err.message).toContain('binary data');
  });
});
