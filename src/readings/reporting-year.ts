/**
 * Reporting years (RE100-REP-1): a year named Y starts on day 1 of the organization's start month M of
 * calendar year Y, at local midnight in the organization's time zone, and lasts twelve months. With M = 1
 * it is the calendar year; with M = 4, "2025" runs from 1 April 2025 to 31 March 2026.
 */
export interface ReportingCalendar {
  timeZone: string;
  startMonth: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The reporting year that a local calendar date ('YYYY-MM-DD') belongs to. */
export function reportingYearOfLocalDate(localDate: string, startMonth: number): number {
  const year = Number(localDate.slice(0, 4));
  const month = Number(localDate.slice(5, 7));
  return month >= startMonth ? year : year - 1;
}

/** First and last-plus-one local dates of a reporting year. */
export function reportingYearDates(year: number, startMonth: number): { from: string; to: string } {
  return { from: `${year}-${pad(startMonth)}-01`, to: `${year + 1}-${pad(startMonth)}-01` };
}
