import { addLocalDays, localDateOf, localDateTimeOf, startOfLocalDay } from '../../common/zoned-time';
import { reportingYearOfLocalDate } from '../../readings/reporting-year';

/** What the auditor pages need of the organization's calendar: its zone and its reporting year's first month. */
export interface OrganizationClock {
  timeZone: string;
  reportingYearStartMonth: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the organization's wall-clock time, to the second: "2026-01-05 19:03:12". */
export function localTime(instant: Date | string, timeZone: string): string {
  const t = localDateTimeOf(new Date(instant), timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** The reporting year today belongs to, by the organization's calendar (RE100-REP-1). */
export function currentReportingYear(clock: OrganizationClock, now = new Date()): number {
  return reportingYearOfLocalDate(localDateOf(now, clock.timeZone), clock.reportingYearStartMonth);
}

/** The instant a local day starts in the zone, as the API's ISO 8601 instant. */
export const startOfDayInstant = (localDate: string, timeZone: string): string =>
  startOfLocalDay(localDate, timeZone).toISOString();

/** The instant the local day after `localDate` starts: the end (exclusive) of a range ending that day. */
export const endOfDayInstant = (localDate: string, timeZone: string): string =>
  startOfLocalDay(addLocalDays(localDate, 1), timeZone).toISOString();
