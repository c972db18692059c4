import { whToMwh } from '../common/energy';
import { isCountryCode } from '../common/geo';
import type {
  InstrumentType,
  KrProcurementTag,
  ProcurementMethod as Re100Method,
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

/**
 * Scope 2 emissions, location- and market-based (GHG Protocol Scope 2 Guidance; S2-DUAL-1, S2-LB-1, S2-MB-1,
 * S2-MB-2). Pure: plain inputs, plain result, no Nest, TypeORM or I/O.
 *
 * Everything is computed exactly (Wh as bigint, factors as exact decimals) and rounded once, to t CO2e with
 * 3 decimals half away from zero, at output. Totals are sums of the exact slice values, so the exact figures
 * tie out (organization = Σ countries = Σ sites = Σ slices); each rounded figure is the rounding of its own
 * exact value, so rounded site figures may differ from the rounded total by the rounding of each part.
 *
 * S2-QC: the caller passes as renewable slices only instruments that meet the Scope 2 quality criteria
 * (convey the attribute, only claim, retired by/for the reporter, close in time, same market). Energy behind
 * an instrument that fails is simply not a slice: it stays in the site's remainder, which takes the
 * supplier-specific factor or the residual mix (or the grid average where there is none).
 */

export const RENEWABLE_TECHNOLOGIES = ['WIND', 'SOLAR', 'GEOTHERMAL', 'HYDRO', 'BIOMASS'] as const;
export type RenewableTechnology = (typeof RENEWABLE_TECHNOLOGIES)[number];

/** A slice's procurement: the RE100 method, or the Korean method kept as a tag (S2-MB-2 zero-rates some). */
export type ProcurementMethod = Re100Method | KrProcurementTag;

export type { InstrumentType };

export type Scope2Method = 'LOCATION_BASED' | 'MARKET_BASED';

/** A renewable slice of a site's consumption: eligible, and backed by an instrument that passed S2-QC. */
export interface Scope2RenewableSliceInput {
  claimId: string;
  wh: bigint;
  technology: RenewableTechnology;
  /**
   * The certificate type; null for self-generation consumed on site that is counted from its meters without
   * a certificate (RE100 type 1): its attributes stay with the organization, so it gets 0 like an EAC
   * (S2-MB-1), as a tier 2 (direct contract / own generation) slice. Self-generation whose certificates were
   * sold is null power (RE100-CLAIM-2) and is no slice at all.
   */
  instrumentType: InstrumentType | null;
  /** Procurement method or Korean tag; only `KR_GREEN_PREMIUM` changes the result (S2-MB-2). */
  procurementMethod?: ProcurementMethod | null;
  /**
   * For a contract (tier 2, kind CONTRACT) or supplier-specific (tier 3, kind SUPPLIER) slice: the id of its
   * factor in the chosen set. Absent: the slice is EAC-backed and gets 0 (tier 1, S2-MB-1).
   */
  factorId?: string | null;
}

export interface Scope2SiteInput {
  siteId: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Sub-national grid region (`US-RFCE` or `RFCE`), preferred for the grid average (S2-LB-1). */
  gridRegion?: string | null;
  consumptionWh: bigint;
  /** The site's supplier-specific factor (kind SUPPLIER) for energy not covered by slices (tier 3). */
  supplierFactorId?: string | null;
  renewableSlices: readonly Scope2RenewableSliceInput[];
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
}

export const DEFAULT_SCOPE2_OPTIONS: Readonly<Scope2Options> = Object.freeze({
  biomassZeroCo2: true,
  residualMixNotApplicable: Object.freeze(['KR']),
  koreaGreenPremiumZeroRated: false,
});

export interface Scope2Input {
  reportingYear: number;
  /** The factor set chosen for the reporting year (validated rows: defaults or `parseFactorRows`). */
  factors: readonly FactorRow[];
  sites: readonly Scope2SiteInput[];
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

/** One slice of a site's consumption with everything needed to re-perform it (C-3). */
export interface Scope2Slice {
  method: Scope2Method;
  /** The claim behind a renewable slice; null for the site's consumption (LB) or its remainder (MB). */
  claimId: string | null;
  wh: bigint;
  mwh: string;
  technology: RenewableTechnology | null;
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
  /** Gases of the factors summed (`CO2` for AIB residual mixes, which leave out other gases). */
  gases: FactorGas[];
}

export interface Scope2Totals {
  consumptionWh: bigint;
  consumptionMwh: string;
  /** Market-based Wh at a factor of 0 (CDP 7.30.14). */
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
}

export interface Scope2FactorUsed extends FactorRow {
  kgPerMwh: string;
}

export interface Scope2Result {
  reportingYear: number;
  options: Scope2Options;
  organization: Scope2Totals;
  /** Sorted by country code. */
  countries: Scope2CountryResult[];
  /** In input order; sites rejected by validation are left out (see `errors`). */
  sites: Scope2SiteResult[];
  /** Every factor row any slice used, sorted by id. */
  factorsUsed: Scope2FactorUsed[];
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
  zeroEmissionWh: bigint;
}

const emptyAccumulator = (): SiteAccumulator => ({
  lb: ZERO,
  mb: ZERO,
  lbComplete: true,
  mbComplete: true,
  lbGases: new Set(),
  mbGases: new Set(),
  consumptionWh: 0n,
  zeroEmissionWh: 0n,
});

function merge(into: SiteAccumulator, from: SiteAccumulator): void {
  into.lb = addDecimal(into.lb, from.lb);
  into.mb = addDecimal(into.mb, from.mb);
  into.lbComplete &&= from.lbComplete;
  into.mbComplete &&= from.mbComplete;
  from.lbGases.forEach((g) => into.lbGases.add(g));
  from.mbGases.forEach((g) => into.mbGases.add(g));
  into.consumptionWh += from.consumptionWh;
  into.zeroEmissionWh += from.zeroEmissionWh;
}

const figure = (exact: ExactDecimal, complete: boolean, gases: Set<FactorGas>): Scope2Figure => ({
  tCo2e: roundDecimal(exact, 3),
  exactTCo2e: formatDecimal(exact, 3),
  complete,
  gases: [...gases].sort(),
});

const totals = (acc: SiteAccumulator): Scope2Totals => ({
  consumptionWh: acc.consumptionWh,
  consumptionMwh: whToMwh(acc.consumptionWh),
  zeroEmissionWh: acc.zeroEmissionWh,
  locationBased: figure(acc.lb, acc.lbComplete, acc.lbGases),
  marketBased: figure(acc.mb, acc.mbComplete, acc.mbGases),
});

/** t CO2e of `wh` at `kgPerMwh`: Wh × kg/MWh / 10^6 (Wh per MWh) / 10^3 (kg per t), exact. */
const tonnes = (wh: bigint, kgPerMwh: ExactDecimal): ExactDecimal =>
  shiftDecimal(mulDecimal(decimalFromBigint(wh), kgPerMwh), 9);

/**
 * Location- and market-based Scope 2 per site, per country and for the organization (S2-DUAL-1), with every
 * slice's factor, tier and id (C-3). A missing factor is an `errors` entry (`FACTOR_MISSING` with the region)
 * and makes the figures it touches incomplete; it never throws.
 */
export function computeScope2(input: Scope2Input): Scope2Result {
  if (!Number.isInteger(input.reportingYear)) throw new RangeError('reportingYear must be an integer');
  const given = input.options ?? {};
  const options: Scope2Options = {
    biomassZeroCo2: given.biomassZeroCo2 ?? DEFAULT_SCOPE2_OPTIONS.biomassZeroCo2,
    residualMixNotApplicable:
      given.residualMixNotApplicable ?? DEFAULT_SCOPE2_OPTIONS.residualMixNotApplicable,
    koreaGreenPremiumZeroRated:
      given.koreaGreenPremiumZeroRated ?? DEFAULT_SCOPE2_OPTIONS.koreaGreenPremiumZeroRated,
  };
  const errors: Scope2Issue[] = [];
  const notices: Scope2Issue[] = [];
  const used = new Map<string, Scope2FactorUsed>();
  const sites: Scope2SiteResult[] = [];
  const byCountry = new Map<string, SiteAccumulator>();
  const organization = emptyAccumulator();
  const seen = new Set<string>();

  for (const site of input.sites) {
    const problem = siteProblem(site, seen);
    if (problem) {
      errors.push(problem);
      organization.lbComplete = organization.mbComplete = false;
      if (isCountryCode(site.country)) {
        const country = byCountry.get(site.country) ?? emptyAccumulator();
        country.lbComplete = country.mbComplete = false;
        byCountry.set(site.country, country);
      }
      continue;
    }
    seen.add(site.siteId);
    const { result, acc } = computeSite(site, input, options, errors, notices, used);
    sites.push(result);
    const country = byCountry.get(site.country) ?? emptyAccumulator();
    merge(country, acc);
    byCountry.set(site.country, country);
    merge(organization, acc);
  }

  return {
    reportingYear: input.reportingYear,
    options,
    organization: totals(organization),
    countries: [...byCountry.keys()]
      .sort()
      .map((country) => ({ country, ...totals(byCountry.get(country)!) })),
    sites,
    factorsUsed: [...used.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
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
    claimId?: string,
  ) =>
    errors.push({
      code: selection.code,
      siteId: site.siteId,
      ...(claimId ? { claimId } : {}),
      method,
      ...(selection.region ? { region: selection.region } : {}),
      ...(selection.factorId ? { factorId: selection.factorId } : {}),
      message: selection.message,
    });

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
      if (compareDecimal(kgPerMwh, ZERO) === 0) acc.zeroEmissionWh += wh;
    }
    if (choice) {
      (method === 'LOCATION_BASED' ? acc.lbGases : acc.mbGases).add(choice.row.gas);
      if (!used.has(choice.row.id))
        used.set(choice.row.id, { ...choice.row, kgPerMwh: formatDecimal(choice.kgPerMwh) });
      notice(method, flags, choice.row, claim?.claimId ?? null);
    }
    const row = choice?.row;
    const zero = claim?.instrumentType === null ? SELF_GENERATION_ZERO_FACTOR : EAC_ZERO_FACTOR;
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

  // S2-LB-1: all consumption at the grid average, subregion first.
  const locationSlices: Scope2Slice[] = [];
  if (site.consumptionWh > 0n) {
    const selection = selectLocationFactor(input.factors, site, input.reportingYear);
    if (selection.ok)
      locationSlices.push(
        slice('LOCATION_BASED', site.consumptionWh, selection.choice, null, selection.choice.flags),
      );
    else {
      acc.lbComplete = false;
      missing('LOCATION_BASED', selection);
    }
  }

  // S2-MB-1 / S2-MB-2: instrument-backed slices first, then the remainder at the best available tier.
  const marketSlices: Scope2Slice[] = [];
  let remainderSelection: FactorSelection | undefined;
  let remainderReported = false;
  const remainderFactor = (): FactorChoice | null => {
    remainderSelection ??= selectMarketFactor(input.factors, site, input.reportingYear, {
      supplierFactorId: site.supplierFactorId,
      residualMixNotApplicable: options.residualMixNotApplicable,
    });
    if (remainderSelection.ok) return remainderSelection.choice;
    acc.mbComplete = false;
    if (!remainderReported) missing('MARKET_BASED', remainderSelection);
    remainderReported = true;
    return null;
  };

  let coveredWh = 0n;
  for (const claim of site.renewableSlices) {
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
        acc.mbComplete = false;
        missing('MARKET_BASED', selection, claim.claimId);
      }
      continue;
    }
    const fallback: SliceFlag | null =
      claim.instrumentType === 'CONTRACT_ONLY'
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
    const choice = remainderFactor();
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
    const choice = remainderFactor();
    if (choice) marketSlices.push(slice('MARKET_BASED', remainderWh, choice, null, choice.flags));
  }

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
  if (!(RENEWABLE_TECHNOLOGIES as readonly string[]).includes(claim.technology))
    return {
      code: 'SLICE_INVALID',
      message: `${claim.technology} is not a renewable technology (${RENEWABLE_TECHNOLOGIES.join(', ')})`,
    };
  return null;
}
