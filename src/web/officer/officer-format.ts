import { localDateOf, localDateTimeOf, offsetMinutesAt } from '../../common/zoned-time';
import { reportingYearOfLocalDate } from '../../readings/reporting-year';
import { pageNotFound } from '../page-errors';

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a site's wall clock, with its UTC offset (a DST change stays readable): `2026-03-29 03:00 +02:00`. */
export function localTime(instant: Date, timeZone: string): string {
  const t = localDateTimeOf(instant, timeZone);
  const offset = Math.round(offsetMinutesAt(instant, timeZone));
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)} ` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/**
 * A share (0 to 1, as the API answers it) as a percentage with one decimal. `down` never shows 100.0 for
 * a share below 1 (completeness); `up` never shows 0.0 for a share above 0 (estimates).
 */
export function percentOf(share: number | null, rounding: 'down' | 'up'): string | null {
  if (share === null) return null;
  const tenths = share * 1000;
  const rounded = rounding === 'down' ? Math.floor(tenths + 1e-9) : Math.ceil(tenths - 1e-9);
  return (rounded / 10).toFixed(1);
}

/** `?year=` of a page: absent means the default; anything but a year from 2000 to 2100 is no such page. */
export function yearOfQuery(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) throw pageNotFound();
  const year = Number(raw);
  if (year < 2000 || year > 2100) throw pageNotFound();
  return year;
}

/** The reporting year a calendar puts today in (RE100-REP-1). */
export function currentReportingYear(
  calendar: { timeZone: string; reportingYearStartMonth: number },
  now = new Date(),
): number {
  return reportingYearOfLocalDate(localDateOf(now, calendar.timeZone), calendar.reportingYearStartMonth);
}

/** The years a year picker offers: the five before the current one, the current one, and the one shown. */
export function yearChoices(current: number, shown: number): number[] {
  const years = new Set<number>([shown]);
  for (let y = current; y >= current - 5; y--) years.add(y);
  return [...years].sort((a, b) => b - a);
}

/** `?offset=` of a paged page: absent is 0; anything but a whole number is no such page. */
export function offsetOfQuery(raw: unknown): number {
  if (raw === undefined || raw === '') return 0;
  if (typeof raw !== 'string' || !/^\d{1,8}$/.test(raw)) throw pageNotFound();
  return Number(raw);
}

/** A query parameter as one string (a repeated one is no such page). */
export function queryText(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw pageNotFound();
  return raw;
}
