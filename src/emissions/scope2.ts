import { whToMwh } from '../common/energy';
import { isCountryCode } from '../common/geo';
import type {
  InstrumentType,
  KrProcurementTag,
  ProcurementMethod as Re100Method,
  Technology,
} from '../re100/engine/types';
import {
  addDecimal,
  compareDecimal,
  decimalFromBigint,
  ExactDecimal,
  FactorChoice,
  FactorFlag,
  FactorGas,
  FactorRow,
  FactorSelection,
  FactorUnit,
  formatDecimal,
  mulDecimal,
  roundDecimal,
  Scope2Tier,
  selectFactorById,
  selectLocationFactor,
  selectMarketFactor,
  shiftDecimal,
  siteRegions,
  TIER,
  ZERO,
} from './factor-set';
import {
  INSTRUMENT_REASONS,
  InstrumentReason,
  isRenewableTechnology,
  placeInstruments,
  RENEWABLE_TECHNOLOGIES,
  RenewableTechnology,
  Scope2InstrumentInput,
  Scope2InstrumentResult,
  vintageWindow,
} from './renewable-slices';

/**
 * Scope 2 emissions, location- and market-based (GHG Protocol Scope 2 Guidance; S2-DUAL-1, S2-LB-1, S2-MB-1,
 * S2-MB-2, S2-QC). Pure: plain inputs, plain result, no Nest, TypeORM or I/O.
 *
 * Everything is computed exactly (Wh as bigint, factors as exact decimals) and rounded once, to t CO2e with
 * 3 decimals half away from zero, at output. Totals are sums of the exact slice values, so the exact figures
 * tie out (organization = Σ countries = Σ sites = Σ slices); each rounded figure is the rounding of its own
 * exact value, so rounded site figures may differ from the rounded total by the rounding of each part.
 *
 * What each method covers (Scope 2 is purchased electricity):
 * - location-based (S2-LB-1): a site's purchased electricity = consumption − own generation consumed on
 *   site, at the grid average;
 * - market-based (S2-MB-1, S2-MB-2): the whole consumption. Own generation whose attributes the organization
 *   kept is 0 (tier 2, own generation: not purchased); own generation whose attributes were sold is null
 *   power (RE100-CLAIM-2) and takes the remainder factor like purchased electricity. Energy behind
 *   instruments that meet the Scope 2 quality criteria (S2-QC, applied here on their own, never by an RE100
 *   verdict) is 0 (tier 1) or takes its contract factor (tier 2/3); the rest takes the supplier-specific
 *   factor, the residual mix, or the grid average where there is none.
 * The caller passes `instruments` (claims with the facts S2-QC needs; see renewable-slices.ts for the
 * criteria and the deterministic placement on sites). Slices the caller placed itself (`renewableSlices`,
 * deprecated) are still taken as vouched for, but cannot take own generation out of the location-based
 * figure.
 *
 * A figure that leaves energy out (a missing factor, an unknown factor id, an invalid site) says so:
 * `complete: false`, with the Wh, MWh and sites left out (`leftOut…`), per method.
 */

export { INSTRUMENT_REASONS, isRenewableTechnology, RENEWABLE_TECHNOLOGIES };
export type { InstrumentReason, RenewableTechnology, Scope2InstrumentInput, Scope2InstrumentResult };

/** A slice's procurement: the RE100 method, or the Korean method kept as a tag (S2-MB-2 zero-rates some). */
export type ProcurementMethod = Re100Method | KrProcurementTag;

export type { InstrumentType };

export type Scope2Method = 'LOCATION_BASED' | 'MARKET_BASED';

/**
 * A slice of a site's market-based consumption backed by an instrument that passed S2-QC: placed by
 * `computeScope2` from `instruments`, or (deprecated) by the caller.
 */
export interface Scope2RenewableSliceInput {
  claimId: string;
  wh: bigint;
  /** Renewable (S2-MB-1); own generation may be any technology (it is not purchased electricity). */
  technology: Technology;
  /**
   * The certificate type; null for energy counted from meters at the site without a certificate: own
   * generation consumed on site (RE100 type 1), whose attributes stay with the organization, or delivery from
   * an on-site third-party installation or over a direct line, whose contract conveys them. Either gets 0 as
   * a tier 2 (direct contract / own generation) slice (S2-MB-1). Generation whose certificates were sold is
   * null power (RE100-CLAIM-2) and is no slice at all.
   */
  instrumentType: InstrumentType | null;
  /** Procurement method or Korean tag; `KR_GREEN_PREMIUM` changes the result (S2-MB-2). */
  procurementMethod?: ProcurementMethod | null;
  /**
   * For a contract (tier 2, kind CONTRACT) or supplier-specific (tier 3, kind SUPPLIER) slice: the id of its
   * factor in the chosen set. Absent: the slice is EAC-backed and gets 0 (tier 1, S2-MB-1).
   */
  factorId?: string | null;
  /** Own generation consumed at the site (attributes kept): 0 whatever its technology. */
  ownGeneration?: boolean;
}

