import { registerDecorator, ValidationOptions } from 'class-validator';

// ISO 8601 date-time with a mandatory `Z` or ±hh:mm offset: a time without offset is ambiguous (C-2).
const INSTANT =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || !INSTANT.test(value)) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  // Reject calendar overflow such as 2026-02-30, which Date would roll into March.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y, m - 1, d));
  const sameDay = check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d;
  // Offsets can push year 9999 or 0000 past the four-digit range: keep instants within it in UTC too.
  const year = date.getUTCFullYear();
  return sameDay && year >= 1 && year <= 9999 ? date : null;
}

/** An ISO 8601 instant with `Z` or an offset, e.g. `2026-03-29T01:00:00+01:00`. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be an ISO 8601 date-time with Z or an offset, e.g. 2026-01-01T00:00:00Z',
        ...options,
      },
      validator: { validate: (value: unknown) => parseInstant(value) !== null },
    });
}

const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True for a calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date YYYY-MM-DD. */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a calendar date YYYY-MM-DD', ...options },
      validator: { validate: isLocalDate },
    });
}
