import { whToMwh } from '../../common/energy';
import type { Scope2Result } from '../../emissions/scope2';
import { yearCoverage } from '../../figures/meter-coverage';
import type { MeterYear, YearFigures } from '../../figures/year-figures';
import { percentOf } from '../../re100/engine/percent';
import type { DataQualitySection, MeterQualityRow } from './report-model';

const DAY_MS = 86_400_000;

/**
 * Data quality per site and meter (M-4, auditors' check 1): DST-aware completeness up to `coverageUntil`
 * (the figures' clock, or the start of its day while the year runs), the estimated share, days without data, and Scope 2's completeness: a missing
 * factor is listed as an issue, never counted as 0 t.
 */
export function dataQualitySection(
  figures: YearFigures,
  scope2: Scope2Result,
  coverageUntil: Date,
): DataQualitySection {
  const coverage = new Map(
    yearCoverage({ ...figures, asOf: coverageUntil }).map((c) => [c.meterId, c] as const),
  );
  const consumption = new Map(figures.re100.sites.map((s) => [s.siteId, s.consumptionWh]));
  const meterRow = (m: MeterYear): MeterQualityRow => {
    const c = coverage.get(m.meterId)!;
    const checkedDays = Math.round((c.checkedTo.getTime() - c.checkedFrom.getTime()) / DAY_MS);
    return {
      meterId: m.meterId,
      externalId: m.externalId,
      direction: m.direction,
      kind: m.kind,
      intervalMinutes: m.intervalMinutes,
      mwh: whToMwh(m.wh),
      expectedIntervals: c.expectedIntervals,
      receivedIntervals: c.receivedIntervals,
      missingIntervals: c.missingIntervals,
      completenessPercent: c.expectedIntervals
        ? percentOf(BigInt(Math.min(c.receivedIntervals, c.expectedIntervals)), BigInt(c.expectedIntervals))
        : null,
      estimatedPercent: percentOf(m.estimatedWh, m.wh, 2, 'up'),
      daysWithoutData: Math.max(0, checkedDays - m.daysWithData),
      lastReadingAt: m.lastReadingAt?.toISOString() ?? null,
    };
  };
  const metersOf = new Map<string, MeterYear[]>();
  for (const m of figures.meters) metersOf.set(m.siteId, [...(metersOf.get(m.siteId) ?? []), m]);
  const byExternalId = (a: MeterQualityRow, b: MeterQualityRow) => (a.externalId < b.externalId ? -1 : 1);
  const org = scope2.organization;
  return {
    sites: [...figures.sites]
      .sort((a, b) => (a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.siteId < b.siteId ? -1 : 1))
      .map((site) => ({
        siteId: site.siteId,
        name: site.name,
        country: site.country,
        consumptionMwh: whToMwh(consumption.get(site.siteId) ?? 0n),
        meters: (metersOf.get(site.siteId) ?? []).map(meterRow).sort(byExternalId),
      })),
    scope2: {
      locationBasedComplete: org.locationBased.complete,
      marketBasedComplete: org.marketBased.complete,
      locationBasedLeftOutMwh: org.locationBased.leftOutMwh,
      marketBasedLeftOutMwh: org.marketBased.leftOutMwh,
      issues: scope2.errors.map((e) => ({
        code: e.code,
        message: e.message,
        siteId: e.siteId ?? null,
        method: e.method ?? null,
      })),
      notices: scope2.notices.map((n) => ({
        code: n.code,
        message: n.message,
        rule: n.rule ?? null,
        siteId: n.siteId ?? null,
      })),
    },
  };
}
