import { analyse } from 'chardet';

/** Text encodings Sluice can detect in a file's first bytes. */
export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding: DetectedEncoding;
  /** Bytes of byte-order mark at the start of the file (0 when none): skip them before decoding. */
  bomLength: number;
}

/**
 * Guesses the text encoding of a file from a sample of its first bytes: a BOM first, then
 * strict UTF-8 validation (a sequence cut by the end of the sample is not an error), then
 * BOM-less UTF-16 by its zero bytes, else Windows-1252 (what Excel writes on Western systems).
 * @example detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])) // { encoding: 'utf-8', bomLength: 3 }
 */
export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  if (isUtf8(bytes)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: 'windows-1252', bomLength: 0 };
}

/**
 * Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF). A valid but
 * incomplete sequence at the very end is accepted: the sample may stop mid-character.
 */
export function isUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return false;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return true; // cut by the end of the sample
      const c = bytes[i + k]!;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

/** UTF-16 text without a BOM shows a zero byte beside nearly every ASCII character. */
function guessBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  if (pairs < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let p = 0; p < pairs; p++) {
    if (bytes[2 * p] === 0) evenZeros++;
    if (bytes[2 * p + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** An encoding chosen for a file, and how sure the choice is. */
export interface EncodingChoice {
  encoding: string;
  bomLength: number;
  /** 0-100: 100 for a BOM, UTF-16 zero bytes or valid UTF-8 with non-ASCII text; the detector's score for an 8-bit guess. */
  confidence: number;
  /** An 8-bit encoding picked by the detector (not certain: the user should check the preview). */
  guessed: boolean;
  /** Other encodings the detector considered, best first. */
  alternatives: { encoding: string; confidence: number }[];
}

/** Detector names that TextDecoder reads under another label, or not at all. */
const DECODER_LABEL: Record<string, string | null> = { 'ISO-8859-1': 'windows-1252', 'IBM420_ltr': null, 'IBM420_rtl': null, 'IBM424_ltr': null, 'IBM424_rtl': null, 'ISO-2022-CN': null, 'ISO-2022-KR': null };

/**
 * Chooses the text encoding of a file from its sample, as detectEncoding does for BOMs, UTF-16
 * and UTF-8; bytes that are not UTF-8 go to a statistical detector (chardet, ICU's detectors)
 * over the whole sample, which tells Windows-1251, 1250, 1252, KOI8-R, Shift-JIS... apart, with
 * its confidence. Windows-1252 when the detector has nothing better.
 */
export function chooseEncoding(bytes: Uint8Array): EncodingChoice {
  const base = detectEncoding(bytes);
  if (base.encoding !== 'windows-1252') return { ...base, confidence: 100, guessed: false, alternatives: [] };
  const candidates: { encoding: string; confidence: number }[] = [];
  for (const m of analyse(bytes)) {
    const label = Object.hasOwn(DECODER_LABEL, m.name) ? DECODER_LABEL[m.name] : m.name;
    if (!label || label.toUpperCase().startsWith('UTF') || !decodable(label)) continue;
    if (!candidates.some((c) => c.encoding === label)) candidates.push({ encoding: label, confidence: m.confidence });
  }
  const best = candidates[0];
  if (!best) return { encoding: 'windows-1252', bomLength: 0, confidence: 0, guessed: true, alternatives: [] };
  return { encoding: best.encoding, bomLength: 0, confidence: best.confidence, guessed: true, alternatives: candidates.slice(1, 4) };
}

function decodable(label: string): boolean {
  try {
    new (globalThis as unknown as { TextDecoder: new (l: string) => unknown }).TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
