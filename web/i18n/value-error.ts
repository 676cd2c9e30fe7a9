import type { FieldDef, IssueCode } from '../../shared/schema.ts';

/** The two functions of vue-i18n's composer this needs. */
interface Translator {
  t(key: string, params: Record<string, unknown>): string;
  te(key: string): boolean;
}

function range(field: FieldDef): string {
  if (field.min !== undefined && field.max !== undefined) return `${field.min}–${field.max}`;
  if (field.min !== undefined) return `≥ ${field.min}`;
  return field.max !== undefined ? `≤ ${field.max}` : '';
}

/**
 * A value's problem in the user's language, from its code: the shared normalizers and
 * checks write their messages in English. A code without a translation keeps that message.
 */
export function valueErrorText(i18n: Translator, field: FieldDef, problem: { code: IssueCode; message: string }, text: string): string {
  const key = `valueError.${problem.code}`;
  if (!i18n.te(key)) return problem.message;
  const value = text.trim().length > 60 ? `${text.trim().slice(0, 57)}…` : text.trim();
  const allowed = (field.values ?? []).map((v) => v.value).join(', ');
  return i18n.t(key, { value, range: range(field), min: field.min ?? '', max: field.max ?? '', allowed });
}
