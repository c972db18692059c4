import type { ReportDto } from '../../../reports/dto/report.dto';
import type { ReportingPeriodDto } from '../../../reporting-periods/dto/reporting-period.dto';
import { localTime } from '../officer-format';

/** A reporting year's state in words: finalized, open, or open again after a finalization. */
export type YearState = 'open' | 'finalized' | 'reopened';

export const yearState = (period: ReportingPeriodDto | undefined): YearState =>
  !period ? 'open' : period.status === 'finalized' ? 'finalized' : period.reopenedAt ? 'reopened' : 'open';

/** Ready reports offered for a finalization, newest first. */
const OFFERED_REPORTS = 10;

export interface YearRow {
  year: number;
  current: boolean;
  state: YearState;
  finalizedAt: string | null;
  reopenedAt: string | null;
  reopenReason: string | null;
  reportId: string | null;
  readyReports: { id: string; language: string; finishedAt: string }[];
}

export interface YearsView {
  years: YearRow[];
}

/**
 * The years a person deals with: the current one and the four before it, and every year that was ever
 * finalized or has a ready report. Times in the organization's zone.
 */
export function yearsView(input: {
  current: number;
  timeZone: string;
  periods: ReportingPeriodDto[];
  reports: ReportDto[];
}): YearsView {
  const byYear = new Map(input.periods.map((p) => [p.year, p]));
  const ready = input.reports.filter((r) => r.status === 'ready');
  const years = new Set<number>([...byYear.keys(), ...ready.map((r) => r.year)]);
  for (let y = input.current; y > input.current - 5; y--) years.add(y);
  const at = (d: Date | null) => d && localTime(new Date(d), input.timeZone);
  return {
    years: [...years]
      .sort((a, b) => b - a)
      .map((year) => {
        const period = byYear.get(year);
        return {
          year,
          current: year === input.current,
          state: yearState(period),
          finalizedAt: at(period?.finalizedAt ?? null),
          reopenedAt: at(period?.reopenedAt ?? null),
          reopenReason: period?.reopenReason ?? null,
          reportId: period?.reportId ?? null,
          readyReports: ready
            .filter((r) => r.year === year)
            .slice(0, OFFERED_REPORTS)
            .map((r) => ({ id: r.id, language: r.language, finishedAt: at(r.finishedAt ?? r.requestedAt)! })),
        };
      }),
  };
}