export interface Scope2SiteInput {
  siteId: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Sub-national grid region (`US-RFCE` or `RFCE`), preferred for the grid average (S2-LB-1). */
  gridRegion?: string | null;
  /**
   * The market boundary the site is in (RE100-MB-1..4, e.g. `EU`, `US-CA`, `KR`): instruments are placed on
   * sites of their market only (S2-QC same market). Default: the country code.
   */
  market?: string | null;
  /**
   * All electricity consumed: purchased + own generation consumed on site (RE100-SCOPE-1: import +
   * generation − export). Own generation comes from the own-generation instruments naming the site.
   */
  consumptionWh: bigint;
  /** The site's supplier-specific factor (kind SUPPLIER) for energy not covered by slices (tier 3). */
  supplierFactorId?: string | null;
  /**
   * @deprecated Pass `Scope2Input.instruments` instead. Slices the caller placed itself, taken as meeting
   * S2-QC; they cannot take own generation out of the location-based figure. Default none.
   */
  renewableSlices?: readonly Scope2RenewableSliceInput[];
}

export interface Scope2Options {
  /** S2-MB-1 (configurable): EAC-backed biomass gets 0 in the market-based method. Default true. */
  biomassZeroCo2: boolean;
  /** S2-MB-2: countries with no residual mix, whose remainder takes the grid average. Default `['KR']`. */
  residualMixNotApplicable: readonly string[];
  /**
   * S2-MB-2 gives EF 0 to PPA, REC and equity volumes in Korea. A green premium (`KR_GREEN_PREMIUM`) is not
   * one of them, so by default it keeps the grid factor; set true to zero-rate it like the others.
   */
  koreaGreenPremiumZeroRated: boolean;
  /**
   * S2-QC close in time: a certificate's production may start this many months before the reporting
   * period. The Scope 2 Guidance asks for vintages "as close as possible" to the consumption without a number;
   * the default is the RE100-CLAIM-3 window (6 before, 3 after), applied here on its own. Default 6.
   */
  vintageMonthsBefore: number;
  /** S2-QC close in time: … and end this many months after it. Default 3. */
  vintageMonthsAfter: number;
}

export const DEFAULT_SCOPE2_OPTIONS: Readonly<Scope2Options> = Object.freeze({
  biomassZeroCo2: true,
  residualMixNotApplicable: Object.freeze(['KR']),
  koreaGreenPremiumZeroRated: false,
  vintageMonthsBefore: 6,
  vintageMonthsAfter: 3,
});

export interface Scope2Input {
  reportingYear: number;
  /** First day of the reporting period, YYYY-MM-DD. Default: 1 January of `reportingYear`. */
  periodStart?: string;
  /** Last day of the reporting period (inclusive), YYYY-MM-DD. Default: 31 December of `reportingYear`. */
  periodEnd?: string;
  /** The reporter's legal entity: certificates must be retired for it (S2-QC). Without it none qualifies. */
  legalEntityName?: string | null;
  /** The factor set chosen for the reporting year (validated rows: defaults or `parseFactorRows`). */
  factors: readonly FactorRow[];
  sites: readonly Scope2SiteInput[];
  /**
   * Claims on energy attributes for the year (certificates, contracts, metered own generation and direct
   * supply), with the facts S2-QC needs; judged and placed here (renewable-slices.ts). Default none.
   */
  instruments?: readonly Scope2InstrumentInput[];
  options?: Partial<Scope2Options>;
}

/** Why a slice got the factor it got, beyond its tier. */
export type SliceFlag =
  | FactorFlag
  /** Biomass with `biomassZeroCo2: false` and no factor of its own: it takes the remainder's factor. */
  | 'BIOMASS_NOT_ZERO_RATED'
  /** A Korean green premium (S2-MB-2): it takes the grid factor unless `koreaGreenPremiumZeroRated`. */
  | 'KR_GREEN_PREMIUM_NOT_ZERO_RATED'
  /** `CONTRACT_ONLY` without a contract factor conveys no attribute: it takes the remainder's factor. */
  | 'NO_INSTRUMENT';

/** Stands in for a factor row on EAC-backed slices: S2-MB-1 sets their factor to 0. */
export const EAC_ZERO_FACTOR = Object.freeze({
  id: 'S2-MB-1-EAC-ZERO',
  source: 'GHG Protocol Scope 2 Guidance: eligible renewable energy backed by a retired EAC (S2-MB-1)',
  edition: '2015',
});

