import { EMPTY } from '../../format';
import { procurementMixChart, trajectoryChart } from '../charts';
import { dataStatusNotice, percent, withUnit, words, type SectionContext } from '../context';
import type { KeyValue } from '../flow';
import { COLOR, SIZE } from '../style';

/** The year on one page: RE % against the requirement, the energy behind it, Scope 2, and two charts. */
export function summarySection(ctx: SectionContext): void {
  const { content, text, f, flow } = ctx;
  const { labels, sentences, sections, statuses } = text;
  const s = content.summary;
  flow.section(sections.summary, 'portrait');
  dataStatusNotice(ctx);

  const mwh = (value: string | null) => withUnit(f, value, labels.mwh);
  const incomplete = (complete: boolean): KeyValue['note'] =>
    complete ? undefined : { text: `(${labels.incomplete})`, color: COLOR.failed };
  const rows: KeyValue[] = [
    { label: labels.rePercent, value: percent(f, s.rePercent), style: { size: 14, weight: 'bold' } },
    { label: labels.requiredPercent, value: percent(f, s.requiredPercent) },
    { label: labels.progressStatus, value: words(statuses, s.status), style: { weight: 'bold' } },
    { label: labels.targetYear, value: s.targetYear === null ? EMPTY : String(s.targetYear) },
    {
      label: labels.nextMilestone,
      value: s.nextMilestone ? `${s.nextMilestone.year}: ${percent(f, s.nextMilestone.percent)}` : EMPTY,
    },
    { label: labels.consumption, value: mwh(s.consumptionMwh) },
    { label: labels.excluded, value: mwh(s.excludedMwh) },
    { label: labels.inScope, value: mwh(s.inScopeMwh) },
    { label: labels.claimed, value: mwh(s.claimedMwh) },
    { label: labels.recognised, value: mwh(s.recognisedMwh), style: { weight: 'bold' } },
    { label: labels.stillToProcure, value: mwh(s.stillToProcureMwh) },
    {
      label: labels.scope2LocationBased,
      value: withUnit(f, s.scope2.locationBasedTCo2e, labels.tco2e),
      note: incomplete(s.scope2.locationBasedComplete),
    },
    {
      label: labels.scope2MarketBased,
      value: withUnit(f, s.scope2.marketBasedTCo2e, labels.tco2e),
      note: incomplete(s.scope2.marketBasedComplete),
    },
  ];
  flow.keyValues(rows, 220);
  if (!s.scope2.locationBasedComplete || !s.scope2.marketBasedComplete) {
    flow.paragraph(sentences.scope2Incomplete, { size: SIZE.small, color: COLOR.failed });
  }
  flow.heading(sections.trajectory);
  trajectoryChart(flow, content.trajectory, f);
  flow.heading(sections.procurementMix);
  procurementMixChart(flow, content.procurementMix, f);
}
