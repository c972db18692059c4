import { marketOf } from '../re100/engine/market-boundaries';
import type {
  InstrumentStatus,
  InstrumentType,
  KrProcurementTag,
  ProcurementMethod as Re100Method,
  Re100ClaimInput,
  Re100YearInput,
  Re100YearResult,
  Technology,
} from '../re100/engine/types';
import type { FactorRow } from './factor-set';
import type { Scope2Input, Scope2Options, Scope2RenewableSliceInput, Scope2SiteInput } from './scope2';

/**
 * Market-based instruments for Scope 2: the Scope 2 quality criteria (S2-QC) applied to each claim on its
 * own, and the placement of the energy that meets them on sites. Pure: plain inputs and results, no Nest,
 * TypeORM or I/O. `computeScope2` calls it with `Scope2Input.instruments`; `scope2InputFromRe100` builds
 * that input from the facts the RE100 inputs hold (never from RE100 verdicts).
 *
 * S2-QC, as checked here (rule → reason codes):
 * - conveys the attribute: a renewable technology (S2-MB-1) and a certificate, a contract with its own
 *   factor, or energy metered at the site it is consumed at (own generation, an on-site third-party
 *   installation or a direct line) → INELIGIBLE_TECHNOLOGY, INELIGIBLE_INSTRUMENT, NO_CERTIFICATE;
 * - is the only claim on it: the attributes were not sold or transferred (null power, RE100-CLAIM-2), and
 *   the claim is listed once → NULL_POWER, DUPLICATE_CLAIM;
 * - retired by or for the reporter: a certificate is RETIRED with a cancellation date, for the reporter's
 *   legal entity (compared case- and whitespace-insensitively) → NOT_RETIRED, BENEFICIARY_MISMATCH;
 * - close in time: the whole production period of a certificate lies in the vintage window, from
 *   `vintageMonthsBefore` months before the reporting period to `vintageMonthsAfter` months after it (both
 *   6/3 by default, the RE100-CLAIM-3 window, so both views agree on time) → VINTAGE_OUT_OF_WINDOW;
 * - same market: the generator's market is the market the claim is used in, and every site it names is in
 *   that market (market boundaries RE100-MB-1..4, as the caller reads them) → MARKET_BOUNDARY,
 *   CONSUMPTION_NOT_IN_MARKET.
 * RE100-only rules play no part: the facility age limit and its allowance (RE100-AGE-1..3), immaterial
 * markets and excluded sites (RE100-SCOPE-2), sustainability evidence (RE100-CLAIM-5) and the RE100 cap.
 *
 * Placement (deterministic, independent of the order claims are given in): energy that meets S2-QC is
 * placed in stages; within a stage claims go by claim id, and the energy of the claims placed on the same
 * sites goes to them in proportion to the consumption they have left (largest remainder, ties to the
 * earlier site id), the claims filling those shares in claim-id order, so no site ever gets more than it
 * consumes:
 *   0. energy metered at a site (no certificate) on that site only: it is consumed there;
 *   1. every other claim on the sites it names;
 *   2. what is left on the sites of its consumption country (and of its named sites' countries);
 *   3. what is left on any site of its market.
 * Energy that finds no consumption left in its market is a surplus (CAPPED_AT_MARKET_CONSUMPTION): it never
 * moves to another market (S2-QC same market).
 */

export const RENEWABLE_TECHNOLOGIES = ['WIND', 'SOLAR', 'GEOTHERMAL', 'HYDRO', 'BIOMASS'] as const;
export type RenewableTechnology = (typeof RENEWABLE_TECHNOLOGIES)[number];
export const isRenewableTechnology = (technology: string): technology is RenewableTechnology =>
  (RENEWABLE_TECHNOLOGIES as readonly string[]).includes(technology);

/** The S2-QC criterion a reason code is about (null: not a criterion, but input or placement). */
export type S2QcCriterion =
  'CONVEYS_ATTRIBUTE' | 'ONLY_CLAIM' | 'RETIRED_FOR_REPORTER' | 'CLOSE_IN_TIME' | 'SAME_MARKET';