/** Stands in for a factor row on metered self-generation slices (no certificate): 0 as well (S2-MB-1). */
export const SELF_GENERATION_ZERO_FACTOR = Object.freeze({
  id: 'S2-MB-1-SELF-GENERATION-ZERO',
  source:
    'GHG Protocol Scope 2 Guidance: renewable electricity generated and consumed on site, attributes kept (S2-MB-1)',
  edition: '2015',
});

/**
 * Stands in for a factor row on metered delivery from a third party's on-site installation or over a direct
 * line, without certificate, whose contract conveys the attributes: 0 (S2-MB-1, tier 2).
 */
export const DIRECT_SUPPLY_ZERO_FACTOR = Object.freeze({
  id: 'S2-MB-1-DIRECT-SUPPLY-ZERO',
  source:
    'GHG Protocol Scope 2 Guidance: renewable electricity delivered by a direct line or on-site installation, attributes conveyed (S2-MB-1)',
  edition: '2015',
});

/** Methods whose metered delivery (no certificate) is purchased from a third party (tier 2 contract). */
const DIRECT_SUPPLY_METHODS: ReadonlySet<string> = new Set([
  'SELF_GEN_THIRD_PARTY',
  'PPA_PHYSICAL',
  'KR_THIRD_PARTY_PPA',
  'KR_DIRECT_PPA',
]);

/** One slice of a site's consumption with everything needed to re-perform it (C-3). */
export interface Scope2Slice {
  method: Scope2Method;
  /** The claim behind a renewable slice; null for the site's consumption (LB) or its remainder (MB). */
  claimId: string | null;
  wh: bigint;
  mwh: string;
  technology: Technology | null;
  instrumentType: InstrumentType | null;
  tier: Scope2Tier;
  factorId: string;
  source: string;
  edition: string;
  dataYear: number | null;
  region: string | null;
  gas: FactorGas | null;
  /** The factor as published, and its unit (null for EAC slices). */
  factorValue: string | null;
  factorUnit: FactorUnit | null;
  /** The factor used, exact, in kg of `gas` per MWh. */
  kgPerMwh: string;
  /** `wh × kgPerMwh / 10^9`, rounded to 3 decimals. */
  tCo2e: string;
  exactTCo2e: string;
  flags: SliceFlag[];
}

export interface Scope2Figure {
  /** t CO2e, 3 decimals, rounded half away from zero from `exactTCo2e`. */
  tCo2e: string;
  exactTCo2e: string;
  /** False when some consumption has no figure (see `errors`): the total covers only what could be computed. */
  complete: boolean;
  /** Energy this figure leaves out for want of a factor or valid input (see `errors`), in Wh. */
  leftOutWh: bigint;
  /** `leftOutWh` in MWh, 3 decimals. */
  leftOutMwh: string;
  /** Sites with energy left out of this figure, sorted. */
  leftOutSiteIds: string[];
  /** Gases of the factors summed (`CO2` for AIB residual mixes, which leave out other gases). */
  gases: FactorGas[];
}

export interface Scope2Totals {
  /** All consumption: what the market-based figure covers. */
  consumptionWh: bigint;
  consumptionMwh: string;
  /** Consumption − own generation consumed on site: what the location-based figure covers (S2-LB-1). */
  purchasedWh: bigint;
  purchasedMwh: string;
  /** Own generation consumed on site (not purchased), attributes kept or sold. */
  ownGenerationWh: bigint;
  /** Market-based Wh at a factor of 0 (CDP 7.30.14); own generation counts when renewable. */
  zeroEmissionWh: bigint;
  locationBased: Scope2Figure;
  marketBased: Scope2Figure;
}

export interface Scope2SiteResult extends Scope2Totals {
  siteId: string;
  country: string;
  gridRegion: string | null;
  locationSlices: Scope2Slice[];
  marketSlices: Scope2Slice[];
}

export interface Scope2CountryResult extends Scope2Totals {
  country: string;
}

export interface Scope2Issue {
  code: string;
  message: string;
  siteId?: string;
  claimId?: string;
  method?: Scope2Method;
  region?: string;
  factorId?: string;
  rule?: string;
  /** For an error that leaves energy out of a figure: how much, in MWh (3 decimals). */
  leftOutMwh?: string;
}

export interface Scope2FactorUsed extends FactorRow {
  kgPerMwh: string;
}

export interface Scope2Result {
  reportingYear: number;
  /** The reporting period the vintage window was computed from (S2-QC). */
  periodStart: string;
  periodEnd: string;
  options: Scope2Options;
  organization: Scope2Totals;
  /** Sorted by country code. */
  countries: Scope2CountryResult[];
  /** In input order; sites rejected by validation are left out (see `errors`). */
  sites: Scope2SiteResult[];
  /** Every factor row any slice used, sorted by id. */
  factorsUsed: Scope2FactorUsed[];
  /** Each instrument given, sorted by claim id: whether it meets S2-QC and where its energy went (C-3). */
  instruments: Scope2InstrumentResult[];
  /** Missing factors and bad input: figures they touch have `complete: false`. */
  errors: Scope2Issue[];
  /** Method notes the report must show (no residual mix, national instead of subregional factor, …). */
  notices: Scope2Issue[];
}

