import { getCountryCallingCode, Metadata, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { FieldDef, Normalized } from '../schema.ts';
import { failed, fieldName, quote } from './cell.ts';

// "max" metadata: the only one that tells a mobile from a landline and checks number
// ranges, not just lengths, for FR, CO, US, ES and the rest.

/**
 * libphonenumber's full parse, which reads what `quickE164` leaves (numbers with a national
 * prefix, letters or odd separators), is a hot spot; files repeat numbers, so keep recent
 * results in two generations per default country: when the young one is full it becomes the
 * old one and the oldest results go. (Evicting one key at a time from a Map, oldest first,
 * costs more than the parse: V8 leaves the deleted slots for every later `keys().next()` to
 * skip.) A file of distinct numbers would pay for the memory and get nothing (7% of a row's
 * time), so after a sample of lookups that found almost nothing, the memory rests a while.
 */
const GENERATION_LIMIT = 10_000;
/** Lookups per sample of the hit rate. */
const SAMPLE = 4_096;
/** A sample with fewer hits than this sends the memory to rest... */
const MIN_HITS = SAMPLE / 32;
/** ...for this many lookups, after which it samples again. */
const REST = 16 * SAMPLE;

class RecentResults {
  private young = new Map<string, string | null>();
  private old = new Map<string, string | null>();
  private sampled = 0;
  private hits = 0;
  private resting = 0;

  /** False while resting: then neither `get` nor `remember` is worth calling. NOTE: counts the lookup. */
  active(): boolean {
    if (this.resting > 0) {
      this.resting--;
      return false;
    }
    if (this.sampled === SAMPLE) {
      this.resting = this.hits < MIN_HITS ? REST : 0;
      this.sampled = 0;
      this.hits = 0;
      if (this.resting > 0) return false;
    }
    this.sampled++;
    return true;
  }

  get(text: string): string | null | undefined {
    let known = this.young.get(text);
    if (known === undefined) {
      known = this.old.get(text);
      if (known !== undefined) this.remember(text, known);
    }
    if (known !== undefined) this.hits++;
    return known;
  }

  remember(text: string, e164: string | null): void {
    if (this.young.size >= GENERATION_LIMIT) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(text, e164);
  }
}

/** Per default country ('' for none): the text alone is the key, no string is built per cell. */
const recentByCountry = new Map<string, RecentResults>();

// Types `PhoneNumber.isValid()` tries, in its order (libphonenumber's getNumberType).
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/** A numbering plan's validity rules with its patterns compiled once. */
interface ValidityRules {
  national: RegExp;
  /** The plan's possible lengths of a national number, when it lists them. */
  lengths: number[] | undefined;
  /** null when the plan lists no number types: then the national pattern alone decides. */
  types: { pattern: RegExp; lengths: number[] | undefined }[] | null;
}

/** The untyped parts of libphonenumber's Metadata that `isValid()` and the parse of an international number read. */
interface PlanMetadata {
  selectNumberingPlan(countryOrCallingCode: string): void;
  hasTypes(): boolean;
  nationalNumberPattern(): string;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
  hasCallingCode(callingCode: string): boolean | undefined;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  nationalPrefixForParsing(): string | undefined;
  leadingDigits(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  possibleLengths(): number[] | undefined;
  hasCountry(country: string): boolean;
  IDDPrefix(): string | undefined;
}

const metadata = new Metadata() as unknown as PlanMetadata;
const entirely = (pattern: string) => new RegExp(`^(?:${pattern})$`);
/** A pattern that matches the start of a text; null for none. */
const opening = (pattern: string | undefined) => (pattern ? new RegExp(`^(?:${pattern})`) : null);

/** `build(key)`, worked out once per key: what the metadata says of a plan does not change. */
function onceEach<V>(build: (key: string) => V): (key: string) => V {
  const known = new Map<string, V>();
  return (key) => {
    if (known.has(key)) return known.get(key)!;
    const value = build(key);
    known.set(key, value);
    return value;
  };
}

/** A plan's validity rules (a country, or a calling code of none). */
const rulesOf = onceEach((plan): ValidityRules => {
  metadata.selectNumberingPlan(plan);
  const types = metadata.hasTypes()
    ? NUMBER_TYPES.flatMap((name) => {
      const type = metadata.type(name);
      return type && type.pattern() ? [{ pattern: entirely(type.pattern()), lengths: type.possibleLengths() }] : [];
    })
    : null;
  return { national: entirely(metadata.nationalNumberPattern()), lengths: metadata.possibleLengths(), types };
});

/**
 * `number.isValid()`, with each plan's patterns compiled once: libphonenumber compiles a
 * RegExp from text for every pattern it tries, on every call, and that was a third of the
 * time a phone cell took. Valid means: the national number matches the plan's pattern and
 * the pattern of at least one number type (with that type's lengths), as `isValid()` decides.
 * test/shared/phone-validity.test.ts checks the two agree across every country.
 */
export function isValidNumber(number: PhoneNumber): boolean {
  return isValidIn(rulesOf(number.country ?? number.countryCallingCode), number.nationalNumber);
}

function isValidIn(rules: ValidityRules, national: string): boolean {
  if (!rules.national.test(national)) return false;
  if (rules.types === null) return true;
  for (const type of rules.types) {
    if (type.lengths && !type.lengths.includes(national.length)) continue;
    if (type.pattern.test(national)) return true;
  }
  return false;
}

/** What the parse of an international number needs to know of one calling code. */
interface CallingCode {
  /** Countries sharing the code, each with the leading digits that claim a number for it. */
  countries: { country: string; leadingDigits: RegExp | null }[];
  /** The main plan's national prefix: digits after the code that match it may be dropped. */
  nationalPrefix: RegExp | null;
}

/** Calling code → what it needs, or null when no plan has the code. */
const callingCodeOf = onceEach((code): CallingCode | null => {
  if (!metadata.hasCallingCode(code)) return null;
  const countries = (metadata.getCountryCodesForCallingCode(code) ?? []).map((country) => {
    metadata.selectNumberingPlan(country);
    return { country, leadingDigits: opening(metadata.leadingDigits()) };
  });
  metadata.selectNumberingPlan(code);
  return { countries, nationalPrefix: opening(metadata.nationalPrefixForParsing()) };
});

/** A plus, then digits, maybe spaced with spaces, dots, dashes or brackets: nothing else to extract. */
const INTERNATIONAL = /^\+[1-9][0-9 .()-]*$/;
/** Digits spaced the same way, maybe after an opening bracket. */
const NATIONAL = /^[0-9(][0-9 .()-]*$/;
const SEPARATORS = /[ .()-]/g;
/** libphonenumber's bounds of a national (significant) number, and of the text it parses. */
const MIN_NATIONAL = 2, MAX_NATIONAL = 17, MAX_INPUT = 250;

/**
 * The E.164 form of a number written plainly, as libphonenumber's parse (parse.js) would give
 * it, without the work the parse does for every other way of writing a number; undefined
 * where only the full parse can tell. Every number the server re-checks is written so
 * (`+573001234567`), and so are most numbers in files (`06 12 34 56 78`, default country FR).
 * The full parse is left:
 * - a number with letters, an extension or any other separator;
 * - a national prefix after the calling code: only the parse knows whether it is dropped;
 * - a national number whose plan rewrites what follows its national prefix, or that opens
 *   with an international call prefix or the calling code itself.
 * test/shared/phone-validity.test.ts checks it against the parse in every country.
 */
export function quickE164(text: string, defaultCountry: string): string | null | undefined {
  if (text.length > MAX_INPUT) return undefined;
  if (INTERNATIONAL.test(text)) return international(text.replace(SEPARATORS, ''));
  if (defaultCountry && NATIONAL.test(text)) return national(text.replace(SEPARATORS, ''), defaultCountry);
  return undefined;
}

/** "+" and digits: the code is the first 1 to 3 digits that name a plan. */
function international(digits: string): string | null | undefined {
  for (let end = 2; end <= 4 && end <= digits.length; end++) {
    const code = digits.slice(1, end);
    const plan = callingCodeOf(code);
    if (plan === null) continue;
    const number = digits.slice(end);
    if (plan.nationalPrefix?.test(number)) return undefined;
    if (number.length < MIN_NATIONAL || number.length > MAX_NATIONAL) return null;
    return isValidIn(rulesOf(countryOf(plan, number) ?? code), number) ? digits : null;
  }
  return null;
}

/** What the parse of a national number needs to know of its country. */
interface CountryPlan {
  code: string;
  /** The call prefix that opens an international number dialled from the country; null for none. */
  internationalPrefix: RegExp | null;
  /** The national prefix, which the parse may drop. */
  nationalPrefix: RegExp | null;
  /** The plan rewrites what follows its national prefix (Argentina's mobiles, say). */
  rewrites: boolean;
}

/** Country → what it needs, or null when libphonenumber has no such country. */
const countryPlanOf = onceEach((country): CountryPlan | null => {
  if (!metadata.hasCountry(country)) return null;
  metadata.selectNumberingPlan(country);
  return {
    code: getCountryCallingCode(country as CountryCode),
    internationalPrefix: opening(metadata.IDDPrefix()),
    nationalPrefix: opening(metadata.nationalPrefixForParsing()),
    rewrites: Boolean(metadata.nationalPrefixTransformRule()),
  };
});

/** Digits in the default country's plan; the country is the one of its calling code that claims them, else the default. */
function national(digits: string, defaultCountry: string): string | null | undefined {
  const country = countryPlanOf(defaultCountry);
  if (country === null || digits.length < 3) return undefined;
  if (country.internationalPrefix?.test(digits) || digits.startsWith(country.code)) return undefined;
  const plan = callingCodeOf(country.code)!;
  const number = withoutNationalPrefix(digits, country, plan, defaultCountry);
  if (number === undefined) return undefined;
  if (number.length < MIN_NATIONAL || number.length > MAX_NATIONAL) return null;
  return isValidIn(rulesOf(countryOf(plan, number) ?? defaultCountry), number) ? `+${country.code}${number}` : null;
}

/**
 * The digits without the national prefix where the parse drops it (extractNationalNumber):
 * not when the digits are a valid number with it and would not be without it, nor when what
 * is left is too short or of a length no number has. undefined where the plan rewrites what
 * follows the prefix: the full parse applies the rule.
 */
function withoutNationalPrefix(digits: string, country: CountryPlan, plan: CallingCode, defaultCountry: string): string | undefined {
  const match = country.nationalPrefix?.exec(digits);
  if (!match) return digits;
  const groups = match.length - 1;
  if (country.rewrites && groups > 0 && match[groups]) return undefined;
  const after = digits.slice(match[0].length);
  if (after === digits) return digits;
  const own = rulesOf(defaultCountry);
  if (own.national.test(digits) && !own.national.test(after)) return digits;
  if (own.lengths) {
    const claimed = countryOf(plan, after);
    if (!possiblySoFar(after, claimed ? rulesOf(claimed).lengths : own.lengths)) return digits;
  }
  return after;
}

/** checkNumberLength is neither TOO_SHORT nor INVALID_LENGTH (too long still counts). */
function possiblySoFar(number: string, lengths: number[] | undefined): boolean {
  if (!lengths) return true;
  const length = number.length;
  if (length < lengths[0]!) return false;
  return length === lengths[0] || length > lengths[lengths.length - 1]! || lengths.indexOf(length, 1) >= 0;
}

/** getCountryByCallingCode: the only country of the code, or the first that claims the number. */
function countryOf(plan: CallingCode, national: string): string | undefined {
  if (plan.countries.length === 1) return plan.countries[0]!.country;
  for (const { country, leadingDigits } of plan.countries) {
    if (leadingDigits ? leadingDigits.test(national) : hasType(rulesOf(country), national)) return country;
  }
  return undefined;
}

/** getNumberType() !== undefined: a plan without types gives no type. */
function hasType(rules: ValidityRules, national: string): boolean {
  return rules.types !== null && isValidIn(rules, national);
}

/** E.164 form of a phone number, or null when it is not a valid number. @example toE164('07.61.22.33.44', 'FR') === '+33761223344' */
export function toE164(text: string, defaultCountry?: string): string | null {
  const country = defaultCountry?.toUpperCase() ?? '';
  const quick = quickE164(text, country);
  if (quick !== undefined) return quick; // quicker than a lookup in the memory
  let recent = recentByCountry.get(country);
  if (!recent) recentByCountry.set(country, (recent = new RecentResults()));
  const active = recent.active();
  const known = active ? recent.get(text) : undefined;
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(text, (country || undefined) as CountryCode | undefined);
  const e164 = parsed && isValidNumber(parsed) ? parsed.number : null;
  if (active) recent.remember(text, e164);
  return e164;
}

/** The stored form of a `nanp11` field: 1 and ten digits. */
const NANP11 = /^1\d{10}$/;

/**
 * Normalizes a phone cell to the field's format, E.164 by default, using the field's or the
 * import's default country. A `nanp11` field reads numbers without a country code as North
 * American when no country is given, reads its own stored form `15551234567` back, and
 * refuses a valid number of another plan rather than store it in a form it does not fit.
 */
export function normalizePhone(field: FieldDef, text: string, raw: string, defaultCountry?: string): Normalized {
  const nanp11 = field.format === 'nanp11';
  if (!nanp11 && field.format !== undefined && field.format !== 'e164') {
    // A definition from JSON may name a format this build does not know: refuse, never guess.
    return failed(raw, 'unknown_field_type', `${fieldName(field)} has the unknown phone format ${quote(String(field.format))} (expected e164 or nanp11)`);
  }
  const country = field.defaultCountry ?? defaultCountry ?? (nanp11 ? 'US' : undefined);
  const e164 = toE164(nanp11 && NANP11.test(text) ? `+${text}` : text, country);
  if (e164 !== null) {
    if (!nanp11) return { value: e164, raw };
    if (e164.startsWith('+1')) return { value: e164.slice(1), raw };
    return failed(raw, 'not_nanp_phone',
      `${fieldName(field)} ${quote(text)} is ${e164}, not a North American (+1) number; this field stores 11-digit +1 numbers only`);
  }
  const hint = text.startsWith('+') || text.startsWith('00') || country
    ? (country ? ` (default country ${country.toUpperCase()})` : '')
    : ' (no country code and no default country)';
  return failed(raw, 'invalid_phone', `${fieldName(field)} ${quote(text)} is not a valid phone number${hint}`);
}