/**
 * Why an instrument's energy is not zero-rated (or contract-rated): its Wh stay in the sites' remainder,
 * which takes the supplier-specific factor, the residual mix or the grid average. The codes are the domain's
 * verdict codes (domain.md §2) where the check is the same, so the two views speak one vocabulary.
 */
export const INSTRUMENT_REASONS = Object.freeze({
  INELIGIBLE_TECHNOLOGY: {
    criterion: 'CONVEYS_ATTRIBUTE',
    message: 'not a renewable technology (S2-MB-1 zero-rates wind, solar, hydro, geothermal, biomass)',
  },
  INELIGIBLE_INSTRUMENT: {
    criterion: 'CONVEYS_ATTRIBUTE',
    message: 'a carbon credit or offset, not an energy attribute certificate',
  },
  NO_CERTIFICATE: {
    criterion: 'CONVEYS_ATTRIBUTE',
    message: 'no certificate, contract factor or metered delivery to the site conveys the attribute',
  },
  NULL_POWER: {
    criterion: 'ONLY_CLAIM',
    message: 'the attributes of this generation were sold or transferred (null power, RE100-CLAIM-2)',
  },
  DUPLICATE_CLAIM: { criterion: 'ONLY_CLAIM', message: 'the claim id is listed twice; the first counts' },
  NOT_RETIRED: {
    criterion: 'RETIRED_FOR_REPORTER',
    message: 'the certificate is not retired (status RETIRED with a cancellation date)',
  },
  BENEFICIARY_MISMATCH: {
    criterion: 'RETIRED_FOR_REPORTER',
    message: 'the certificate is not retired for the reporting legal entity',
  },
  VINTAGE_OUT_OF_WINDOW: {
    criterion: 'CLOSE_IN_TIME',
    message: 'the production period is not within the vintage window',
  },
  MARKET_BOUNDARY: { criterion: 'SAME_MARKET', message: 'the generator is in another market' },
  CONSUMPTION_NOT_IN_MARKET: {
    criterion: 'SAME_MARKET',
    message: 'a site the claim names is unknown or in another market',
  },
  INSTRUMENT_INVALID: {
    criterion: null,
    message: 'invalid: a negative volume, or energy without certificate not metered at exactly one site',
  },
  CAPPED_AT_MARKET_CONSUMPTION: {
    criterion: null,
    message: 'no consumption left on the sites of its market (a surplus; it never moves to another market)',
  },
} satisfies Record<string, { criterion: S2QcCriterion | null; message: string }>);
export type InstrumentReason = keyof typeof INSTRUMENT_REASONS;

/** How an instrument conveys its attribute, which decides its placement and its factor tier. */
export type InstrumentKind =
  /** Metered generation of an installation the organization owns or controls, consumed at the site. */
  | 'OWN_GENERATION'
  /** Metered delivery from a third party's on-site installation or over a direct line: purchased. */
  | 'METERED_SUPPLY'
  /** An energy attribute certificate (tier 1, or tier 2/3 with a contract factor). */
  | 'CERTIFICATE'
  /** A contract without certificate whose own factor (`factorId`, tier 2/3) conveys the attribute. */
  | 'CONTRACT';

/**
 * One claim on energy attributes for the reporting year, with the facts S2-QC needs. Not an RE100 verdict:
 * the same claim the RE100 engine judges, judged again by the Scope 2 criteria.
 */
export interface Scope2InstrumentInput {
  claimId: string;
  volumeWh: bigint;
  technology: Technology;
  method: Re100Method;
  /** Korean procurement tag; `KR_GREEN_PREMIUM` changes the factor (S2-MB-2). */
  krTag?: KrProcurementTag | null;
  /**
   * The certificate type; null when there is none and the energy is metered at the one site it names:
   * own generation (`SELF_GEN_OWNED`), an on-site third-party installation (`SELF_GEN_THIRD_PARTY`) or a
   * direct line (`PPA_PHYSICAL`). Any other method without a certificate conveys nothing.
   */
  instrumentType: InstrumentType | null;
  certificateId?: string | null;
  status?: InstrumentStatus | null;
  /** YYYY-MM-DD. */
  cancellationDate?: string | null;
  beneficiary?: string | null;
  /** First and last production day, YYYY-MM-DD, both inclusive (certificates). */
  vintageStart?: string | null;
  vintageEnd?: string | null;
  /** The generation's attributes (certificates) were sold or transferred to someone else: null power. */
  attributesSold?: boolean;
  /** The market of the generator on the period's first day (RE100-MB-1..4 boundaries). */
  facilityMarket: string;
  /** The market the claim is used in: its energy is placed on sites of this market only. */
  market: string;
  /** Sites the claim is for (placement stage 1); metered energy names exactly its one site. */
  siteIds?: readonly string[];
  /** Country of consumption (placement stage 2). */
  consumptionCountry?: string | null;
  /** A CONTRACT (tier 2) or SUPPLIER (tier 3) factor of the chosen set; the energy then takes it, not 0. */
  factorId?: string | null;
}

