import examples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import { getCountries, getCountryCallingCode, Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { isValidNumber, quickE164, toE164 } from '../../shared/normalize/phone.ts';
import { rng } from '../bench/gen.ts';

/**
 * The phone normalizer decides validity with patterns it compiles once, not with
 * `PhoneNumber.isValid()` (which compiles them on every call). A number the library calls
 * valid must stay valid and one it rejects must stay rejected, in every country.
 */
describe('phone validity', () => {
  /** Each country's mobile example with random digits changed, one added or one dropped, written nationally and with its calling code. */
  function variants(): { text: string; country: CountryCode }[] {
    const random = rng(20261130);
    const out: { text: string; country: CountryCode }[] = [];
    const digit = () => String(Math.floor(random() * 10));
    for (const country of getCountries()) {
      const example = (examples as Record<string, string>)[country];
      if (!example) continue;
      for (let i = 0; i < 150; i++) {
        const d = example.split('');
        const kind = i % 5;
        if (kind === 1 || kind === 2) d[Math.floor(random() * d.length)] = digit(); // same length, other digits
        if (kind === 2) d[d.length - 1] = digit();
        if (kind === 3) d.splice(Math.floor(random() * d.length), 0, digit()); // one digit more
        if (kind === 4) d.splice(Math.floor(random() * d.length), 1); // one digit less
        const national = d.join('');
        out.push({ text: national, country });
        out.push({ text: `+${getCountryCallingCode(country)} ${national}`, country: random() < 0.5 ? country : 'US' });
      }
    }
    // calling codes of no country (international freephone, satellite, ...): random numbers
    for (const code of ['800', '808', '870', '878', '881', '882', '883', '888', '979']) {
      for (let i = 0; i < 300; i++) {
        const length = 6 + Math.floor(random() * 8);
        out.push({ text: `+${code} ${Array.from({ length }, digit).join('')}`, country: 'US' });
      }
    }
    return out;
  }

  it('agrees with libphonenumber isValid() on 70,000 numbers across every country and the calling codes of none, valid and not', () => {
    const cases = variants();
    let valid = 0, invalid = 0;
    const disagree: string[] = [];
    for (const { text, country } of cases) {
      const parsed = parsePhoneNumberFromString(text, country);
      if (!parsed) continue;
      const expected = parsed.isValid();
      if (expected) valid++; else invalid++;
      if (isValidNumber(parsed) !== expected) disagree.push(`${country} ${text}: library says ${expected}`);
    }
    expect(disagree).toEqual([]);
    expect(cases.length).toBeGreaterThan(70_000);
    // both outcomes are well represented, so the agreement means something
    expect(valid).toBeGreaterThan(20_000);
    expect(invalid).toBeGreaterThan(20_000);
  });

  it('reads plainly written numbers as the full parse does, in every country, and leaves it the cases it cannot tell', () => {
    const random = rng(20261201);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const digit = () => String(Math.floor(random() * 10));
    const sharing = new Map<string, CountryCode[]>(); // calling code → its countries
    for (const country of getCountries()) {
      const code = getCountryCallingCode(country);
      sharing.set(code, [...(sharing.get(code) ?? []), country]);
    }
    const cases: { text: string; country: CountryCode }[] = [];
    const grouped = (digits: string) => [
      `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
      `${digits.slice(0, 2)}.${digits.slice(2)}.`,
      digits.replace(/(\d{3})(?=\d)/g, '$1 '),
    ];
    for (const { text, country } of variants()) {
      if (text.startsWith('+')) {
        const [code, number] = text.slice(1).split(' ') as [string, string];
        for (const form of [text, `+${code}${number}`, ...grouped(number).map((g) => `+${code} ${g}`)]) cases.push({ text: form, country });
        // a national prefix or a stray digit after the code, which the parse may drop
        cases.push({ text: `+${code}${digit()}${number}`, country });
      } else {
        const code = getCountryCallingCode(country);
        for (const form of [text, ...grouped(text)]) cases.push({ text: form, country });
        // read in another country of its calling code (a Canadian number, default country US)
        cases.push({ text, country: pick(sharing.get(code)!) });
        // with a national prefix (0, 1 and 8 are the usual ones), a call prefix, or the calling code without its plus
        cases.push({ text: `${digit()}${text}`, country }, { text: `00${code}${text}`, country }, { text: `${code}${text}`, country });
        for (const prefix of ['0', '1', '8']) for (const form of [`${prefix}${text}`, grouped(`${prefix}${text}`)[2]!]) cases.push({ text: form, country });
      }
    }
    // random digits of each plan's lengths, half after its national prefix: numbers such as
    // Belarus's 800 ones, which begin with the prefix digit and must keep it
    const plans = new Metadata() as unknown as { selectNumberingPlan(c: string): void; possibleLengths(): number[] | undefined; numberingPlan: { nationalPrefix(): string | undefined } };
    for (const country of getCountries()) {
      plans.selectNumberingPlan(country);
      const prefix = plans.numberingPlan.nationalPrefix();
      const lengths = plans.possibleLengths() ?? [8];
      if (!prefix) continue;
      for (let i = 0; i < 1_000; i++) {
        const length = pick(lengths) + Math.floor(random() * 3) - 1;
        const digits = Array.from({ length }, digit).join('');
        cases.push({ text: i % 2 ? `${prefix}${digits}` : digits, country });
      }
    }
    cases.push({ text: '+1', country: 'US' }, { text: '+12', country: 'US' }, { text: '12', country: 'US' }, { text: '+999 123456', country: 'US' });
    cases.push({ text: `+57${' '.repeat(250)}3001234567`, country: 'CO' }, { text: `300${' '.repeat(250)}1234567`, country: 'CO' });
    const disagree: string[] = [];
    let answered = 0, valid = 0, invalid = 0;
    for (const { text, country } of cases) {
      const parsed = parsePhoneNumberFromString(text, country);
      const expected = parsed?.isValid() ? parsed.number : null;
      if (expected === null) invalid++; else valid++;
      const quick = quickE164(text, country);
      if (quick === undefined) continue;
      answered++;
      if (quick !== expected) disagree.push(`${country} ${text}: library says ${expected}, quick path ${quick}`);
      if (toE164(text, country) !== expected) disagree.push(`${country} ${text}: toE164 disagrees`);
    }
    expect(disagree).toEqual([]);
    expect(cases.length).toBeGreaterThan(800_000);
    expect(valid).toBeGreaterThan(250_000);
    expect(invalid).toBeGreaterThan(250_000);
    // the quick path answers most of them: this is not a test that skips every case
    expect(answered / cases.length).toBeGreaterThan(0.8);
  }, 180_000); // some 900,000 numbers through both parsers: 24 s alone on a slow day, 35 s in CI

  it('answers the same while its memory of recent numbers rests (a file of distinct numbers) and when it wakes (repeats)', () => {
    const expected = (text: string) => {
      const parsed = parsePhoneNumberFromString(text, 'FR');
      return parsed?.isValid() ? parsed.number : null;
    };
    // 100,000 distinct numbers, every seventh a digit short (invalid), then the first 5,000 again, twice
    const distinct = Array.from({ length: 100_000 }, (_, i) => `06 ${i % 7 === 0 ? 1_000_000 + i : 10_000_000 + i}`);
    const texts = [...distinct, ...distinct.slice(0, 5_000), ...distinct.slice(0, 5_000)];
    const wrong = texts.filter((text) => toE164(text, 'FR') !== expected(text));
    expect(wrong).toEqual([]);
    expect(new Set(distinct.map((t) => toE164(t, 'FR') === null)).size).toBe(2); // both outcomes occur
  });

  it('gives the same E.164 form whatever the default country is, and keeps countries apart in its memory', () => {
    expect(toE164('3001234567', 'CO')).toBe('+573001234567');
    expect(toE164('3001234567', 'US')).toBeNull(); // no US area code 300
    expect(toE164('3001234567', 'CO')).toBe('+573001234567'); // remembered per country: the US answer does not leak
    expect(toE164('3001234567', 'US')).toBeNull();
    expect(toE164('+57 300 123 4567')).toBe('+573001234567');
    expect(toE164('07 61 22 33 44', 'fr')).toBe('+33761223344');
  });
});
