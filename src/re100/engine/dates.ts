/**
 * Calendar dates as `YYYY-MM-DD` strings. The engine only ever compares whole days, so dates stay strings
 * (they sort lexicographically) and all arithmetic is done in UTC to stay independent of the host zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-29 is not one). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const toIso = (date: Date): string => date.toISOString().slice(0, 10);

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

export const yearOf = (date: string): number => parts(date)[0];

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return toIso(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Adds calendar months; a day past the target month's end is clamped to it (31 Aug − 6 months = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return toIso(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}