/** What S2-QC and the placement need to know about a site. */
export interface PlacementSite {
  siteId: string;
  country: string;
  market: string;
  /** Consumption not yet covered by slices the caller placed itself. */
  roomWh: bigint;
}

export interface S2QcContext {
  /** The reporter's legal entity; certificates must be retired for it. Null: no certificate qualifies. */
  legalEntityName: string | null;
  /** First and last production day a certificate may have, both inclusive. */
  vintageWindow: { first: string; last: string };
  sites: ReadonlyMap<string, { country: string; market: string }>;
}

/** What became of one instrument (C-3): whether it meets S2-QC, and where its energy went. */
export interface Scope2InstrumentResult {
  claimId: string;
  kind: InstrumentKind | null;
  volumeWh: bigint;
  /** Meets S2-QC (before placement). */
  qualifies: boolean;
  /** Why energy is not zero-rated: S2-QC failures, or CAPPED_AT_MARKET_CONSUMPTION for a surplus. */
  reasons: InstrumentReason[];
  placedWh: bigint;
  /** volumeWh − placedWh: the energy that stays in (or never reaches) the sites' remainder. */
  notPlacedWh: bigint;
  /** By site id. */
  placements: { siteId: string; wh: bigint }[];
}

export interface InstrumentPlacementResult {
  /** Each site's instrument slices: metered energy first, then by claim id. */
  bySite: Map<string, Scope2RenewableSliceInput[]>;
  /**
   * Own generation metered at each site (attributes kept or sold): not purchased, so outside the
   * location-based method (S2-LB-1). Uncapped: the caller compares it with the site's consumption.
   */
  ownGenerationWh: Map<string, bigint>;
  /** One per instrument given, sorted by claim id (a duplicate after its first). */
  instruments: Scope2InstrumentResult[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** RE100-CLAIM-1 / S2-QC: beneficiary names compare case- and whitespace-insensitively. */
const entityKey = (name: string): string => name.replace(/\s+/g, '').toLowerCase();

const METERED_METHODS: Readonly<Partial<Record<Re100Method, InstrumentKind>>> = Object.freeze({
  SELF_GEN_OWNED: 'OWN_GENERATION',
  SELF_GEN_THIRD_PARTY: 'METERED_SUPPLY',
  PPA_PHYSICAL: 'METERED_SUPPLY',
});

/** How the instrument conveys its attribute; null when it conveys none (with the reason). */
export function instrumentKind(
  instrument: Scope2InstrumentInput,
): { kind: InstrumentKind } | { kind: null; reason: InstrumentReason } {
  const type = instrument.instrumentType;
  if (type === null) {
    const kind = METERED_METHODS[instrument.method];
    return kind ? { kind } : { kind: null, reason: 'NO_CERTIFICATE' };
  }
  if (type === 'CARBON_OFFSET' || type === 'J_CREDIT') return { kind: null, reason: 'INELIGIBLE_INSTRUMENT' };
  if (type === 'CONTRACT_ONLY')
    return instrument.factorId ? { kind: 'CONTRACT' } : { kind: null, reason: 'NO_CERTIFICATE' };
  return { kind: 'CERTIFICATE' };
}

/** S2-QC for one instrument on its own; `reasons` is empty when it qualifies. */
export function qualifyInstrument(
  instrument: Scope2InstrumentInput,
  ctx: S2QcContext,
): { kind: InstrumentKind | null; reasons: InstrumentReason[] } {
  const reasons: InstrumentReason[] = [];
  const fail = (reason: InstrumentReason) => {
    if (!reasons.includes(reason)) reasons.push(reason);
  };
  const conveyed = instrumentKind(instrument);
  const kind = conveyed.kind;
  const metered = kind === 'OWN_GENERATION' || kind === 'METERED_SUPPLY';
  const siteIds = instrument.siteIds ?? [];

  if (instrument.volumeWh < 0n || (metered && siteIds.length !== 1)) fail('INSTRUMENT_INVALID');
  // Conveys the attribute. Own generation is not Scope 2 whatever its technology (its emissions, if any,
  // are Scope 1), so only purchased energy must be renewable to be zero-rated (S2-MB-1).
  if (conveyed.kind === null) fail(conveyed.reason);
  if (kind !== 'OWN_GENERATION' && !isRenewableTechnology(instrument.technology))
    fail('INELIGIBLE_TECHNOLOGY');
  // Only claim.
  if (instrument.attributesSold) fail('NULL_POWER');
  // Retired by or for the reporter, close in time: certificates only.
  if (kind === 'CERTIFICATE') {
    if (instrument.status !== 'RETIRED' || !instrument.cancellationDate) fail('NOT_RETIRED');
    if (
      !instrument.beneficiary ||
      ctx.legalEntityName === null ||
      entityKey(instrument.beneficiary) !== entityKey(ctx.legalEntityName)
    )
      fail('BENEFICIARY_MISMATCH');
    const { vintageStart, vintageEnd } = instrument;
    if (
      !vintageStart ||
      !vintageEnd ||
      vintageStart < ctx.vintageWindow.first ||
      vintageEnd > ctx.vintageWindow.last ||
      vintageEnd < vintageStart
    )
      fail('VINTAGE_OUT_OF_WINDOW');
  }
  // Same market.
  if (instrument.facilityMarket !== instrument.market) fail('MARKET_BOUNDARY');
  for (const siteId of siteIds) {
    if (ctx.sites.get(siteId)?.market !== instrument.market) fail('CONSUMPTION_NOT_IN_MARKET');
  }
  return { kind, reasons };
}

/** `total` shared in proportion to `weights`, largest remainder, ties to the earlier index. */
function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  const whole = weights.reduce((a, b) => a + b, 0n);
  if (whole === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (total * w) / whole);
  const order = weights
    .map((w, i) => ({ i, r: (total * w) % whole }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  for (const { i } of order) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares;
}

/**
 * S2-QC for every instrument, then the deterministic placement of the qualifying energy (see the module
 * comment). `sites` are the valid sites of the computation.
 */
export function placeInstruments(
  sites: readonly PlacementSite[],
  instruments: readonly Scope2InstrumentInput[],
  ctx: S2QcContext,
): InstrumentPlacementResult {
  const room = new Map(sites.map((s) => [s.siteId, s.roomWh > 0n ? s.roomWh : 0n]));
  const byId = new Map(sites.map((s) => [s.siteId, s]));
  const sorted = [...sites].sort((a, b) => byText(a.siteId, b.siteId));
  const out: InstrumentPlacementResult = { bySite: new Map(), ownGenerationWh: new Map(), instruments: [] };

  // Claim id order, then input order: the input order never matters except between duplicates.
  const ordered = instruments
    .map((instrument, index) => ({ instrument, index }))
    .sort((a, b) => byText(a.instrument.claimId, b.instrument.claimId) || a.index - b.index);

  interface Placing {
    instrument: Scope2InstrumentInput;
    kind: InstrumentKind;
    result: Scope2InstrumentResult;
    left: bigint;
    onSite: Map<string, bigint>;
  }
  const placing: Placing[] = [];
  const seen = new Set<string>();
  for (const { instrument } of ordered) {
    const { kind, reasons } = qualifyInstrument(instrument, ctx);
    const duplicate = seen.has(instrument.claimId);
    if (duplicate) reasons.unshift('DUPLICATE_CLAIM');
    seen.add(instrument.claimId);
    const volume = instrument.volumeWh > 0n ? instrument.volumeWh : 0n;
    const result: Scope2InstrumentResult = {
      claimId: instrument.claimId,
      kind,
      volumeWh: instrument.volumeWh,
      qualifies: reasons.length === 0,
      reasons,
      placedWh: 0n,
      notPlacedWh: instrument.volumeWh,
      placements: [],
    };
    out.instruments.push(result);
    // Own generation is not purchased, kept or sold: outside the location-based method wherever it is valid.
    const ownSite = instrument.siteIds?.[0];
    if (
      kind === 'OWN_GENERATION' &&
      !duplicate &&
      ownSite &&
      byId.has(ownSite) &&
      !reasons.includes('INSTRUMENT_INVALID')
    )
      out.ownGenerationWh.set(ownSite, (out.ownGenerationWh.get(ownSite) ?? 0n) + volume);
    if (result.qualifies && kind && volume > 0n)
      placing.push({ instrument, kind, result, left: volume, onSite: new Map() });
  }

  /**
   * Places what the claims have left on `siteIds`: their pooled energy goes to the sites in proportion to the
   * consumption the sites have left (largest remainder), and the claims fill those shares in claim-id order,
   * site after site. One claim alone is shared in proportion; several placed on the same sites give each
   * site the same share as one claim of their sum would, yet touch few sites each (a market-wide claim
   * spread over every site of a 500-site market made 500 slices per claim).
   */
  const place = (group: readonly Placing[], siteIds: readonly string[]) => {
    const wanted = group.reduce((sum, p) => sum + p.left, 0n);
    if (wanted === 0n || siteIds.length === 0) return;
    const rooms = siteIds.map((id) => room.get(id) ?? 0n);
    const total = rooms.reduce((a, b) => a + b, 0n);
    if (total === 0n) return;
    const shares = wanted >= total ? [...rooms] : apportion(wanted, rooms);
    let i = 0;
    for (const p of group) {
      while (p.left > 0n && i < siteIds.length) {
        const wh = p.left < shares[i] ? p.left : shares[i];
        if (wh > 0n) {
          const siteId = siteIds[i];
          room.set(siteId, room.get(siteId)! - wh);
          shares[i] -= wh;
          p.left -= wh;
          p.onSite.set(siteId, (p.onSite.get(siteId) ?? 0n) + wh);
        }
        if (shares[i] === 0n) i++;
      }
    }
  };
  /** Each claim of a stage on its sites, claims with the same sites together (in claim-id order). */
  const stage = (claims: readonly Placing[], sitesOf: (p: Placing) => string[]) => {
    const groups = new Map<string, { siteIds: string[]; claims: Placing[] }>();
    for (const p of claims) {
      const siteIds = sitesOf(p);
      const key = siteIds.join(',');
      const group = groups.get(key) ?? { siteIds, claims: [] };
      group.claims.push(p);
      groups.set(key, group);
    }
    for (const group of groups.values()) place(group.claims, group.siteIds);
  };
  const bySiteMarket = new Map<string, PlacementSite[]>();
  for (const s of sorted) bySiteMarket.set(s.market, [...(bySiteMarket.get(s.market) ?? []), s]);
  const inMarket = (p: Placing, keep: (s: PlacementSite) => boolean = () => true) =>
    (bySiteMarket.get(p.instrument.market) ?? []).filter(keep).map((s) => s.siteId);

  const metered = placing.filter((p) => p.kind === 'OWN_GENERATION' || p.kind === 'METERED_SUPPLY');
  const others = placing.filter((p) => !metered.includes(p));
  // Stage 0: metered energy on its own site only.
  for (const p of metered) place([p], [p.instrument.siteIds![0]]);
  // Stage 1: the claim's sites.
  stage(others, (p) => {
    const named = new Set(p.instrument.siteIds ?? []);
    return inMarket(p, (s) => named.has(s.siteId));
  });
  // Stage 2: its consumption country and its named sites' countries.
  stage(others, (p) => {
    const countries = new Set<string>();
    if (p.instrument.consumptionCountry) countries.add(p.instrument.consumptionCountry.toUpperCase());
    for (const id of p.instrument.siteIds ?? []) {
      const site = byId.get(id);
      if (site) countries.add(site.country.toUpperCase());
    }
    return inMarket(p, (s) => countries.has(s.country.toUpperCase()));
  });
  // Stage 3: its market.
  stage(others, (p) => inMarket(p));

  for (const p of [...metered, ...others]) {
    const { instrument, result } = p;
    for (const [siteId, wh] of p.onSite) {
      result.placements.push({ siteId, wh });
      result.placedWh += wh;
      const slices = out.bySite.get(siteId) ?? [];
      slices.push({
        claimId: instrument.claimId,
        wh,
        technology: instrument.technology,
        instrumentType: instrument.instrumentType,
        procurementMethod: instrument.krTag ?? instrument.method,
        ...(instrument.factorId && p.kind !== 'OWN_GENERATION' ? { factorId: instrument.factorId } : {}),
        ...(p.kind === 'OWN_GENERATION' ? { ownGeneration: true } : {}),
      });
      out.bySite.set(siteId, slices);
    }
    result.placements.sort((a, b) => byText(a.siteId, b.siteId));
    result.notPlacedWh = result.volumeWh - result.placedWh;
    if (p.left > 0n) result.reasons.push('CAPPED_AT_MARKET_CONSUMPTION');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Dates (YYYY-MM-DD strings compare as dates; arithmetic in UTC)
// ---------------------------------------------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const dateParts = (date: string): [number, number, number] => {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`${date} is not a YYYY-MM-DD date`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};
function addMonths(date: string, months: number): string {
  const [y, m, d] = dateParts(date);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}
const addDays = (date: string, days: number): string => {
  const [y, m, d] = dateParts(date);
  return iso(new Date(Date.UTC(y, m - 1, d + days)));
};

/**
 * S2-QC close in time: the first and last production day a certificate for the period may have, both
 * inclusive. Calendar 2024 with 6/3 months: 2023-07-01 … 2025-03-31 (the RE100-CLAIM-3 window).
 */
export function vintageWindow(
  periodStart: string,
  periodEnd: string,
  monthsBefore: number,
  monthsAfter: number,
): { first: string; last: string } {
  return {
    first: addMonths(periodStart, -monthsBefore),
    last: addDays(addMonths(addDays(periodEnd, 1), monthsAfter), -1),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The caller's side: Scope 2 input from the facts of the RE100 inputs (never from verdicts)
// ---------------------------------------------------------------------------------------------------------

/** What a site has beyond the RE100 inputs: its grid region (S2-LB-1) and supplier factor (S2-MB-1). */
export interface Scope2SiteFacts {
  gridRegion?: string | null;
  supplierFactorId?: string | null;
}

/** The market a country is in on the period's first day (the boundaries the RE100 inputs carry). */
const marketIn = (input: Re100YearInput) => (country: string) =>
  marketOf(country, input.periodStart, input.boundaries);

/** One claim's facts as a Scope 2 instrument. Self-generation claims carry no instrument: metered. */
export function scope2Instrument(
  claim: Re100ClaimInput,
  market: (country: string) => string,
): Scope2InstrumentInput {
  const certificate = claim.instrument ?? null;
  return {
    claimId: claim.claimId,
    volumeWh: claim.volumeWh,
    technology: claim.technology,
    method: claim.method,
    krTag: claim.krTag ?? null,
    instrumentType: certificate?.type ?? null,
    certificateId: certificate?.certificateId ?? null,
    status: certificate?.status ?? null,
    cancellationDate: certificate?.cancellationDate ?? null,
    beneficiary: certificate?.beneficiary ?? null,
    vintageStart: certificate?.vintageStart ?? null,
    vintageEnd: certificate?.vintageEnd ?? null,
    attributesSold: claim.certificatesSoldOn ?? false,
    facilityMarket: market(claim.facility.country),
    market: claim.consumptionMarket,
    siteIds: [...(claim.siteIds ?? [])],
    consumptionCountry: claim.consumptionCountry ?? null,
  };
}

/**
 * The input of `computeScope2` for a year, from what the RE100 engine is given (sites, claims with their
 * certificates, facilities and contracts, market boundaries, legal entity, period, vintage window) plus
 * each site's grid region and supplier factor. The RE100 result is not needed: Scope 2 applies S2-QC itself.
 * Own generation consumed on site reaches it as the self-generation claims (method SELF_GEN_OWNED, no
 * certificate, one site): it is taken out of the location-based figure; kept attributes give 0 in the
 * market-based one, sold ones (`certificatesSoldOn`) leave it at the residual mix.
 */
export function scope2InputFromRe100(
  input: Re100YearInput,
  extra: {
    factors: readonly FactorRow[];
    sites?: ReadonlyMap<string, Scope2SiteFacts>;
    options?: Partial<Scope2Options>;
  },
): Scope2Input {
  const market = marketIn(input);
  const sites: Scope2SiteInput[] = input.sites.map((s) => ({
    siteId: s.siteId,
    country: s.country,
    gridRegion: extra.sites?.get(s.siteId)?.gridRegion ?? null,
    supplierFactorId: extra.sites?.get(s.siteId)?.supplierFactorId ?? null,
    market: market(s.country),
    consumptionWh: s.consumptionWh,
  }));
  return {
    reportingYear: input.year,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    legalEntityName: input.legalEntityName,
    factors: extra.factors,
    sites,
    instruments: input.claims.map((c) => scope2Instrument(c, market)),
    options: {
      vintageMonthsBefore: input.ruleset.vintageMonthsBefore,
      vintageMonthsAfter: input.ruleset.vintageMonthsAfter,
      ...extra.options,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Compatibility: the former verdict-based entry point, now on S2-QC
// ---------------------------------------------------------------------------------------------------------

export interface RenewablePlacement {
  claimId: string;
  siteId: string;
  wh: bigint;
}

/** A claim of the year that gives no slice, or only part of its volume. */
export interface ClaimNotUsed {
  claimId: string;
  /** INELIGIBLE: fails S2-QC or places nothing; PARTIAL: part of it is a surplus. */
  status: 'PARTIAL' | 'INELIGIBLE';
  volumeWh: bigint;
  /** Wh placed on sites (S2-QC met, consumption left). */
  eligibleWh: bigint;
  notUsedWh: bigint;
  reasons: InstrumentReason[];
}

export interface RenewableSlices {
  bySite: Map<string, Scope2RenewableSliceInput[]>;
  placements: RenewablePlacement[];
  notUsed: ClaimNotUsed[];
  /** Always empty: a surplus is in `notUsed` (CAPPED_AT_MARKET_CONSUMPTION). */
  unplaced: { claimId: string; wh: bigint }[];
}

/**
 * @deprecated Build the input with `scope2InputFromRe100` and read `Scope2Result.instruments`: that input
 * also takes own generation out of the location-based figure, which slices placed here cannot.
 *
 * Slices placed by S2-QC from the claims' facts, in the former shape. The RE100 result is ignored: the
 * engine's verdicts no longer decide Scope 2.
 */
export function renewableSlices(input: Re100YearInput, _result?: Re100YearResult): RenewableSlices {
  const scope2 = scope2InputFromRe100(input, { factors: [] });
  const sites = scope2.sites.map((s) => ({
    siteId: s.siteId,
    country: s.country,
    market: s.market!,
    roomWh: s.consumptionWh,
  }));
  const placed = placeInstruments(sites, scope2.instruments!, {
    legalEntityName: input.legalEntityName,
    vintageWindow: vintageWindow(
      input.periodStart,
      input.periodEnd,
      input.ruleset.vintageMonthsBefore,
      input.ruleset.vintageMonthsAfter,
    ),
    sites: new Map(sites.map((s) => [s.siteId, s])),
  });
  const order = new Map(input.claims.map((c, i) => [c.claimId, i]));
  const results = [...placed.instruments].sort(
    (a, b) => (order.get(a.claimId) ?? 0) - (order.get(b.claimId) ?? 0),
  );
  return {
    bySite: placed.bySite,
    placements: results.flatMap((r) => r.placements.map((p) => ({ claimId: r.claimId, ...p }))),
    notUsed: results
      .filter((r) => r.notPlacedWh > 0n)
      .map((r): ClaimNotUsed => ({
        claimId: r.claimId,
        status: r.placedWh > 0n ? 'PARTIAL' : 'INELIGIBLE',
        volumeWh: r.volumeWh,
        eligibleWh: r.placedWh,
        notUsedWh: r.notPlacedWh,
        reasons: [...r.reasons],
      })),
    unplaced: [],
  };
}
