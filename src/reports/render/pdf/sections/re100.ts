import { EMPTY } from '../../format';
import { headed, percent, words, type SectionContext } from '../context';
import { COLOR, SIZE } from '../style';
import { drawTable, type Column } from '../table';

/** RE100's view: RE % by market (the criteria's unit), by country and procurement type, the age allowance. */
export function re100Section({ content, text, f, flow }: SectionContext): void {
  const { labels, sections, sentences } = text;
  const re100 = content.re100;
  const mwhColumn = (label: string): Column => ({
    header: headed(label, labels.mwh),
    align: 'right',
    nowrap: true,
  });
  const pctColumn: Column = { header: labels.rePercent, align: 'right', nowrap: true };
  const d = (value: string) => f.decimal(value);
  flow.section(sections.re100, 'landscape');

  flow.heading(sections.markets);
  drawTable(
    flow,
    [
      { header: labels.market, nowrap: true },
      { header: labels.countries },
      mwhColumn(labels.consumption),
      mwhColumn(labels.excluded),
      mwhColumn(labels.inScope),
      mwhColumn(labels.claimed),
      mwhColumn(labels.recognised),
      mwhColumn(labels.capped),
      mwhColumn(labels.ageAllowanceUsed),
      pctColumn,
    ],
    re100.markets.map((m) => ({
      cells: [
        { text: m.market, bold: true },
        m.countries.join(', '),
        d(m.consumptionMwh),
        d(m.excludedMwh),
        d(m.inScopeMwh),
        d(m.claimedMwh),
        d(m.recognisedMwh),
        d(m.cappedMwh),
        d(m.ageAllowanceUsedMwh),
        { text: percent(f, m.rePercent), bold: true },
      ],
    })),
  );

  flow.heading(sections.countries);
  drawTable(
    flow,
    [
      { header: labels.country, nowrap: true },
      { header: labels.market, nowrap: true },
      mwhColumn(labels.consumption),
      mwhColumn(labels.purchased),
      mwhColumn(labels.selfGenerated),
      mwhColumn(labels.excluded),
      mwhColumn(labels.inScope),
      mwhColumn(labels.recognised),
      pctColumn,
    ],
    re100.countries.map((c) => ({
      cells: [
        c.country,
        c.market,
        d(c.consumptionMwh),
        d(c.purchasedMwh),
        d(c.selfGeneratedMwh),
        d(c.excludedMwh),
        d(c.inScopeMwh),
        d(c.recognisedMwh),
        percent(f, c.rePercent),
      ],
    })),
  );

  flow.heading(sections.procurementTypes);
  drawTable(
    flow,
    [
      { header: labels.procurementType },
      { header: labels.claimCount, align: 'right', nowrap: true },
      mwhColumn(labels.claimed),
      mwhColumn(labels.recognised),
      pctColumn,
    ],
    re100.procurementTypes.map((p) => ({
      cells: [
        words(text.procurementTypes, String(p.type)),
        f.integer(p.claimCount),
        d(p.claimedMwh),
        d(p.recognisedMwh),
        percent(f, p.rePercent),
      ],
    })),
  );

  const a = re100.ageAllowance;
  flow.heading(sections.ageAllowance);
  flow.keyValues([
    { label: labels.allowanceShare, value: a.share },
    { label: labels.allowanceFrom, value: f.date(a.ruleFrom) },
    { label: labels.allowanceBase, value: `${d(a.baseMwh)} ${labels.mwh}` },
    { label: labels.allowanceLimit, value: `${d(a.limitMwh)} ${labels.mwh}` },
    { label: labels.allowanceUsed, value: `${d(a.usedMwh)} ${labels.mwh}` },
    { label: labels.allowanceRemaining, value: `${d(a.remainingMwh)} ${labels.mwh}` },
  ]);

  flow.heading(sections.excludedSites);
  if (re100.excludedSites.length === 0) {
    flow.paragraph(sentences.noExcludedSites, { size: SIZE.body, color: COLOR.muted });
    return;
  }
  drawTable(
    flow,
    [
      { header: labels.site },
      { header: labels.country, nowrap: true },
      { header: labels.market, nowrap: true },
      mwhColumn(labels.consumption),
      { header: labels.accepted, nowrap: true },
      { header: labels.reasons },
      { header: labels.note },
    ],
    re100.excludedSites.map((s) => ({
      cells: [
        s.siteName || s.siteId,
        s.country,
        s.market,
        d(s.consumptionMwh),
        f.yesNo(s.accepted),
        s.reasons.map((r) => words(text.siteExclusionReasons, r)).join(' '),
        s.note ?? EMPTY,
      ],
    })),
  );
}
