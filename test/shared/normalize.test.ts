import { describe, expect, it } from 'vitest';
import { normalizeValue, toText, type FieldDef } from '../../shared/index.ts';

const text: FieldDef = { name: 'notes', type: 'text' };
const email: FieldDef = { name: 'email', type: 'email' };
const phone: FieldDef = { name: 'phone', type: 'phone' };
const bool: FieldDef = { name: 'active', type: 'boolean' };
const source: FieldDef = {
  name: 'source', type: 'enum',
  values: [
    { value: 'web' },
    { value: 'phone', aliases: ['téléphone', 'teléfono'] },
    { value: 'social_media' },
  ],
};

describe('every field type', () => {
  it('trims surrounding whitespace', () => {
    expect(normalizeValue(text, '  Perro: Luna \t').value).toBe('Perro: Luna');
  });

  it('maps an empty or blank cell to null without an error', () => {
    for (const field of [text, email, phone, bool, source]) {
      const n = normalizeValue(field, '   ');
      expect(n.value).toBeNull();
      expect(n.error).toBeUndefined();
    }
  });

  it('keeps the raw text beside the value', () => {
    expect(normalizeValue(email, ' ANA@EXAMPLE.FR ').raw).toBe(' ANA@EXAMPLE.FR ');
  });

  it('refuses NUL and other control characters but allows tab, CR and LF', () => {
    expect(normalizeValue(text, 'abc\u0000def').error?.code).toBe('forbidden_character');
    expect(normalizeValue(phone, '\u001b[31m0612345678').error?.code).toBe('forbidden_character');
    expect(normalizeValue(text, 'line one\r\nline\ttwo').value).toBe('line one\r\nline\ttwo');
  });

  it('refuses text longer than the field max', () => {
    const n = normalizeValue({ name: 'code', type: 'text', max: 5 }, '123456');
    expect(n.error?.code).toBe('too_long');
    expect(n.error?.message).toContain('maximum 5');
  });

  it('caps any cell at 10,000 characters when no max is set', () => {
    expect(normalizeValue(text, 'a'.repeat(10_000)).error).toBeUndefined();
    expect(normalizeValue(text, 'a'.repeat(10_001)).error?.code).toBe('too_long');
    expect(normalizeValue(source, 'a'.repeat(20_000)).error?.code).toBe('too_long');
  });
});

describe('text', () => {
  it('keeps leading zeros', () => {
    expect(normalizeValue({ name: 'postal_code', type: 'text' }, '050021').value).toBe('050021');
  });

  it('keeps inner spacing and punctuation exactly', () => {
    expect(normalizeValue(text, 'Appartement 3 pièces;  budget 250 000 €').value).toBe('Appartement 3 pièces;  budget 250 000 €');
  });

  it('warns about formula-like text and keeps it as is', () => {
    for (const cell of ['=HYPERLINK("http://x")', '@SUM(A1)', '+cmd|calc', '-2+3+cmd|x']) {
      const n = normalizeValue(text, cell);
      expect(n.value).toBe(cell);
      expect(n.warnings?.map((w) => w.code)).toEqual(['formula_like']);
    }
  });

  it('does not flag negative numbers or phone numbers as formulas', () => {
    expect(normalizeValue(text, '-12.5').warnings).toBeUndefined();
    expect(normalizeValue(text, '+33 7 61 22 33 44').warnings).toBeUndefined();
  });
});

describe('email', () => {
  it('lowercases', () => {
    expect(normalizeValue(email, 'ANAIS@EXAMPLE.FR').value).toBe('anais@example.fr');
  });

  it('rejects malformed addresses with invalid_email', () => {
    for (const cell of ['sara@@correo', 'sara@correo', 'no-at-sign.example', 'a@b..com', '.a@b.com', 'a b@c.com', 'a@-b.com']) {
      const n = normalizeValue(email, cell);
      expect(n.error?.code, cell).toBe('invalid_email');
      expect(n.value).toBeNull();
    }
  });

  it('accepts plus addressing, subdomains and accented domains', () => {
    expect(normalizeValue(email, 'jean+crm@mail.agence.fr').value).toBe('jean+crm@mail.agence.fr');
    expect(normalizeValue(email, 'josé@correo.example').value).toBe('josé@correo.example');
  });

  it('keeps the limits of an address and its parts: 64 before the @, 63 a label, 254 in all, a letter domain or xn-- at the end', () => {
    const accepted = [`${'a'.repeat(64)}@b.co`, `a@${'b'.repeat(63)}.co`, 'a@b.xn--p1ai', 'a@b-c.d.co', `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.co`];
    const refused = [`${'a'.repeat(65)}@b.co`, `a@${'b'.repeat(64)}.co`, 'a@b.c', 'a@b.c0m', 'a@b-.co', 'a@b.xn--', 'a@b.xn--p1ai-', 'a.@b.co', 'a@b.co.',
      `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(11)}`]; // 255 in all
    for (const cell of accepted) expect(normalizeValue(email, cell).error, cell).toBeUndefined();
    for (const cell of refused) expect(normalizeValue(email, cell).error?.code, cell).toBe('invalid_email');
  });

  it('names the field and quotes the cell in the message', () => {
    expect(normalizeValue(email, 'sara@@correo').error?.message).toBe('email "sara@@correo" is not a valid email address');
  });
});

