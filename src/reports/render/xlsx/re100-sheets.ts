import type { ReportModel } from '../../model/report-model';
import type { ReportText } from '../../templates/report-text';
import { formatter } from '../format';
import { typed } from './cells';
import { lines, SheetSpec, table, title, withUnit } from './sheet-spec';
import { procurementTable } from './overview-sheets';

/** A code in the language's words, or the code itself where the text has none (never an empty cell). */
export const words = (group: Record<string, string>, code: string): string => group[code] ?? code;

/** The RE100 sheets: by market, by country, by procurement type, the age allowance, excluded sites. */
export function re100Sheets(model: ReportModel, text: ReportText): SheetSpec[] {
  const { re100 } = model.content;
  const { labels, sections } = text;
  const mwh = (label: string) => ({ header: withUnit(label, labels.mwh), kind: 'mwh' as const });
  const heading = (section: string) => title(`${sections.re100}: ${section}`);
  const { yesNo } = formatter(text);
  return [
    {
      id: 'markets',
      name: sections.markets,
      contents: `${sections.re100}: ${sections.markets}`,
      blocks: [
        lines(heading(sections.markets)),
        table({
          columns: [
            { header: labels.market, kind: 'text' },
            { header: labels.countries, kind: 'text' },
            mwh(labels.consumption),
            mwh(labels.excluded),
            mwh(labels.inScope),
            mwh(labels.claimed),
            mwh(labels.recognised),
            mwh(labels.capped),
            mwh(labels.ageAllowanceUsed),
            { header: labels.rePercent, kind: 'percent' },
          ],
          rows: re100.markets.map((m) => [
            m.market,
            m.countries.join(', '),
            m.consumptionMwh,
            m.excludedMwh,
            m.inScopeMwh,
            m.claimedMwh,
            m.recognisedMwh,
            m.cappedMwh,
            m.ageAllowanceUsedMwh,
            m.rePercent,
          ]),
          empty: text.sentences.noRows,
        }),
      ],
    },
    {
      id: 'countries',
      name: sections.countries,
      contents: `${sections.re100}: ${sections.countries}`,
      blocks: [
        lines(heading(sections.countries)),
        table({
          columns: [
            { header: labels.country, kind: 'text' },
            { header: labels.market, kind: 'text' },
            mwh(labels.consumption),
            mwh(labels.purchased),
            mwh(labels.selfGenerated),
            mwh(labels.excluded),
            mwh(labels.inScope),
            mwh(labels.recognised),
            { header: labels.rePercent, kind: 'percent' },
          ],
          rows: re100.countries.map((c) => [
            c.country,
            c.market,
            c.consumptionMwh,
            c.purchasedMwh,
            c.selfGeneratedMwh,
            c.excludedMwh,
            c.inScopeMwh,
            c.recognisedMwh,
            c.rePercent,
          ]),
          empty: text.sentences.noRows,
        }),
      ],
    },
    {
      id: 'procurementTypes',
      name: sections.procurementTypes,
      contents: `${sections.re100}: ${sections.procurementTypes}`,
      blocks: [lines(heading(sections.procurementTypes)), procurementTable(re100.procurementTypes, text)],
    },
    {
      id: 'ageAllowance',
      name: sections.ageAllowance,
      contents: `${sections.re100}: ${sections.ageAllowance}`,
      blocks: [
        lines(heading(sections.ageAllowance)),
        table({
          columns: [
            { header: labels.path, kind: 'text' },
            { header: labels.value, kind: 'text' },
            { header: labels.unit, kind: 'text' },
          ],
          rows: [
            // The share is the ruleset's fraction ('15/100'), shown as the ruleset writes it.
            [labels.allowanceShare, re100.ageAllowance.share],
            [labels.allowanceFrom, typed('date', re100.ageAllowance.ruleFrom)],
            [labels.allowanceBase, typed('mwh', re100.ageAllowance.baseMwh), labels.mwh],
            [labels.allowanceLimit, typed('mwh', re100.ageAllowance.limitMwh), labels.mwh],
            [labels.allowanceUsed, typed('mwh', re100.ageAllowance.usedMwh), labels.mwh],
            [labels.allowanceRemaining, typed('mwh', re100.ageAllowance.remainingMwh), labels.mwh],
          ],
        }),
      ],
    },
    {
      id: 'excludedSites',
      name: sections.excludedSites,
      contents: `${sections.re100}: ${sections.excludedSites}`,
      blocks: [
        lines(heading(sections.excludedSites)),
        table({
          columns: [
            { header: labels.site, kind: 'text', width: 30 },
            { header: labels.country, kind: 'text' },
            { header: labels.market, kind: 'text' },
            mwh(labels.consumption),
            { header: labels.accepted, kind: 'text' },
            { header: labels.reasons, kind: 'wrap', width: 60 },
            { header: labels.note, kind: 'wrap' },
          ],
          rows: re100.excludedSites.map((s) => [
            s.siteName,
            s.country,
            s.market,
            s.consumptionMwh,
            yesNo(s.accepted),
            s.reasons.map((r) => words(text.siteExclusionReasons, r)).join('\n'),
            s.note,
          ]),
          empty: text.sentences.noExcludedSites,
        }),
      ],
    },
  ];
}

