import { whToMwh } from '../common/energy';
import { addLocalDays, startOfLocalDay } from '../common/zoned-time';
import type { MeterYear, YearFigures } from './year-figures';

export const DEFAULT_STALE_HOURS = 48;

/** How completely a meter reported in a reporting year (M-4, auditors' check 1). */
export interface MeterCoverage {
  meterId: string;
  externalId: string;
  siteId: string;
  year: number;
  /** The part of the reporting year checked: within the meter's active period and not after `asOf`. */
  checkedFrom: Date;
  checkedTo: Date;
  /** DST-aware count of intervals in the checked period; null for register meters. */
  expectedIntervals: number | null;
  receivedIntervals: number;
  missingIntervals: number | null;
  /** received / expected, 0 to 1; null when nothing is expected. */
  completeness: number | null;
  estimatedShare: number;
  lastReadingAt: Date | null;
  stale: boolean;
}

/**
 * A meter's coverage of the local days [fromDate, toDate) of reporting year `year`, as of `asOf`. Expected
 * intervals come from elapsed time (UTC arithmetic, so a 23-hour local day expects 92 quarter-hours);
 * received ones from the daily rollups. Stale: the meter should still be reporting, and its last reading
 * ended more than `staleAfterHours` before `asOf`.
 */
/** A meter GET /data-quality lists, and the dashboard counts: missing intervals, or no recent reading. */
export const hasGapsOrIsStale = (m: Pick<MeterCoverage, 'missingIntervals' | 'stale'>): boolean =>
  (m.missingIntervals ?? 0) > 0 || m.stale;

export function meterCoverage(
  meter: MeterYear,
  window: { year: number; fromDate: string; toDate: string },
  asOf: Date,
  staleAfterHours = DEFAULT_STALE_HOURS,
): MeterCoverage {
  const intervalMs = (meter.intervalMinutes ?? 15) * 60_000;
  const now = Math.floor(asOf.getTime() / intervalMs) * intervalMs;
  const yearFrom = startOfLocalDay(window.fromDate, meter.timeZone).getTime();
  const yearTo = startOfLocalDay(window.toDate, meter.timeZone).getTime();
  const from = new Date(Math.max(yearFrom, meter.activeFrom?.getTime() ?? -Infinity));
  const to = new Date(Math.min(yearTo, meter.activeTo?.getTime() ?? Infinity, now));
  const expected =
    meter.kind === 'interval' ? Math.max(0, Math.floor((to.getTime() - from.getTime()) / intervalMs)) : null;
  const received = meter.readings;
  const reporting = !meter.activeTo || meter.activeTo.getTime() > asOf.getTime();
  const staleBefore = asOf.getTime() - staleAfterHours * 3_600_000;
  return {
    meterId: meter.meterId,
    externalId: meter.externalId,
    siteId: meter.siteId,
    year: window.year,
    checkedFrom: from,
    checkedTo: to > from ? to : from,
    expectedIntervals: expected,
    receivedIntervals: received,
    missingIntervals: expected === null ? null : Math.max(0, expected - received),
    completeness: expected ? Math.min(1, received / expected) : null,
    estimatedShare: meter.wh === 0n ? 0 : Number((meter.estimatedWh * 1_000_000n) / meter.wh) / 1_000_000,
    lastReadingAt: meter.lastReadingAt,
    stale: reporting && (meter.lastReadingAt === null || meter.lastReadingAt.getTime() < staleBefore),
  };
}

/** Coverage of every meter of a year's figures. */
export const yearCoverage = (
  figures: Pick<YearFigures, 'year' | 'periodStart' | 'periodEnd' | 'meters' | 'asOf'>,
  staleAfterHours = DEFAULT_STALE_HOURS,
): MeterCoverage[] => {
  const window = {
    year: figures.year,
    fromDate: figures.periodStart,
    toDate: addLocalDays(figures.periodEnd, 1),
  };
  return figures.meters.map((m) => meterCoverage(m, window, figures.asOf, staleAfterHours));
};

/** A meter's energy and coverage in a year, as the explanations show it beside a site's consumption. */
export function meterView(m: MeterYear, coverage: MeterCoverage) {
  return {
    meterId: m.meterId,
    externalId: m.externalId,
    direction: m.direction,
    wh: m.wh.toString(),
    mwh: whToMwh(m.wh),
    readings: m.readings,
    estimatedWh: m.estimatedWh.toString(),
    daysWithData: m.daysWithData,
    expectedIntervals: coverage.expectedIntervals,
    missingIntervals: coverage.missingIntervals,
    completeness: coverage.completeness,
  };
}
