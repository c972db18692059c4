import { registerDecorator, ValidationOptions } from 'class-validator';
import { invalid } from '../common/app-error';
import { isLocalDate, parseInstant } from '../common/time';
import { startOfLocalDay } from '../common/zoned-time';

/**
 * A bound of a period of readings, in either form `GET /consumption` reads periods in: a local date
 * (`YYYY-MM-DD`: the start of that day in the meter's site zone, as consumption and rollups count days)
 * or an instant with `Z` or an offset.
 */
export const isPeriodBound = (value: unknown): value is string =>
  isLocalDate(value) || parseInstant(value) !== null;

export function IsPeriodBound(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPeriodBound',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          '$property must be a local date YYYY-MM-DD (in the site’s time zone) or an ISO 8601 instant with Z or an offset',
        ...options,
      },
      validator: { validate: isPeriodBound },
    });
}

/** The instant a validated bound stands for at a site. */
export function boundInstant(bound: string, timeZone: string): Date {
  return isLocalDate(bound) ? startOfLocalDay(bound, timeZone) : parseInstant(bound)!;
}

/**
 * The instants [from, to) a period stands for at a site (readings that start within it), either bound
 * open when not given; 422 `PERIOD_REVERSED` when `to` is not after `from`, as for consumption.
 */
export function periodAt(
  period: { from?: string; to?: string },
  timeZone: string,
): { from: Date | null; to: Date | null } {
  const from = period.from === undefined ? null : boundInstant(period.from, timeZone);
  const to = period.to === undefined ? null : boundInstant(period.to, timeZone);
  if (from && to && to <= from) throw invalid('to', 'PERIOD_REVERSED', 'to must be after from');
  return { from, to };
}
