import type { FieldDef, Normalized } from '../schema.ts';
import { failed, fieldName, quote } from './cell.ts';

// Practical, not RFC 5322: one @, a dotted domain with a 2+ letter TLD, no empty labels.
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TLD = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;
/**
 * The same rules over ASCII in one pattern, which is several times quicker: what it accepts,
 * the rules above accept too. Anything else (non-ASCII, or invalid) is read by them.
 */
const PLAIN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[a-z0-9-]{0,58}[a-z0-9])$/;

/** True when `email` (already lowercased) looks like a deliverable address. */
export function isEmail(email: string): boolean {
  if (email.length > 254) return false;
  if (PLAIN.test(email)) return email.indexOf('@') <= 64;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at !== email.indexOf('@')) return false;
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (local.length > 64 || labels.length < 2 || !LOCAL.test(local)) return false;
  return labels.every((label) => LABEL.test(label)) && TLD.test(labels[labels.length - 1]!);
}

/** Normalizes an email cell: trimmed, lowercased, checked. */
export function normalizeEmail(field: FieldDef, text: string, raw: string): Normalized {
  const email = text.toLowerCase();
  if (isEmail(email)) return { value: email, raw };
  return failed(raw, 'invalid_email', `${fieldName(field)} ${quote(text)} is not a valid email address`);
}
