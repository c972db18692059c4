import { reportingYearDates, reportingYearOfLocalDate } from './reporting-year';

describe('reporting years (RE100-REP-1)', () => {
  it('uses the calendar year when the year starts in January', () => {
    expect(reportingYearOfLocalDate('2026-01-01', 1)).toBe(2026);
    expect(reportingYearOfLocalDate('2026-12-31', 1)).toBe(2026);
    expect(reportingYearDates(2026, 1)).toEqual({ from: '2026-01-01', to: '2027-01-01' });
  });

  it('names a fiscal year by the calendar year it starts in', () => {
    expect(reportingYearOfLocalDate('2026-03-31', 4)).toBe(2025);
    expect(reportingYearOfLocalDate('2026-04-01', 4)).toBe(2026);
    expect(reportingYearDates(2025, 4)).toEqual({ from: '2025-04-01', to: '2026-04-01' });
  });
});
