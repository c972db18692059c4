import { claim, evaluate2024, mwh, site } from '../../../test/support/re100-fixtures';

/**
 * RE100-CALC-1: RE % never exceeds 100.
 * Sites: de-1 DE 200 MWh, kr-1 KR 300 MWh. Claims: 1,000 MWh of GOs (EU) and 1,000 MWh of K-RECs (KR).
 * EU 200 of 1,000 counted (800 capped), KR 300 of 1,000 (700 capped). Eligible 500 / 500 = 100.00 %.
 */
describe('RE100 engine: RE % never above 100', () => {
  it('caps every market and the total at 100.00 %', () => {
    const result = evaluate2024(
      [site('de-1', 'DE', 200), site('kr-1', 'KR', 300)],
      [
        claim('go', 1_000),
        claim('krec', 1_000, {
          consumptionMarket: 'KR',
          facility: { country: 'KR' },
          instrument: { type: 'K_REC' },
        }),
      ],
    );
    expect(result.markets.map((m) => [m.market, m.eligibleWh, m.cappedWh, m.rePercent])).toEqual([
      ['EU', mwh(200), mwh(800), '100.00'],
      ['KR', mwh(300), mwh(700), '100.00'],
    ]);
    expect(result.totals).toMatchObject({ eligibleWh: mwh(500), inScopeWh: mwh(500), rePercent: '100.00' });
  });

  it('reads 99.99 %, not 100.00 %, one Wh short of full coverage', () => {
    const result = evaluate2024(
      [site('de-1', 'DE', 1_000)],
      [{ ...claim('go', 0), volumeWh: mwh(1_000) - 1n }],
    );
    expect(result.totals.rePercent).toBe('99.99');
  });

  it('reads 0.00 % without in-scope consumption', () => {
    expect(evaluate2024([], [claim('go', 100)]).totals).toMatchObject({
      inScopeWh: 0n,
      eligibleWh: 0n,
      rePercent: '0.00',
    });
    // The only site is flagged in a market of 50 MWh (≤ 100 MWh, RE100-SCOPE-2): nothing is left in scope.
    const allExcluded = evaluate2024(
      [site('de-1', 'DE', 50, { excluded: true, exclusionReason: 'Divested' })],
      [claim('go', 100)],
    );
    expect(allExcluded.totals).toMatchObject({ excludedWh: mwh(50), eligibleWh: 0n, rePercent: '0.00' });
  });
});
