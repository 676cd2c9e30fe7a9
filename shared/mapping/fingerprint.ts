import { foldKey } from '../normalize/fold.ts';
import { cleanHeader } from './clean.ts';

// cyrb53: a fast 53-bit string hash; collisions only cost a wrong mapping suggestion.
function hash53(text: string): string {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * A stable key for a header row, to remember the mapping a user chose for files shaped
 * like this one. Insensitive to BOM, case, accents, punctuation and column order.
 * @example headerFingerprint(['E-mail', 'Nom']) === headerFingerprint(['nom', 'email'])
 */
export function headerFingerprint(headers: readonly string[]): string {
  const keys = headers.map((h, i) => foldKey(cleanHeader(h, i))).sort();
  return `h1-${keys.length}-${hash53(keys.join('\u0001'))}`;
}
