import { Request } from 'express';
import { cookiesOf, LANGUAGE_COOKIE } from '../session/session-cookie';

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** `?lang=`, else the remembered choice, else the browser's preference, else English. */
export function languageOf(req: Request): Language {
  const asked = req.query?.lang;
  if (isLanguage(asked)) return asked;
  const remembered = cookiesOf(req).get(LANGUAGE_COOKIE);
  if (isLanguage(remembered)) return remembered;
  const preferred = req.acceptsLanguages(...LANGUAGES);
  return isLanguage(preferred) ? preferred : 'en';
}

/** Text of one area of the pages in every language; Korean must have every key English has. */
export type Texts<T> = { en: T; ko: T };