describe('phone', () => {
  it('normalizes French spellings of one number to the same E.164', () => {
    expect(normalizeValue(phone, '07.61.22.33.44', { defaultCountry: 'FR' }).value).toBe('+33761223344');
    expect(normalizeValue(phone, '+33 7 61 22 33 44', { defaultCountry: 'FR' }).value).toBe('+33761223344');
    expect(normalizeValue(phone, '0033 7 61 22 33 44', { defaultCountry: 'FR' }).value).toBe('+33761223344');
  });

  it('normalizes US spellings with and without the leading 1', () => {
    const us = { defaultCountry: 'US' };
    expect(normalizeValue(phone, '(415) 201-4567', us).value).toBe('+14152014567');
    expect(normalizeValue(phone, '415.201.4573', us).value).toBe('+14152014573');
    expect(normalizeValue(phone, '14152014570', us).value).toBe('+14152014570');
  });

  it('normalizes Colombian mobiles and landlines and Spanish numbers', () => {
    expect(normalizeValue(phone, '3104567890', { defaultCountry: 'CO' }).value).toBe('+573104567890');
    expect(normalizeValue(phone, '6042345678', { defaultCountry: 'CO' }).value).toBe('+576042345678');
    expect(normalizeValue(phone, '912 34 56 78', { defaultCountry: 'ES' }).value).toBe('+34912345678');
  });

  it('rejects numbers too short to dial with invalid_phone', () => {
    const n = normalizeValue(phone, '12345', { defaultCountry: 'US' });
    expect(n.error?.code).toBe('invalid_phone');
    expect(n.error?.message).toContain('"12345"');
  });

  it('rejects numbers in unassigned ranges', () => {
    expect(normalizeValue(phone, '(555) 123-4567', { defaultCountry: 'US' }).error?.code).toBe('invalid_phone');
  });

  it('prefers the field default country over the import one', () => {
    const fr: FieldDef = { ...phone, defaultCountry: 'FR' };
    expect(normalizeValue(fr, '06 12 34 56 78', { defaultCountry: 'US' }).value).toBe('+33612345678');
  });

  it('explains a national number with no default country', () => {
    expect(normalizeValue(phone, '0612345678').error?.message).toContain('no default country');
  });

  it('gives the same answer from the cache', () => {
    for (let i = 0; i < 3; i++) expect(normalizeValue(phone, '07.61.22.33.44', { defaultCountry: 'FR' }).value).toBe('+33761223344');
  });

  it('gives the same answers after more distinct numbers than the cache keeps', () => {
    const co = { defaultCountry: 'CO' };
    expect(normalizeValue(phone, '12345', co).error?.code).toBe('invalid_phone');
    for (let i = 0; i < 25_000; i++) {
      const national = `310${String(i).padStart(7, '0')}`;
      expect(normalizeValue(phone, national, co).value).toBe(`+57${national}`);
    }
    expect(normalizeValue(phone, '3100000007', co).value).toBe('+573100000007');
    expect(normalizeValue(phone, '12345', co).error?.code).toBe('invalid_phone');
    expect(normalizeValue(phone, '12345', co).error?.code).toBe('invalid_phone');
  });
});

describe('boolean', () => {
  it('reads English, French and Spanish yes/no without case or accents', () => {
    for (const yes of ['true', 'TRUE', 'Yes', 'y', '1', 'oui', 'Vrai', 'sí', 'SI', 'verdadero', 'x', 'X']) {
      expect(normalizeValue(bool, yes).value, yes).toBe(true);
    }
    for (const no of ['false', 'No', 'n', '0', 'non', 'FAUX', 'falso']) {
      expect(normalizeValue(bool, no).value, no).toBe(false);
    }
  });

  it('rejects anything else with invalid_boolean', () => {
    expect(normalizeValue(bool, 'maybe').error?.code).toBe('invalid_boolean');
    expect(normalizeValue(bool, '2').error?.code).toBe('invalid_boolean');
  });
});

describe('enum', () => {
  it('matches aliases ignoring case and accents', () => {
    expect(normalizeValue(source, 'Téléphone').value).toBe('phone');
    expect(normalizeValue(source, 'TELEFONO').value).toBe('phone');
  });

  it('matches values ignoring case, spaces and punctuation', () => {
    expect(normalizeValue(source, 'SOCIAL_MEDIA').value).toBe('social_media');
    expect(normalizeValue(source, 'social media').value).toBe('social_media');
    expect(normalizeValue(source, 'Social-Media').value).toBe('social_media');
  });

  it('rejects unknown values listing the allowed ones', () => {
    const n = normalizeValue(source, 'fax');
    expect(n.error?.code).toBe('not_in_enum');
    expect(n.error?.message).toContain('web, phone, social_media');
  });
});

describe('toText', () => {
  it('writes canonical text for each kind of value', () => {
    expect(toText(null)).toBeNull();
    expect(toText(true)).toBe('true');
    expect(toText(false)).toBe('false');
    expect(toText(1234.5)).toBe('1234.5');
    expect(toText('050021')).toBe('050021');
  });
});
