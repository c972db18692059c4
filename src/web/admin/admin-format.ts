import { isCountryCode, isIanaTimeZone } from '../../common/geo';
import { Language } from '../i18n/language';

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the reader of the page reads it: date and time in the organization's zone, named. */
export function formatInstant(value: Date | string | null, language: Language, timeZone: string): string {
  if (value === null) return '';
  const zone = isIanaTimeZone(timeZone) ? timeZone : 'UTC';
  const key = `${language} ${zone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
      timeZoneName: 'short',
    });
    formats.set(key, format);
  }
  return format.format(value instanceof Date ? value : new Date(value));
}

export const isoOf = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The country codes the API accepts (its own test, asked for every two-letter code), once. */
const COUNTRY_CODES = [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b)).filter(isCountryCode);

/** The countries as choices: the code the API takes, its name in the page's language. */
export function countryOptions(language: Language): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  return COUNTRY_CODES.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` })).sort(
    (a, b) => a.label.localeCompare(b.label, language),
  );
}

/** The IANA zones the runtime knows, with UTC and the current value (which may be a link name). */
export function timeZoneOptions(current: string | null): { value: string; label: string }[] {
  const zones = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  if (current) zones.add(current);
  return [...zones].sort().map((zone) => ({ value: zone, label: zone }));
}

/** The twelve months as choices (1 = January), named in the page's language. */
export function monthOptions(language: Language): { value: string; label: string }[] {
  const format = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => ({
    value: String(i + 1),
    label: format.format(new Date(Date.UTC(2001, i, 1))),
  }));
}
