import { createI18n } from 'vue-i18n';
import en from './en.ts';
import es from './es.ts';
import fr from './fr.ts';

export const LOCALES = ['en', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** The saved choice, else the browser's language, else English. */
export function initialLocale(): Locale {
  const saved = localStorage.getItem('sluice.locale');
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const browser = navigator.language.slice(0, 2);
  return (LOCALES as readonly string[]).includes(browser) ? (browser as Locale) : 'en';
}

export const i18n = createI18n({ legacy: false, locale: initialLocale(), fallbackLocale: 'en', messages: { en, fr, es } });

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('sluice.locale', locale);
  document.documentElement.lang = locale;
}
