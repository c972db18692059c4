import type { ClaimRow } from '../../../model/report-model';
import { EMPTY, type Formatter } from '../../format';
import { headed, words, type SectionContext } from '../context';
import type { Rgb } from '../canvas';
import { COLOR, SIZE } from '../style';
import { drawTable, type Column, type Row } from '../table';

const VERDICT_COLORS: Record<ClaimRow['status'], Rgb> = {
  ELIGIBLE: COLOR.passed,
  PARTIAL: [0.7, 0.42, 0.02],
  INELIGIBLE: COLOR.failed,
};

/**
 * Every claim with its evidence and verdict. Related fields share a cell on two lines (registry over
 * instrument, facility over technology), so a claim stays one row of a landscape page; the full claim id
 * and the reasons in words run across the row beneath.
 */
export function claimsSection({ content, text, f, flow }: SectionContext): void {
  const { labels, sections, sentences } = text;
  flow.section(sections.claims, 'landscape');
  if (content.claims.length === 0) {
    flow.paragraph(sentences.noClaims, { size: SIZE.body, color: COLOR.muted });
    return;
  }
  const mwh = (label: string): Column => ({
    header: headed(label, labels.mwh),
    align: 'right',
    nowrap: true,
  });
  const columns: Column[] = [
    { header: labels.claimId, headerSub: labels.kind, nowrap: true },
    { header: labels.market, headerSub: labels.method, nowrap: true },
    { header: labels.registry, headerSub: labels.instrument, nowrap: true },
    { header: labels.serialRange, nowrap: true },
    {
      header: labels.facility,
      headerSub: `${labels.technology} · ${labels.origin} · ${labels.commissioningYear}`,
    },
    { header: labels.vintage, headerSub: labels.cancellationDate, nowrap: true },
    { header: labels.beneficiary, headerSub: labels.contract },
    { header: labels.verdict, nowrap: true },
    mwh(labels.claimed),
    mwh(labels.eligible),
    mwh(labels.ineligible),
  ];
  drawTable(
    flow,
    columns,
    content.claims.map((claim) => claimRow(claim, f)),
    { size: SIZE.table, maxLines: 3 },
  );
}

function claimRow(c: ClaimRow, f: Formatter): Row {
  const { labels, methods, reasons, statuses, technologies } = f.text;
  const or = (value: string | number | null) => (value === null ? EMPTY : String(value));
  const vintage =
    c.vintageStart || c.vintageEnd ? `${f.date(c.vintageStart)} –\n${f.date(c.vintageEnd)}` : EMPTY;
  return {
    cells: [
      { text: shortId(c.claimId), sub: words(statuses, c.kind) },
      { text: c.market, sub: words(methods, c.method) },
      { text: or(c.registry), sub: or(c.instrumentType) },
      { text: or(c.serialStart), sub: c.serialEnd === null ? undefined : `– ${c.serialEnd}` },
      {
        text: c.facilityName,
        sub: `${words(technologies, c.technology)} · ${c.facilityCountry} · ${or(c.commissioningYear)}`,
      },
      { text: vintage, sub: f.date(c.cancellationDate) },
      { text: or(c.beneficiary), sub: c.contract?.counterparty },
      { text: words(statuses, c.status), bold: true, color: VERDICT_COLORS[c.status] },
      f.decimal(c.claimedMwh),
      f.decimal(c.eligibleMwh),
      f.decimal(c.ineligibleMwh),
    ],
    details: [
      { text: `${labels.claimId}: ${c.claimId}` },
      ...c.reasons.map((code) => ({ text: `• ${words(reasons, code)}`, color: COLOR.text })),
    ],
  };
}

/** The id's first part, enough to find the row; the full id is printed under it. */
function shortId(id: string): string {
  const parts = id.split(/[:-]/);
  return parts[0] === 'self' ? `self:${id.split(':')[1]?.slice(0, 8) ?? ''}` : parts[0];
}