const FLAG_NOTICE: Record<SliceFlag, { rule: string; message: (region: string) => string }> = {
  SUBNATIONAL_FACTOR_UNAVAILABLE: {
    rule: 'S2-LB-1',
    message: (r) => `No factor for grid region ${r}; the national grid average is used`,
  },
  DATA_YEAR_AFTER_REPORTING_YEAR: {
    rule: 'C-3',
    message: (r) => `No factor for ${r} with a data year up to the reporting year; a later one is used`,
  },
  RESIDUAL_MIX_UNAVAILABLE: {
    rule: 'S2-MB-1',
    message: (r) => `No residual mix for ${r}; the market-based remainder uses the grid average`,
  },
  RESIDUAL_MIX_NOT_APPLICABLE: {
    rule: 'S2-MB-2',
    message: (r) => `${r} has no residual mix; market-based = (consumption − renewables) × grid factor`,
  },
  BIOMASS_NOT_ZERO_RATED: {
    rule: 'S2-MB-1',
    message: () => 'Biomass is not zero-rated (biomassZeroCo2 is off); it takes the remainder factor',
  },
  KR_GREEN_PREMIUM_NOT_ZERO_RATED: {
    rule: 'S2-MB-2',
    message: () => 'Green premium volumes are not zero-rated in Korea; they take the grid factor',
  },
  NO_INSTRUMENT: {
    rule: 'S2-QC',
    message: () => 'A contract without a certificate or contract factor conveys no attribute',
  },
};

interface SiteAccumulator {
  lb: ExactDecimal;
  mb: ExactDecimal;
  lbComplete: boolean;
  mbComplete: boolean;
  lbGases: Set<FactorGas>;
  mbGases: Set<FactorGas>;
  consumptionWh: bigint;
  purchasedWh: bigint;
  ownGenerationWh: bigint;
  zeroEmissionWh: bigint;
  lbLeftOutWh: bigint;
  mbLeftOutWh: bigint;
  lbLeftOutSites: Set<string>;
  mbLeftOutSites: Set<string>;
}

const emptyAccumulator = (): SiteAccumulator => ({
  lb: ZERO,
  mb: ZERO,
  lbComplete: true,
  mbComplete: true,
  lbGases: new Set(),
  mbGases: new Set(),
  consumptionWh: 0n,
  purchasedWh: 0n,
  ownGenerationWh: 0n,
  zeroEmissionWh: 0n,
  lbLeftOutWh: 0n,
  mbLeftOutWh: 0n,
  lbLeftOutSites: new Set(),
  mbLeftOutSites: new Set(),
});

function merge(into: SiteAccumulator, from: SiteAccumulator): void {
  into.lb = addDecimal(into.lb, from.lb);
  into.mb = addDecimal(into.mb, from.mb);
  into.lbComplete &&= from.lbComplete;
  into.mbComplete &&= from.mbComplete;
  from.lbGases.forEach((g) => into.lbGases.add(g));
  from.mbGases.forEach((g) => into.mbGases.add(g));
  into.consumptionWh += from.consumptionWh;
  into.purchasedWh += from.purchasedWh;
  into.ownGenerationWh += from.ownGenerationWh;
  into.zeroEmissionWh += from.zeroEmissionWh;
  into.lbLeftOutWh += from.lbLeftOutWh;
  into.mbLeftOutWh += from.mbLeftOutWh;
  from.lbLeftOutSites.forEach((s) => into.lbLeftOutSites.add(s));
  from.mbLeftOutSites.forEach((s) => into.mbLeftOutSites.add(s));
}

