import type { ReportModel } from '../../model/report-model';
import type { ReportText } from '../../templates/report-text';
import { formatter } from '../format';
import type { CellSpec } from './cells';
import { typed } from './cells';
import { field, heading, lines, note, SheetSpec, table, title, withUnit } from './sheet-spec';
import { words } from './re100-sheets';

/**
 * Data quality: one row per meter, its site's columns repeated on each so the sheet filters and sorts as a
 * flat table (a site without meters still has its row). Instants are UTC date-times.
 */
export function dataQualitySheet(model: ReportModel, text: ReportText): SheetSpec {
  const { labels } = text;
  const { period, dataQuality } = model.content;
  const rows: CellSpec[][] = [];
  for (const site of dataQuality.sites) {
    const siteCells = [site.name, site.country, site.consumptionMwh];
    if (site.meters.length === 0) rows.push(siteCells);
    for (const m of site.meters) {
      rows.push([
        ...siteCells,
        m.externalId,
        words(text.directions, m.direction),
        words(text.meterKinds, m.kind),
        m.intervalMinutes,
        m.mwh,
        m.expectedIntervals,
        m.receivedIntervals,
        m.missingIntervals,
        m.completenessPercent,
        m.estimatedPercent,
        m.daysWithoutData,
        m.lastReadingAt,
      ]);
    }
  }
  return {
    id: 'dataQuality',
    name: text.sections.dataQuality,
    contents: text.sections.dataQuality,
    blocks: [
      lines(
        title(text.sections.dataQuality),
        period.coverageUntil !== null && field(labels.coverageUntil, typed('date', period.coverageUntil)),
      ),
      table({
        columns: [
          { header: labels.site, kind: 'text', width: 30 },
          { header: labels.country, kind: 'text' },
          { header: withUnit(labels.siteConsumption, labels.mwh), kind: 'mwh' },
          { header: labels.meter, kind: 'text', width: 20 },
          { header: labels.direction, kind: 'text' },
          { header: labels.kind, kind: 'text' },
          { header: labels.interval, kind: 'count' },
          { header: withUnit(labels.energy, labels.mwh), kind: 'mwh' },
          { header: labels.expectedIntervals, kind: 'count' },
          { header: labels.receivedIntervals, kind: 'count' },
          { header: labels.missingIntervals, kind: 'count' },
          { header: labels.completeness, kind: 'percent' },
          { header: labels.estimated, kind: 'percent' },
          { header: labels.daysWithoutData, kind: 'count' },
          { header: `${labels.lastReading} (UTC)`, kind: 'instant' },
        ],
        rows,
        empty: text.sentences.noRows,
      }),
    ],
  };
}

/**
 * Scope 2 completeness: whether each method's total covers all energy, what was left out for want of a
 * factor (never counted as 0 t), the issues and the notices, with the engine's messages as it wrote them.
 */
export function scope2QualitySheet(model: ReportModel, text: ReportText): SheetSpec {
  const { labels } = text;
  const { scope2 } = model.content.dataQuality;
  const { yesNo } = formatter(text);
  const siteNames = new Map(model.content.dataQuality.sites.map((s) => [s.siteId, s.name]));
  return {
    id: 'scope2Quality',
    name: text.sections.scope2Quality,
    contents: text.sections.scope2Quality,
    blocks: [
      lines(
        title(text.sections.scope2Quality),
        (!scope2.locationBasedComplete || !scope2.marketBasedComplete) &&
          note(text.sentences.scope2Incomplete),
      ),
      table({
        columns: [
          { header: labels.method, kind: 'text' },
          { header: labels.complete, kind: 'text' },
          { header: withUnit(labels.leftOut, labels.mwh), kind: 'mwh' },
        ],
        rows: [
          [labels.scope2LocationBased, yesNo(scope2.locationBasedComplete), scope2.locationBasedLeftOutMwh],
          [labels.scope2MarketBased, yesNo(scope2.marketBasedComplete), scope2.marketBasedLeftOutMwh],
        ],
      }),
      lines(heading(labels.issues)),
      table({
        columns: [
          { header: labels.code, kind: 'text', width: 34 },
          { header: labels.message, kind: 'wrap', width: 70 },
          { header: labels.site, kind: 'text', width: 30 },
          { header: labels.method, kind: 'text' },
        ],
        rows: scope2.issues.map((i) => [
          i.code,
          i.message,
          i.siteId === null ? null : (siteNames.get(i.siteId) ?? i.siteId),
          i.method,
        ]),
        empty: text.sentences.noIssues,
      }),
      lines(heading(labels.notices)),
      table({
        columns: [
          { header: labels.code, kind: 'text', width: 34 },
          { header: labels.message, kind: 'wrap', width: 70 },
          { header: labels.rule, kind: 'text' },
        ],
        rows: scope2.notices.map((n) => [n.code, n.message, n.rule]),
        empty: text.sentences.noRows,
      }),
    ],
  };
}