/**
 * The claims register: every claim on one row, its verdict and volumes numeric, its reason codes beside the
 * reasons in words (one per line) so a filter on a code works in any language.
 */
export function claimsSheet(model: ReportModel, text: ReportText): SheetSpec {
  const { labels } = text;
  const mwh = (label: string) => ({ header: withUnit(label, labels.mwh), kind: 'mwh' as const });
  const { claims } = model.content;
  return {
    id: 'claims',
    name: text.sections.claims,
    contents: text.sections.claims,
    blocks: [
      lines(title(text.sections.claims)),
      table({
        columns: [
          { header: labels.claimId, kind: 'text', width: 38 },
          { header: labels.kind, kind: 'text', width: 16 },
          { header: labels.market, kind: 'text' },
          { header: labels.method, kind: 'text', width: 26 },
          { header: labels.procurementType, kind: 'text', width: 30 },
          { header: labels.krTag, kind: 'text', width: 20 },
          { header: labels.registry, kind: 'text', width: 14 },
          { header: labels.serialStart, kind: 'text', width: 24 },
          { header: labels.serialEnd, kind: 'text', width: 24 },
          { header: labels.instrument, kind: 'text', width: 14 },
          { header: labels.facility, kind: 'text', width: 30 },
          { header: labels.technology, kind: 'text', width: 14 },
          { header: labels.origin, kind: 'text' },
          { header: labels.commissioningYear, kind: 'year' },
          { header: labels.vintageStart, kind: 'date' },
          { header: labels.vintageEnd, kind: 'date' },
          { header: labels.cancellationDate, kind: 'date' },
          { header: labels.beneficiary, kind: 'text', width: 30 },
          { header: labels.contractCounterparty, kind: 'text', width: 30 },
          { header: labels.contractSigned, kind: 'date' },
          { header: labels.consumptionCountry, kind: 'text' },
          { header: labels.verdict, kind: 'text', width: 16 },
          mwh(labels.claimed),
          mwh(labels.eligible),
          mwh(labels.ineligible),
          { header: labels.reasonCodes, kind: 'wrap', width: 30 },
          { header: labels.reasons, kind: 'wrap', width: 70 },
        ],
        rows: claims.map((c) => [
          c.claimId,
          words(text.statuses, c.kind),
          c.market,
          words(text.methods, c.method),
          words(text.procurementTypes, String(c.procurementType)),
          c.krTag,
          c.registry,
          c.serialStart,
          c.serialEnd,
          c.instrumentType,
          c.facilityName,
          words(text.technologies, c.technology),
          c.facilityCountry,
          c.commissioningYear,
          c.vintageStart,
          c.vintageEnd,
          c.cancellationDate,
          c.beneficiary,
          c.contract?.counterparty ?? null,
          c.contract?.signedDate ?? null,
          c.consumptionCountry,
          words(text.statuses, c.status),
          c.claimedMwh,
          c.eligibleMwh,
          c.ineligibleMwh,
          c.reasons.join('\n') || null,
          c.reasons.map((r) => words(text.reasons, r)).join('\n') || null,
        ]),
        empty: text.sentences.noClaims,
      }),
    ],
  };
}
