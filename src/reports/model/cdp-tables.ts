import { whToMwh } from '../../common/energy';
import type { Scope2Result } from '../../emissions/scope2';
import type { YearFigures } from '../../figures/year-figures';
import {
  RE100_TECHNOLOGIES,
  type ClaimVerdict,
  type Re100YearResult,
  type Technology,
} from '../../re100/engine';
import type { CdpOptionList, CdpQuestionnaire } from '../templates/cdp-template';
import type { CdpTable, CdpValue } from './report-model';

/** A measured self-generation claim (RE100-SCOPE-1) rather than an allocated certificate. */
export const isMeasuredClaim = (claimId: string) => claimId.startsWith('self-generation:');

/** The exact Wh behind the CDP tables the checks tie out (domain §4). */
export interface CdpExact {
  /** Σ 7.30.17: recognised renewable electricity from certificates and contracts. */
  purchasedRenewableWh: bigint;
  /** 7.30.9 electricity row, renewable generation consumed = Σ 7.30.19 consumed. */
  selfGeneratedRenewableWh: bigint;
  facilityConsumedWh: bigint;
  /** Σ 7.30.16 totals and Σ of their purchased + self-generated columns. */
  byCountryTotalWh: bigint;
  byCountryPartsWh: bigint;
  /** 7.30.1 total energy consumption. */
  totalConsumptionWh: bigint;
}

interface Row {
  values: Record<string, CdpValue>;
  /** Exact Wh of each MWh column, to sum before rounding. */
  wh: Record<string, bigint>;
}

const yearOf = (date: string | null | undefined) => (date ? Number(date.slice(0, 4)) : null);
const sum = <T>(items: readonly T[], of: (item: T) => bigint) => items.reduce((s, i) => s + of(i), 0n);

/**
 * CDP module 7 tables of a reporting year (domain §4), filled from the same results the API presents, in
 * the questionnaire's question and column order, with CDP's option labels from the template. MWh have the
 * questionnaire's 2 decimals, each rounded from its exact Wh; totals are the exact sums, rounded.
 */