/** A site left out of both methods (invalid or listed twice): its energy, when known, is left out. */
function leaveOut(acc: SiteAccumulator, siteId: string, wh: bigint): void {
  acc.lbComplete = acc.mbComplete = false;
  acc.lbLeftOutWh += wh;
  acc.mbLeftOutWh += wh;
  if (siteId) {
    acc.lbLeftOutSites.add(siteId);
    acc.mbLeftOutSites.add(siteId);
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const figure = (
  exact: ExactDecimal,
  complete: boolean,
  gases: Set<FactorGas>,
  leftOutWh: bigint,
  leftOutSites: Set<string>,
): Scope2Figure => ({
  tCo2e: roundDecimal(exact, 3),
  exactTCo2e: formatDecimal(exact, 3),
  complete: complete && leftOutWh === 0n && leftOutSites.size === 0,
  leftOutWh,
  leftOutMwh: whToMwh(leftOutWh),
  leftOutSiteIds: [...leftOutSites].sort(byText),
  gases: [...gases].sort(),
});

const totals = (acc: SiteAccumulator): Scope2Totals => ({
  consumptionWh: acc.consumptionWh,
  consumptionMwh: whToMwh(acc.consumptionWh),
  purchasedWh: acc.purchasedWh,
  purchasedMwh: whToMwh(acc.purchasedWh),
  ownGenerationWh: acc.ownGenerationWh,
  zeroEmissionWh: acc.zeroEmissionWh,
  locationBased: figure(acc.lb, acc.lbComplete, acc.lbGases, acc.lbLeftOutWh, acc.lbLeftOutSites),
  marketBased: figure(acc.mb, acc.mbComplete, acc.mbGases, acc.mbLeftOutWh, acc.mbLeftOutSites),
});

/** t CO2e of `wh` at `kgPerMwh`: Wh × kg/MWh / 10^6 (Wh per MWh) / 10^3 (kg per t), exact. */
const tonnes = (wh: bigint, kgPerMwh: ExactDecimal): ExactDecimal =>
  shiftDecimal(mulDecimal(decimalFromBigint(wh), kgPerMwh), 9);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day written YYYY-MM-DD (2025-02-29 is not one). */
function isDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Location- and market-based Scope 2 per site, per country and for the organization (S2-DUAL-1), with every
 * slice's factor, tier and id (C-3). Instruments are judged by S2-QC and placed first (renewable-slices.ts).
 * A missing factor is an `errors` entry (`FACTOR_MISSING` with the region and the MWh it leaves out) and
 * makes the figures it touches incomplete; it never throws (bad year or period aside).
 */
export function computeScope2(input: Scope2Input): Scope2Result {
  if (!Number.isInteger(input.reportingYear)) throw new RangeError('reportingYear must be an integer');
  const periodStart = input.periodStart ?? `${input.reportingYear}-01-01`;
  const periodEnd = input.periodEnd ?? `${input.reportingYear}-12-31`;
  if (!isDate(periodStart) || !isDate(periodEnd) || periodEnd < periodStart)
    throw new RangeError('periodStart and periodEnd must be YYYY-MM-DD dates, start ≤ end');
  const given = input.options ?? {};
  const options: Scope2Options = {
    biomassZeroCo2: given.biomassZeroCo2 ?? DEFAULT_SCOPE2_OPTIONS.biomassZeroCo2,
    residualMixNotApplicable:
      given.residualMixNotApplicable ?? DEFAULT_SCOPE2_OPTIONS.residualMixNotApplicable,
    koreaGreenPremiumZeroRated:
      given.koreaGreenPremiumZeroRated ?? DEFAULT_SCOPE2_OPTIONS.koreaGreenPremiumZeroRated,
    vintageMonthsBefore: given.vintageMonthsBefore ?? DEFAULT_SCOPE2_OPTIONS.vintageMonthsBefore,
    vintageMonthsAfter: given.vintageMonthsAfter ?? DEFAULT_SCOPE2_OPTIONS.vintageMonthsAfter,
  };
  const errors: Scope2Issue[] = [];
  const notices: Scope2Issue[] = [];
  const used = new Map<string, Scope2FactorUsed>();
  const sites: Scope2SiteResult[] = [];
  const byCountry = new Map<string, SiteAccumulator>();
  const organization = emptyAccumulator();
  const countryOf = (country: string) => {
    const acc = byCountry.get(country) ?? emptyAccumulator();
    byCountry.set(country, acc);
    return acc;
  };

  // Sites: invalid ones are left out of both methods, with their consumption when it is known.
  const seen = new Set<string>();
  const valid: Scope2SiteInput[] = [];
  for (const site of input.sites) {
    const problem = siteProblem(site, seen);
    if (problem) {
      const wh = site.consumptionWh > 0n ? site.consumptionWh : 0n;
      errors.push({ ...problem, ...(wh > 0n ? { leftOutMwh: whToMwh(wh) } : {}) });
      leaveOut(organization, site.siteId, wh);
      if (isCountryCode(site.country)) leaveOut(countryOf(site.country), site.siteId, wh);
      continue;
    }
    seen.add(site.siteId);
    valid.push(site);
  }

  // S2-QC and placement of the instruments, on the consumption the caller's own slices leave.
  const placementSites = valid.map((site) => {
    const given = (site.renewableSlices ?? []).reduce((n, s) => n + (s.wh > 0n ? s.wh : 0n), 0n);
    return {
      siteId: site.siteId,
      country: site.country,
      market: site.market?.trim() || site.country,
      roomWh: site.consumptionWh - given,
    };
  });
  const placement = placeInstruments(placementSites, input.instruments ?? [], {
    legalEntityName: input.legalEntityName ?? null,
    vintageWindow: vintageWindow(
      periodStart,
      periodEnd,
      options.vintageMonthsBefore,
      options.vintageMonthsAfter,
    ),
    sites: new Map(placementSites.map((s) => [s.siteId, s])),
  });

  for (const site of valid) {
    const slices = [...(site.renewableSlices ?? []), ...(placement.bySite.get(site.siteId) ?? [])];
    const ownGenerationWh = placement.ownGenerationWh.get(site.siteId) ?? 0n;
    const { result, acc } = computeSite(site, slices, ownGenerationWh, input, options, errors, notices, used);
    sites.push(result);
    merge(countryOf(site.country), acc);
    merge(organization, acc);
  }

  for (const instrument of placement.instruments) {
    // Bad input, not a missing factor: its energy, if any, stays in the remainder like any failing claim.
    if (instrument.reasons.includes('INSTRUMENT_INVALID')) {
      errors.push({
        code: 'INSTRUMENT_INVALID',
        claimId: instrument.claimId,
        method: 'MARKET_BASED',
        rule: 'S2-QC',
        message: `Claim ${instrument.claimId}: ${INSTRUMENT_REASONS.INSTRUMENT_INVALID.message}`,
      });
    }
    if (instrument.notPlacedWh <= 0n) continue;
    const why = instrument.reasons.map((r) => `${r}: ${INSTRUMENT_REASONS[r].message}`).join('; ');
    notices.push({
      code: instrument.qualifies ? 'INSTRUMENT_SURPLUS' : 'INSTRUMENT_NOT_ZERO_RATED',
      claimId: instrument.claimId,
      method: 'MARKET_BASED',
      rule: 'S2-QC',
      message: instrument.qualifies
        ? `Claim ${instrument.claimId}: ${whToMwh(instrument.notPlacedWh)} MWh find no consumption left in their market (${why})`
        : `Claim ${instrument.claimId}: ${whToMwh(instrument.notPlacedWh)} MWh are not zero-rated (${why}); they stay in the sites' remainder`,
    });
  }

  return {
    reportingYear: input.reportingYear,
    periodStart,
    periodEnd,
    options,
    organization: totals(organization),
    countries: [...byCountry.keys()]
      .sort()
      .map((country) => ({ country, ...totals(byCountry.get(country)!) })),
    sites,
    factorsUsed: [...used.values()].sort((a, b) => byText(a.id, b.id)),
    instruments: placement.instruments,
    errors,
    notices,
  };
}

function siteProblem(site: Scope2SiteInput, seen: Set<string>): Scope2Issue | null {
  const base = { siteId: site.siteId };
  if (!site.siteId) return { code: 'SITE_INVALID', message: 'siteId is required' };
  if (seen.has(site.siteId))
    return {
      ...base,
      code: 'SITE_DUPLICATE',
      message: `Site ${site.siteId} is listed twice; the second is left out`,
    };
  if (!isCountryCode(site.country))
    return {
      ...base,
      code: 'SITE_INVALID',
      message: `country ${site.country} is not an ISO 3166-1 alpha-2 code`,
    };
  if (site.consumptionWh < 0n)
    return { ...base, code: 'SITE_INVALID', message: 'consumptionWh must not be negative' };
  const grid = site.gridRegion?.trim().toUpperCase();
  if (grid && grid.includes('-') && !grid.startsWith(`${site.country}-`))
    return {
      ...base,
      code: 'SITE_INVALID',
      message: `grid region ${site.gridRegion} is not in country ${site.country}`,
    };
  return null;
}

function computeSite(
  site: Scope2SiteInput,
  slices: readonly Scope2RenewableSliceInput[],
  ownGenerationWh: bigint,
  input: Scope2Input,
  options: Scope2Options,
  errors: Scope2Issue[],
  notices: Scope2Issue[],
  used: Map<string, Scope2FactorUsed>,
): { result: Scope2SiteResult; acc: SiteAccumulator } {
  const acc = emptyAccumulator();
  acc.consumptionWh = site.consumptionWh;
  const { subnational, national } = siteRegions(site);
  const noticed = new Set<string>();

  /** The region a flag is about: the uncovered subregion, the row's region, or the site's region. */
  const flagRegion = (flag: SliceFlag, row: FactorRow): string =>
    flag === 'DATA_YEAR_AFTER_REPORTING_YEAR'
      ? row.region
      : flag === 'SUBNATIONAL_FACTOR_UNAVAILABLE' || flag === 'RESIDUAL_MIX_UNAVAILABLE'
        ? (subnational ?? national)
        : national;
  const where = (flag: SliceFlag, region: string): string =>
    flag === 'RESIDUAL_MIX_UNAVAILABLE' && subnational ? `${subnational} or ${national}` : region;
  const notice = (method: Scope2Method, flags: SliceFlag[], row: FactorRow, claimId: string | null) => {
    for (const flag of flags) {
      const region = flagRegion(flag, row);
      const key = `${method}|${flag}|${claimId ?? ''}`;
      if (noticed.has(key)) continue;
      noticed.add(key);
      const { rule, message } = FLAG_NOTICE[flag];
      notices.push({
        code: flag,
        siteId: site.siteId,
        ...(claimId ? { claimId } : {}),
        method,
        region,
        rule,
        message: message(where(flag, region)),
      });
    }
  };
  const missing = (
    method: Scope2Method,
    selection: Extract<FactorSelection, { ok: false }>,
    leftOutWh: bigint | null,
    claimId?: string,
  ): Scope2Issue => {
    const issue: Scope2Issue = {
      code: selection.code,
      siteId: site.siteId,
      ...(claimId ? { claimId } : {}),
      method,
      ...(selection.region ? { region: selection.region } : {}),
      ...(selection.factorId ? { factorId: selection.factorId } : {}),
      message: selection.message,
      ...(leftOutWh !== null ? { leftOutMwh: whToMwh(leftOutWh) } : {}),
    };
    errors.push(issue);
    return issue;
  };
  const leftOut = (method: Scope2Method, wh: bigint) => {
    if (method === 'LOCATION_BASED') {
      acc.lbComplete = false;
      acc.lbLeftOutWh += wh;
      acc.lbLeftOutSites.add(site.siteId);
    } else {
      acc.mbComplete = false;
      acc.mbLeftOutWh += wh;
      acc.mbLeftOutSites.add(site.siteId);
    }
  };

  const slice = (
    method: Scope2Method,
    wh: bigint,
    choice: FactorChoice | null,
    claim: Scope2RenewableSliceInput | null,
    flags: SliceFlag[],
  ): Scope2Slice => {
    const kgPerMwh = choice ? choice.kgPerMwh : ZERO;
    const exact = tonnes(wh, kgPerMwh);
    if (method === 'LOCATION_BASED') acc.lb = addDecimal(acc.lb, exact);
    else {
      acc.mb = addDecimal(acc.mb, exact);
      // CDP 7.30.14 lists low-carbon energy: own generation from a fuel is 0 in Scope 2, not zero-emission.
      const lowCarbon = !claim?.ownGeneration || isRenewableTechnology(claim.technology);
      if (compareDecimal(kgPerMwh, ZERO) === 0 && lowCarbon) acc.zeroEmissionWh += wh;
    }
    if (choice) {
      (method === 'LOCATION_BASED' ? acc.lbGases : acc.mbGases).add(choice.row.gas);
      if (!used.has(choice.row.id))
        used.set(choice.row.id, { ...choice.row, kgPerMwh: formatDecimal(choice.kgPerMwh) });
      notice(method, flags, choice.row, claim?.claimId ?? null);
    }
    const row = choice?.row;
    const zero =
      claim?.instrumentType !== null
        ? EAC_ZERO_FACTOR
        : !claim.ownGeneration && DIRECT_SUPPLY_METHODS.has(claim.procurementMethod ?? '')
          ? DIRECT_SUPPLY_ZERO_FACTOR
          : SELF_GENERATION_ZERO_FACTOR;
    return {
      method,
      claimId: claim?.claimId ?? null,
      wh,
      mwh: whToMwh(wh),
      technology: claim?.technology ?? null,
      instrumentType: claim?.instrumentType ?? null,
      tier: choice ? choice.tier : zero === EAC_ZERO_FACTOR ? TIER.EAC : TIER.CONTRACT,
      factorId: row ? row.id : zero.id,
      source: row ? row.source : zero.source,
      edition: row ? row.edition : zero.edition,
      dataYear: row ? row.dataYear : null,
      region: row ? row.region : null,
      gas: row ? row.gas : null,
      factorValue: row ? row.value : null,
      factorUnit: row ? row.unit : null,
      kgPerMwh: formatDecimal(kgPerMwh),
      tCo2e: roundDecimal(exact, 3),
      exactTCo2e: formatDecimal(exact, 3),
      flags,
    };
  };

  // Own generation consumed on site is not purchased: no location-based Scope 2 (S2-LB-1).
  let own = ownGenerationWh;
  if (own > site.consumptionWh) {
    acc.lbComplete = false;
    errors.push({
      code: 'OWN_GENERATION_EXCEEDS_CONSUMPTION',
      siteId: site.siteId,
      method: 'LOCATION_BASED',
      message: `Own generation (${whToMwh(own)} MWh) exceeds the site's consumption (${whToMwh(site.consumptionWh)} MWh); none of it is taken as purchased`,
    });
    own = site.consumptionWh;
  }
  acc.ownGenerationWh = own;
  acc.purchasedWh = site.consumptionWh - own;

  // S2-LB-1: purchased electricity at the grid average, subregion first.
  const locationSlices: Scope2Slice[] = [];
  if (acc.purchasedWh > 0n) {
    const selection = selectLocationFactor(input.factors, site, input.reportingYear);
    if (selection.ok)
      locationSlices.push(
        slice('LOCATION_BASED', acc.purchasedWh, selection.choice, null, selection.choice.flags),
      );
    else {
      leftOut('LOCATION_BASED', acc.purchasedWh);
      missing('LOCATION_BASED', selection, acc.purchasedWh);
    }
  }

  // S2-MB-1 / S2-MB-2: instrument-backed slices first, then the remainder at the best available tier.
  const marketSlices: Scope2Slice[] = [];
  let remainderSelection: FactorSelection | undefined;
  let remainderIssue: Scope2Issue | undefined;
  let remainderLeftOutWh = 0n;
  /** The remainder's factor for `wh` more Wh; null (and the Wh left out) when there is none. */
  const remainderFactor = (wh: bigint): FactorChoice | null => {
    remainderSelection ??= selectMarketFactor(input.factors, site, input.reportingYear, {
      supplierFactorId: site.supplierFactorId,
      residualMixNotApplicable: options.residualMixNotApplicable,
    });
    if (remainderSelection.ok) return remainderSelection.choice;
    leftOut('MARKET_BASED', wh);
    remainderLeftOutWh += wh;
    remainderIssue ??= missing('MARKET_BASED', remainderSelection, null);
    return null;
  };

  let coveredWh = 0n;
  for (const claim of slices) {
    const claimProblem = sliceProblem(claim);
    if (claimProblem) {
      // Left out: its energy stays in the remainder (S2-QC).
      errors.push({ ...claimProblem, siteId: site.siteId, claimId: claim.claimId, method: 'MARKET_BASED' });
      continue;
    }
    coveredWh += claim.wh;
    if (claim.factorId) {
      const selection = selectFactorById(input.factors, claim.factorId, ['CONTRACT', 'SUPPLIER']);
      if (selection.ok) marketSlices.push(slice('MARKET_BASED', claim.wh, selection.choice, claim, []));
      else {
        leftOut('MARKET_BASED', claim.wh);
        missing('MARKET_BASED', selection, claim.wh, claim.claimId);
      }
      continue;
    }
    const fallback: SliceFlag | null = claim.ownGeneration
      ? null
      : claim.instrumentType === 'CONTRACT_ONLY'
        ? 'NO_INSTRUMENT'
        : claim.technology === 'BIOMASS' && !options.biomassZeroCo2
          ? 'BIOMASS_NOT_ZERO_RATED'
          : national === 'KR' &&
              claim.procurementMethod === 'KR_GREEN_PREMIUM' &&
              !options.koreaGreenPremiumZeroRated
            ? 'KR_GREEN_PREMIUM_NOT_ZERO_RATED'
            : null;
    if (!fallback) {
      marketSlices.push(slice('MARKET_BASED', claim.wh, null, claim, [])); // tier 1 (or 2): EF 0 (S2-MB-1)
      continue;
    }
    const choice = remainderFactor(claim.wh);
    if (choice)
      marketSlices.push(slice('MARKET_BASED', claim.wh, choice, claim, [fallback, ...choice.flags]));
  }

  const remainderWh = site.consumptionWh - coveredWh;
  if (remainderWh < 0n) {
    acc.mbComplete = false;
    errors.push({
      code: 'SLICES_EXCEED_CONSUMPTION',
      siteId: site.siteId,
      method: 'MARKET_BASED',
      message: `Renewable slices (${whToMwh(coveredWh)} MWh) exceed the site's consumption (${whToMwh(site.consumptionWh)} MWh)`,
    });
  } else if (remainderWh > 0n) {
    const choice = remainderFactor(remainderWh);
    if (choice) marketSlices.push(slice('MARKET_BASED', remainderWh, choice, null, choice.flags));
  }
  if (remainderIssue) remainderIssue.leftOutMwh = whToMwh(remainderLeftOutWh);

  return {
    acc,
    result: {
      siteId: site.siteId,
      country: site.country,
      gridRegion: subnational,
      ...totals(acc),
      locationSlices,
      marketSlices,
    },
  };
}

function sliceProblem(claim: Scope2RenewableSliceInput): Omit<Scope2Issue, 'siteId'> | null {
  if (claim.wh < 0n) return { code: 'SLICE_INVALID', message: 'A renewable slice must not be negative' };
  if (!claim.ownGeneration && !isRenewableTechnology(claim.technology))
    return {
      code: 'SLICE_INVALID',
      message: `${claim.technology} is not a renewable technology (${RENEWABLE_TECHNOLOGIES.join(', ')})`,
    };
  return null;
}
