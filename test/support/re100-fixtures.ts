/** Builders for the engine's scenario specs: small, explicit defaults, everything overridable. */
import { evaluateRe100Year } from '../../src/re100/engine/engine';
import { RE100_V4_1_BOUNDARIES } from '../../src/re100/engine/market-boundaries';
import { RE100_TC_V4_1, RE100_TC_V5_0, Re100Ruleset } from '../../src/re100/engine/ruleset';
import type {
  ClaimVerdict,
  Re100ClaimInput,
  Re100ConsumptionSegment,
  Re100FacilityInput,
  Re100InstrumentInput,
  Re100SiteInput,
  Re100YearInput,
  Re100YearResult,
} from '../../src/re100/engine/types';

/** Whole MWh as Wh (1 MWh = 1,000,000 Wh). */
export const mwh = (n: number): bigint => BigInt(n) * 1_000_000n;

export const LEGAL_ENTITY = 'Acme Manufacturing GmbH';

export const site = (
  siteId: string,
  country: string,
  consumptionMwh: number,
  extra: Partial<Re100SiteInput> = {},
): Re100SiteInput => ({
  siteId,
  country,
  excluded: false,
  exclusionReason: null,
  consumptionWh: mwh(consumptionMwh),
  selfGenerationConsumedWh: 0n,
  ...extra,
});

/** Dated consumption of a site, both days inclusive. */
export const segment = (start: string, end: string, consumptionMwh: number): Re100ConsumptionSegment => ({
  start,
  end,
  consumptionWh: mwh(consumptionMwh),
});

/** A site whose consumption is given by dated segments; its total is their sum. */
export const datedSite = (
  siteId: string,
  country: string,
  segments: Re100ConsumptionSegment[],
  extra: Partial<Re100SiteInput> = {},
): Re100SiteInput => ({
  ...site(siteId, country, 0, extra),
  consumptionWh: segments.reduce((s, g) => s + g.consumptionWh, 0n),
  consumptionSegments: segments,
});

type ClaimOverrides = Partial<Omit<Re100ClaimInput, 'facility' | 'instrument'>> & {
  facility?: Partial<Re100FacilityInput>;
  /** null: no instrument at all. */
  instrument?: Partial<Re100InstrumentInput> | null;
};

/**
 * A claim that passes every rule for calendar 2024 unless overridden: an unbundled GO from a German wind
 * farm commissioned in 2020, retired for the legal entity in February 2025, vintage 2024, for the EU market.
 */
export function claim(claimId: string, volumeMwh: number, o: ClaimOverrides = {}): Re100ClaimInput {
  const { facility, instrument, ...rest } = o;
  return {
    claimId,
    method: 'UNBUNDLED_EAC',
    volumeWh: mwh(volumeMwh),
    consumptionMarket: 'EU',
    technology: 'WIND',
    ...rest,
    facility: { country: 'DE', commissioningDate: '2020-06-01', sustainabilityEvidence: false, ...facility },
    instrument:
      instrument === null
        ? null
        : {
            type: 'GO',
            status: 'RETIRED',
            cancellationDate: '2025-02-15',
            beneficiary: LEGAL_ENTITY,
            vintageStart: '2024-01-01',
            vintageEnd: '2024-12-31',
            ...instrument,
          },
  };
}

/** Calendar 2024 under RE100_TC_v4_1 and the v4.1 boundaries. */
export function year2024(
  sites: Re100SiteInput[],
  claims: Re100ClaimInput[],
  ruleset: Partial<Re100Ruleset> = {},
  extra: Partial<Re100YearInput> = {},
): Re100YearInput {
  return {
    year: 2024,
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
    ruleset: { ...RE100_TC_V4_1, ...ruleset },
    boundaries: RE100_V4_1_BOUNDARIES,
    legalEntityName: LEGAL_ENTITY,
    sites,
    claims,
    ...extra,
  };
}

export const evaluate2024 = (...args: Parameters<typeof year2024>): Re100YearResult =>
  evaluateRe100Year(year2024(...args));

/**
 * A claim that passes every rule for calendar 2026 under RE100_TC_v5_0 unless overridden: `claim` with a
 * 2026 vintage, retired in February 2027, its cancellation statement attached (V5-CANCEL-1).
 */
export function claim2026(claimId: string, volumeMwh: number, o: ClaimOverrides = {}): Re100ClaimInput {
  const { instrument, ...rest } = o;
  return claim(claimId, volumeMwh, {
    ...rest,
    instrument:
      instrument === null
        ? null
        : {
            cancellationDate: '2027-02-15',
            vintageStart: '2026-01-01',
            vintageEnd: '2026-12-31',
            cancellationStatementAttached: true,
            ...instrument,
          },
  });
}

/** Calendar 2026 under RE100_TC_v5_0 (v4.1 boundaries: v5.0 leaves them unconfirmed). */
export function year2026(
  sites: Re100SiteInput[],
  claims: Re100ClaimInput[],
  ruleset: Partial<Re100Ruleset> = {},
  extra: Partial<Re100YearInput> = {},
): Re100YearInput {
  return year2024(
    sites,
    claims,
    { ...RE100_TC_V5_0, ...ruleset },
    {
      year: 2026,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      ...extra,
    },
  );
}

export const evaluate2026 = (...args: Parameters<typeof year2026>): Re100YearResult =>
  evaluateRe100Year(year2026(...args));

export function verdictOf(result: Re100YearResult, claimId: string): ClaimVerdict {
  const found = result.claims.find((v) => v.claimId === claimId);
  if (!found) throw new Error(`no verdict for ${claimId}`);
  return found;
}

export function marketOfResult(result: Re100YearResult, market: string) {
  const found = result.markets.find((m) => m.market === market);
  if (!found) throw new Error(`no market ${market}`);
  return found;
}

/** The figures of a verdict that scenarios pin: eligible and ineligible MWh-in-Wh and the reasons. */
export const figures = (v: ClaimVerdict) => ({
  eligibleWh: v.eligibleWh,
  ineligibleWh: v.ineligibleWh,
  reasons: v.reasons,
});