export function cdpTables(
  figures: YearFigures,
  re100: Re100YearResult,
  scope2: Scope2Result,
  questionnaire: CdpQuestionnaire,
): { tables: CdpTable[]; exact: CdpExact } {
  /** CDP's option label of an internal value; null where the template says CDP does not take it. */
  const label = (list: CdpOptionList, value: string | null) => {
    const labels = questionnaire.options[list] as Record<string, string | null>;
    return value === null ? null : value in labels ? labels[value] : value;
  };
  const mwh = (wh: bigint) => whToMwh(wh, questionnaire.mwhDecimals);
  const inputs = new Map(figures.re100.claims.map((c) => [c.claimId, c]));
  const recognised = re100.claims.filter((c) => c.eligibleWh > 0n);
  const purchased = recognised.filter((c) => !isMeasuredClaim(c.claimId));
  const measured = recognised.filter((c) => isMeasuredClaim(c.claimId));
  const marketCountries = new Map(re100.markets.map((m) => [m.market, m.countries]));
  const consumptionCountry = (c: ClaimVerdict) => {
    if (c.basis.consumptionCountry) return c.basis.consumptionCountry;
    const countries = marketCountries.get(c.market) ?? [];
    return countries.length === 1 ? countries[0] : null;
  };
  const commissioningYear = (claimId: string) => {
    const facility = inputs.get(claimId)?.facility;
    const years = [yearOf(facility?.commissioningDate), yearOf(facility?.repoweringDate)].filter(
      (y): y is number => y !== null,
    );
    return years.length ? Math.max(...years) : null;
  };

  const q = (id: string) => questionnaire.questions.find((question) => question.id === id)!;
  const table = (id: string, rows: Row[]): CdpTable => {
    const question = q(id);
    const energyColumns = question.columns.filter((c) => c.type === 'mwh').map((c) => c.key);
    return {
      id,
      legacyId: question.legacyId,
      title: question.title,
      columns: question.columns.map(({ key, label: text, type }) => ({ key, label: text, type })),
      rows: rows.map((r) =>
        Object.fromEntries(question.columns.map((c) => [c.key, r.values[c.key] ?? null])),
      ),
      totals:
        energyColumns.length && rows.length
          ? Object.fromEntries(energyColumns.map((k) => [k, mwh(sum(rows, (r) => r.wh[k] ?? 0n))]))
          : null,
    };
  };
  /** Rows with equal values in `keys` merged, their MWh columns summed exactly. */
  const grouped = (rows: Row[], keys: string[]): Row[] => {
    const groups = new Map<string, Row>();
    for (const row of rows) {
      const key = JSON.stringify(keys.map((k) => row.values[k] ?? null));
      const group = groups.get(key);
      if (!group) groups.set(key, { values: { ...row.values }, wh: { ...row.wh } });
      else for (const [k, wh] of Object.entries(row.wh)) group.wh[k] = (group.wh[k] ?? 0n) + wh;
    }
    const merged = [...groups.values()];
    for (const row of merged) for (const [k, wh] of Object.entries(row.wh)) row.values[k] = mwh(wh);
    return merged.sort((a, b) => compareRows(a.values, b.values, keys));
  };

  // 7.7 [C6.3] and 7.16: Scope 2 of the year, and by country.
  const org = scope2.organization;
  const incomplete = [
    org.locationBased.complete ? null : `location-based leaves out ${org.locationBased.leftOutMwh} MWh`,
    org.marketBased.complete ? null : `market-based leaves out ${org.marketBased.leftOutMwh} MWh`,
  ].filter(Boolean);
  const setNames = `${figures.factors.set.name} (${figures.factors.set.version})`;
  const details =
    `GHG Protocol Scope 2 Guidance, dual reporting. Location-based: grid-average factors; market-based: ` +
    `energy attribute certificates and contracts meeting the Scope 2 quality criteria at their factor, the ` +
    `remainder at supplier-specific factors, the residual mix or the grid average where none exists. ` +
    `Factor set: ${setNames}. ` +
    (incomplete.length ? `Incomplete for want of emission factors: ${incomplete.join('; ')}.` : '');
  const t77 = table('7.7', [
    {
      values: {
        reportingYear: String(figures.year),
        scope2LocationBased: org.locationBased.tCo2e,
        scope2MarketBased: org.marketBased.tCo2e,
        endDate: figures.periodEnd,
        methodologicalDetails: details.trim(),
      },
      wh: {},
    },
  ]);
  const t716 = table(
    '7.16',
    scope2.countries.map((c) => ({
      values: {
        country: c.country,
        scope1: null,
        scope2LocationBased: c.locationBased.complete ? c.locationBased.tCo2e : null,
        scope2MarketBased: c.marketBased.complete ? c.marketBased.tCo2e : null,
      },
      wh: {},
    })),
  );

  // 7.30.17 [C8.2h]: recognised renewable electricity from certificates and contracts.
  const purchaseRows = purchased.map((c): Row => {
    const input = inputs.get(c.claimId)!;
    const commissioned = commissioningYear(c.claimId);
    return {
      values: {
        countryOfConsumption: consumptionCountry(c),
        sourcingMethod: label('sourcingMethod', c.basis.method),
        technology: label('technology', c.basis.technology),
        trackingInstrument: label('trackingInstrument', c.basis.instrumentType),
        countryOfOrigin: c.basis.facilityCountry,
        commissioningYearReportable: commissioned !== null,
        commissioningYear: commissioned,
        vintage: yearOf(c.basis.vintage?.start),
        supplyArrangementStartYear: yearOf(input.contract?.signedDate),
        ecolabel: null,
        comment: consumptionCountry(c) ? null : `Allocated to the ${c.market} market (several countries)`,
      },
      wh: { consumedMwh: c.eligibleWh },
    };
  });
  const t73017 = table(
    '7.30.17',
    grouped(
      purchaseRows,
      q('7.30.17')
        .columns.filter((c) => c.type !== 'mwh')
        .map((c) => c.key),
    ),
  );

  // 7.30.19: renewable generation by facility; 7.30.9: the organization's own generation.
  const metersWh = new Map(figures.meters.map((m) => [m.meterId, m]));
  const generated = (meterIds: readonly string[]) =>
    sum(meterIds, (id) => (metersWh.get(id)?.direction === 'generation' ? metersWh.get(id)!.wh : 0n));
  const consumedFrom = (facilityId: string) =>
    sum(
      measured.filter((c) => inputs.get(c.claimId)?.facility.facilityId === facilityId),
      (c) => c.eligibleWh,
    );
  const renewableFacilities = figures.facilities.filter(
    (f) => f.generationMeterIds.length > 0 && RE100_TECHNOLOGIES.has(f.technology as Technology),
  );
  const t73019 = table(
    '7.30.19',
    renewableFacilities.map((f) => ({
      values: {
        country: f.country,
        technology: label('technology', f.technology),
        capacityMw: f.capacityMw,
        eacsIssued: f.certificateTypes.length > 0,
        eacType: f.certificateTypes.length ? label('trackingInstrument', f.certificateTypes[0]) : null,
        comment: f.name,
        totalGeneratedMwh: mwh(generated(f.generationMeterIds)),
        consumedMwh: mwh(consumedFrom(f.facilityId)),
      },
      wh: { totalGeneratedMwh: generated(f.generationMeterIds), consumedMwh: consumedFrom(f.facilityId) },
    })),
  );
  const generationWh = sum(figures.meters, (m) => (m.direction === 'generation' ? m.wh : 0n));
  const selfConsumedWh = sum(figures.re100.sites, (s) => s.selfGenerationConsumedWh);
  const renewableGenerationWh = sum(renewableFacilities, (f) => generated(f.generationMeterIds));
  const selfGeneratedRenewableWh = sum(measured, (c) => c.eligibleWh);
  const t7309 = table(
    '7.30.9',
    generationWh > 0n
      ? [
          {
            values: {
              energyCarrier: label('energyCarrier', 'electricity'),
              totalGrossGenerationMwh: mwh(generationWh),
              generationConsumedMwh: mwh(selfConsumedWh),
              renewableGrossGenerationMwh: mwh(renewableGenerationWh),
              renewableGenerationConsumedMwh: mwh(selfGeneratedRenewableWh),
            },
            wh: {
              totalGrossGenerationMwh: generationWh,
              generationConsumedMwh: selfConsumedWh,
              renewableGrossGenerationMwh: renewableGenerationWh,
              renewableGenerationConsumedMwh: selfGeneratedRenewableWh,
            },
          },
        ]
      : [],
  );

  // 7.30.16 [C8.2g]: consumption by country; 7.30.1 [C8.2a]: totals.
  const excludedBy = (country: string) =>
    re100.excludedSites.filter((s) => s.accepted && s.country === country);
  const countryRows = re100.byCountry.map((c): Row => {
    const excluded = excludedBy(c.country);
    return {
      values: {
        country: c.country,
        purchasedElectricityMwh: mwh(c.purchasedWh),
        selfGeneratedElectricityMwh: mwh(c.selfGenerationConsumedWh),
        excludedFromRe100: c.excludedWh > 0n,
        purchasedHeatMwh: mwh(0n),
        selfGeneratedHeatMwh: mwh(0n),
        totalMwh: mwh(c.consumptionWh),
        exclusionDetails: excluded.length
          ? `${whToMwh(c.excludedWh)} MWh excluded: ` +
            excluded
              .map((s) => `site ${s.siteId} (${s.reasons.join(', ')}${s.note ? `: ${s.note}` : ''})`)
              .join('; ')
          : null,
      },
      wh: {
        purchasedElectricityMwh: c.purchasedWh,
        selfGeneratedElectricityMwh: c.selfGenerationConsumedWh,
        purchasedHeatMwh: 0n,
        selfGeneratedHeatMwh: 0n,
        totalMwh: c.consumptionWh,
      },
    };
  });
  const t73016 = table('7.30.16', countryRows);
  const purchasedWh = sum(re100.byCountry, (c) => c.purchasedWh);
  const purchasedRenewableWh = sum(purchased, (c) => c.eligibleWh);
  const consumptionWh = re100.totals.consumptionWh;
  const nonNegative = (wh: bigint) => (wh < 0n ? 0n : wh);
  const activity = (name: string, renewable: bigint, total: bigint): Row => ({
    values: {
      activity: name,
      heatingValue: null,
      renewableMwh: mwh(renewable),
      nonRenewableMwh: mwh(nonNegative(total - renewable)),
      totalMwh: mwh(total),
    },
    wh: { renewableMwh: renewable, nonRenewableMwh: nonNegative(total - renewable), totalMwh: total },
  });
  const t73001: CdpTable = {
    ...table('7.30.1', [
      activity('Consumption of purchased or acquired electricity', purchasedRenewableWh, purchasedWh),
      activity(
        'Consumption of self-generated non-fuel renewable energy',
        selfGeneratedRenewableWh,
        selfGeneratedRenewableWh,
      ),
      activity('Total energy consumption', purchasedRenewableWh + selfGeneratedRenewableWh, consumptionWh),
    ]),
    totals: null,
  };

  // 7.30.14 [C8.2e]: market-based energy at a zero emission factor.
  const zeroRows = scope2.sites.flatMap((site) =>
    site.marketSlices
      .filter((slice) => Number(slice.kgPerMwh) === 0 && slice.wh > 0n)
      .flatMap((slice): Row[] => {
        const claim = slice.claimId ? inputs.get(slice.claimId) : undefined;
        const method = claim ? label('sourcingMethod', claim.method) : null;
        if (!claim || method === null) return [];
        const commissioned = commissioningYear(claim.claimId);
        return [
          {
            values: {
              country: site.country,
              sourcingMethod: method,
              energyCarrier: label('energyCarrier', 'electricity'),
              technology: label('technology', claim.technology),
              trackingInstrument: label('trackingInstrument', claim.instrument?.type ?? null),
              countryOfOrigin: claim.facility.country,
              commissioningYearReportable: commissioned !== null,
              commissioningYear: commissioned,
              comment: null,
            },
            wh: { consumedMwh: slice.wh },
          },
        ];
      }),
  );
  const t73014 = table(
    '7.30.14',
    grouped(
      zeroRows,
      q('7.30.14')
        .columns.filter((c) => c.type !== 'mwh')
        .map((c) => c.key),
    ),
  );
  const t73018 = table('7.30.18', []);

  const byId: Record<string, CdpTable> = {
    '7.7': t77,
    '7.16': t716,
    '7.30.1': t73001,
    '7.30.9': t7309,
    '7.30.14': t73014,
    '7.30.16': t73016,
    '7.30.17': t73017,
    '7.30.18': t73018,
    '7.30.19': t73019,
  };
  return {
    tables: questionnaire.questions
      .filter((question) => byId[question.id])
      .map((question) => byId[question.id]),
    exact: {
      purchasedRenewableWh,
      selfGeneratedRenewableWh,
      facilityConsumedWh: sum(renewableFacilities, (f) => consumedFrom(f.facilityId)),
      byCountryTotalWh: sum(countryRows, (r) => r.wh.totalMwh),
      byCountryPartsWh: sum(
        countryRows,
        (r) => r.wh.purchasedElectricityMwh + r.wh.selfGeneratedElectricityMwh,
      ),
      totalConsumptionWh: consumptionWh,
    },
  };
}

function compareRows(a: Record<string, CdpValue>, b: Record<string, CdpValue>, keys: string[]): number {
  for (const key of keys) {
    const x = String(a[key] ?? '');
    const y = String(b[key] ?? '');
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
