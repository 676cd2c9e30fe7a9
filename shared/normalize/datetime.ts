import type { FieldDef, Normalized } from '../schema.ts';
import { formatDate, invalidDate, isRealDate, parseDate } from './date.ts';
import type { NormalizeContext } from './context.ts';

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `+HH:MM` for an offset as written (`+0530`, `-03`, `Z`), or null when out of range. */
function formatOffset(offset: string | undefined): string | null {
  if (!offset || offset.toUpperCase() === 'Z') return 'Z';
  const sign = offset[0]!;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return null;
  if (hours === 0 && minutes === 0) return 'Z';
  return `${sign}${pad(hours)}:${pad(minutes)}`;
}

/**
 * Normalizes a datetime cell to ISO 8601 with an offset, `YYYY-MM-DDTHH:MM:SS[.mmm](Z|±HH:MM)`.
 * The offset written in the cell is kept; none means UTC. A date alone means midnight.
 */
export function normalizeDatetime(field: FieldDef, text: string, raw: string, ctx: NormalizeContext): Normalized {
  const parsed = parseDate(field, text, ctx);
  if (!parsed) return invalidDate(field, text, raw, 'is not a date and time (expected ISO 8601 or day/month/year HH:MM)');
  if (!isRealDate(parsed.year, parsed.month, parsed.day)) return invalidDate(field, text, raw, 'is not a real calendar date');

  let hours = 0, minutes = 0, seconds = 0, millis = 0;
  let offset: string | null = 'Z';
  if (parsed.serialMs !== undefined) {
    const total = Math.min(parsed.serialMs, 86_399_999);
    hours = Math.floor(total / 3_600_000);
    minutes = Math.floor(total / 60_000) % 60;
    seconds = Math.floor(total / 1000) % 60;
  } else if (parsed.rest !== '') {
    const time = TIME.exec(parsed.rest);
    if (!time) return invalidDate(field, text, raw, 'has a time that is not HH:MM or HH:MM:SS');
    hours = Number(time[1]);
    minutes = Number(time[2]);
    seconds = Number(time[3] ?? 0);
    millis = time[4] ? Number(time[4].slice(0, 3).padEnd(3, '0')) : 0;
    offset = formatOffset(time[5]);
    if (hours > 23 || minutes > 59 || seconds > 59 || offset === null) {
      return invalidDate(field, text, raw, 'has an impossible time or time zone offset');
    }
  }
  const date = formatDate(parsed.year, parsed.month, parsed.day);
  const fraction = millis ? `.${pad(millis, 3)}` : '';
  const value = `${date}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}${fraction}${offset}`;
  return parsed.warnings.length ? { value, raw, warnings: parsed.warnings } : { value, raw };
}
