import {
  claim,
  evaluate2024,
  marketOfResult,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * RE100-CALC-1: eligible Wh are capped per market; a surplus in one market never covers another.
 *
 * Sites: de-1 (DE → EU) 400 MWh, kr-1 (KR) 1,000 MWh. Total 1,400 MWh, nothing excluded.
 * Claims, in this order:
 *   go-a  German wind GO 300 MWh → EU
 *   go-b  French solar GO 200 MWh → EU
 *   krec  Korean solar K-REC 600 MWh → KR
 * Pass 1 (claim order): EU room 400 → go-a 300 (room 100) → go-b 100 of 200, 100 capped.
 *                       KR room 1,000 → krec 600.
 * EU 400 / 400 = 100.00 %; KR 600 / 1,000 = 60.00 %.
 * Total 1,000 / 1,400 = 71.428… % → '71.42' (rounded down).
 * The 100 MWh EU surplus does not reduce KR's 400 MWh gap.
 */
const SITES = [site('de-1', 'DE', 400), site('kr-1', 'KR', 1_000)];
const KREC = claim('krec', 600, {
  consumptionMarket: 'KR',
  technology: 'SOLAR',
  facility: { country: 'KR', commissioningDate: '2019-03-01' },
  instrument: { type: 'K_REC' },
});
const GO_A = claim('go-a', 300);
const GO_B = claim('go-b', 200, { technology: 'SOLAR', facility: { country: 'FR' } });

describe('RE100 engine: market caps (RE100-CALC-1)', () => {
  const result = evaluate2024(SITES, [GO_A, GO_B, KREC]);

  it('fills the EU market in claim order and caps the surplus', () => {
    expect(verdictOf(result, 'go-a')).toMatchObject({
      status: 'ELIGIBLE',
      eligibleWh: mwh(300),
      ineligibleWh: 0n,
      reasons: [],
    });
    expect(verdictOf(result, 'go-b')).toMatchObject({
      status: 'PARTIAL',
      eligibleWh: mwh(100),
      ineligibleWh: mwh(100),
      reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
      allocation: { stage: 'COMPLIANT', marketRoomBeforeWh: mwh(100), cappedWh: mwh(100) },
    });
  });

  it('reports each market against its own consumption', () => {
    expect(marketOfResult(result, 'EU')).toMatchObject({
      consumptionWh: mwh(400),
      inScopeWh: mwh(400),
      claimedWh: mwh(500),
      compliantWh: mwh(500),
      cappedWh: mwh(100),
      eligibleWh: mwh(400),
      rePercent: '100.00',
    });
    expect(marketOfResult(result, 'KR')).toMatchObject({
      consumptionWh: mwh(1_000),
      eligibleWh: mwh(600),
      cappedWh: 0n,
      rePercent: '60.00',
    });
  });

  it('does not let the EU surplus cover Korea', () => {
    expect(result.totals).toMatchObject({
      consumptionWh: mwh(1_400),
      excludedWh: 0n,
      inScopeWh: mwh(1_400),
      eligibleWh: mwh(1_000), // 400 + 600, not 500 + 600
      rePercent: '71.42',
    });
  });

  it('cannot move a European GO to the Korean market either', () => {
    const moved = evaluate2024(SITES, [
      GO_A,
      GO_B,
      KREC,
      claim('go-to-kr', 100, { consumptionMarket: 'KR' }),
    ]);
    expect(verdictOf(moved, 'go-to-kr')).toMatchObject({ eligibleWh: 0n, reasons: ['MARKET_BOUNDARY'] });
    expect(moved.totals.eligibleWh).toBe(mwh(1_000));
  });

  it('caps in the order the claims are given (go-b first: go-a is the one capped)', () => {
    const reordered = evaluate2024(SITES, [GO_B, GO_A, KREC]);
    // EU room 400 → go-b 200 (room 200) → go-a 200 of 300, 100 capped. Totals unchanged.
    expect(verdictOf(reordered, 'go-b').eligibleWh).toBe(mwh(200));
    expect(verdictOf(reordered, 'go-a')).toMatchObject({ eligibleWh: mwh(200), ineligibleWh: mwh(100) });
    expect(reordered.totals.eligibleWh).toBe(mwh(1_000));
  });

  it('caps a claim for a market without consumption to zero', () => {
    const jp = evaluate2024(SITES, [
      claim('jp', 50, {
        consumptionMarket: 'JP',
        facility: { country: 'JP' },
        instrument: { type: 'JP_NFC_TRACKED' },
      }),
    ]);
    expect(verdictOf(jp, 'jp')).toMatchObject({
      status: 'INELIGIBLE',
      eligibleWh: 0n,
      ineligibleWh: mwh(50),
      reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
    });
    expect(marketOfResult(jp, 'JP')).toMatchObject({
      consumptionWh: 0n,
      claimedWh: mwh(50),
      eligibleWh: 0n,
      rePercent: '0.00',
    });
  });
});
