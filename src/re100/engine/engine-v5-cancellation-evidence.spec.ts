import { claim2026, evaluate2026, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';
import { RE100_TC_V4_1 } from './ruleset';

/**
 * V5-CANCEL-1: in the markets of TC Appendix C (US/Canada, Europe, China, India) a claim needs the
 * certificate's cancellation statement attached. Calendar 2026 under RE100_TC_v5_0.
 * Sites: de-1 DE 1,000 MWh (EU); us-1 US 1,000 MWh (US-CA); kr-1 KR 1,000 MWh. Total 3,000 MWh.
 * Claims (vintage 2026, retired for the legal entity):
 *   go-with      German GO 300, statement attached          counts
 *   go-without   German GO 200, no statement                NO_CANCELLATION_EVIDENCE
 *   rec-without  US REC 400 → US-CA, no statement           NO_CANCELLATION_EVIDENCE
 *   krec-without K-REC 500 → KR, no statement               counts (Korea is not in Appendix C)
 * v5.0: 300 + 500 = 800 / 3,000 = 26.666… → '26.66'. Under v4.1 every claim counts: 1,400 / 3,000 = 46.66 %.
 */
const SITES = [site('de-1', 'DE', 1_000), site('us-1', 'US', 1_000), site('kr-1', 'KR', 1_000)];
const NO_STATEMENT = { cancellationStatementAttached: false };
const CLAIMS = [
  claim2026('go-with', 300),
  claim2026('go-without', 200, { instrument: NO_STATEMENT }),
  claim2026('rec-without', 400, {
    consumptionMarket: 'US-CA',
    facility: { country: 'US' },
    instrument: { type: 'US_REC', ...NO_STATEMENT },
  }),
  claim2026('krec-without', 500, {
    consumptionMarket: 'KR',
    technology: 'SOLAR',
    facility: { country: 'KR' },
    instrument: { type: 'K_REC', ...NO_STATEMENT },
  }),
];

describe('RE100 engine: cancellation evidence under v5.0 (V5-CANCEL-1)', () => {
  const result = evaluate2026(SITES, CLAIMS);

  it('refuses certificates without a statement in the Appendix C markets', () => {
    expect(result.claims.map((v) => [v.claimId, v.eligibleWh, v.reasons])).toEqual([
      ['go-with', mwh(300), []],
      ['go-without', 0n, ['NO_CANCELLATION_EVIDENCE']],
      ['rec-without', 0n, ['NO_CANCELLATION_EVIDENCE']],
      ['krec-without', mwh(500), []],
    ]);
    expect(verdictOf(result, 'go-without').basis).toMatchObject({
      cancellationEvidenceRequired: true,
      cancellationStatementAttached: false,
    });
    expect(verdictOf(result, 'krec-without').basis.cancellationEvidenceRequired).toBe(false);
  });

  it('adds up to 800 of 3,000 MWh: 26.66 %', () => {
    expect(result.totals).toMatchObject({ eligibleWh: mwh(800), rePercent: '26.66' });
  });

  it('asks for no statement under v4.1: 1,400 / 3,000 = 46.66 %', () => {
    expect(evaluate2026(SITES, CLAIMS, RE100_TC_V4_1).totals.rePercent).toBe('46.66');
  });

  it('asks for no statement from metered self-generation (no certificate)', () => {
    const selfGen = evaluate2026(
      [site('de-1', 'DE', 1_000, { selfGenerationConsumedWh: mwh(100) })],
      [
        claim2026('pv', 100, {
          method: 'SELF_GEN_OWNED',
          technology: 'SOLAR',
          siteIds: ['de-1'],
          instrument: null,
        }),
      ],
    );
    expect(verdictOf(selfGen, 'pv')).toMatchObject({
      eligibleWh: mwh(100),
      reasons: ['METERED_SELF_GENERATION'],
      basis: { cancellationEvidenceRequired: false, cancellationStatementAttached: null },
    });
  });
});
