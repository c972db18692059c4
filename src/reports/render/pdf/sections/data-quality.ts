import { EMPTY } from '../../format';
import { headed, withUnit, words, type SectionContext } from '../context';
import type { KeyValue } from '../flow';
import { COLOR, SIZE } from '../style';
import { drawTable, type Row } from '../table';

/**
 * How complete the data behind the figures is: per site its meters' expected, received and missing
 * intervals, then which Scope 2 figures leave energy out for a missing factor (listed, never counted 0 t).
 */
export function dataQualitySection(ctx: SectionContext): void {
  const { content, text, f, flow } = ctx;
  const { labels, sections } = text;
  const { period, dataQuality } = content;
  flow.section(sections.dataQuality, 'landscape');
  if (period.coverageUntil !== null) {
    flow.keyValues([{ label: labels.coverageUntil, value: f.date(period.coverageUntil) }], 200);
  }
  const n = (value: number | null) => f.integer(value);
  const rows: Row[] = [];
  for (const site of dataQuality.sites) {
    rows.push({
      kind: 'group',
      cells: [`${site.name} (${site.country})`, '', '', f.decimal(site.consumptionMwh)],
    });
    for (const m of site.meters) {
      rows.push({
        cells: [
          m.externalId,
          words(text.directions, m.direction),
          // A register meter has no interval: its kind says so.
          m.intervalMinutes === null ? words(text.meterKinds, m.kind) : String(m.intervalMinutes),
          f.decimal(m.mwh),
          n(m.expectedIntervals),
          n(m.receivedIntervals),
          n(m.missingIntervals),
          f.decimal(m.completenessPercent),
          f.decimal(m.estimatedPercent),
          n(m.daysWithoutData),
          f.instant(m.lastReadingAt, period.timeZone),
        ],
      });
    }
  }
  const right = { align: 'right' as const, nowrap: true };
  drawTable(
    flow,
    [
      { header: `${labels.site} / ${labels.meter}` },
      { header: labels.direction, nowrap: true },
      { header: labels.interval, ...right },
      { header: headed(labels.energy, labels.mwh), ...right },
      { header: labels.expectedIntervals, ...right },
      { header: labels.receivedIntervals, ...right },
      { header: labels.missingIntervals, ...right },
      { header: labels.completeness, ...right },
      { header: labels.estimated, ...right },
      { header: labels.daysWithoutData, ...right },
      { header: labels.lastReading, ...right },
    ],
    rows,
  );
  scope2Completeness(ctx);
}

/** A Scope 2 method in words ('Scope 2, location-based'). */
function scope2Method({ labels }: SectionContext['text'], method: string): string {
  if (method === 'LOCATION_BASED') return labels.scope2LocationBased;
  if (method === 'MARKET_BASED') return labels.scope2MarketBased;
  return method;
}

function scope2Completeness({ content, text, f, flow }: SectionContext): void {
  const { labels, sections, sentences } = text;
  const s2 = content.dataQuality.scope2;
  flow.heading(sections.scope2Quality);
  const line = (label: string, complete: boolean, leftOut: string): KeyValue => ({
    label,
    value: `${labels.complete}: ${f.yesNo(complete)} · ${labels.leftOut}: ${withUnit(f, leftOut, labels.mwh)}`,
    note: complete ? undefined : { text: `(${labels.incomplete})`, color: COLOR.failed },
  });
  flow.keyValues(
    [
      line(labels.scope2LocationBased, s2.locationBasedComplete, s2.locationBasedLeftOutMwh),
      line(labels.scope2MarketBased, s2.marketBasedComplete, s2.marketBasedLeftOutMwh),
    ],
    200,
  );
  if (!s2.locationBasedComplete || !s2.marketBasedComplete) {
    flow.paragraph(sentences.scope2Incomplete, { size: SIZE.body, color: COLOR.failed });
  }
  const siteNames = new Map(content.dataQuality.sites.map((s) => [s.siteId, s.name]));
  flow.heading(labels.issues, SIZE.subheading);
  if (s2.issues.length === 0) flow.paragraph(sentences.noIssues, { size: SIZE.body, color: COLOR.muted });
  else
    drawTable(
      flow,
      [{ header: labels.code, nowrap: true }, { header: labels.message }, { header: labels.site }],
      s2.issues.map((i) => ({
        cells: [
          {
            text: i.code,
            color: COLOR.failed,
            sub: i.method === null ? undefined : scope2Method(text, i.method),
          },
          i.message,
          i.siteId === null ? EMPTY : (siteNames.get(i.siteId) ?? i.siteId),
        ],
      })),
    );
  if (s2.notices.length === 0) return;
  flow.heading(labels.notices, SIZE.subheading);
  drawTable(
    flow,
    [
      { header: labels.rule, nowrap: true },
      { header: labels.code, nowrap: true },
      { header: labels.message },
    ],
    s2.notices.map((n) => ({ cells: [n.rule ?? EMPTY, n.code, n.message] })),
  );
}
