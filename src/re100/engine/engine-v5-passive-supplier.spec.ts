import { claim2026, evaluate2026, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';
import { RE100_TC_V4_1 } from './ruleset';

/**
 * V5-PASSIVE-1 5.1: a pro-rata share of certificates a supplier retired for all its customers counts only for
 * load not procured actively, and the age limit applies; a mandate (RPS) alone is not enough.
 * Calendar 2026 under RE100_TC_v5_0. de-1 DE 1,000 MWh. Allowance 15 % × 1,000 = 150 MWh.
 *   share   default-delivered 500 MWh: the supplier's GOs retired for all its customers (statement attached),
 *           given FIRST in the list
 *   go      an active GO 700 MWh
 * v5.0: the active GO counts first (700), the share only on the 300 MWh left → 1,000 / 1,000 = 100.00 %,
 * share 300 of 500. Under v4.1 the list order decides: share 500, GO 500 of 700.
 */
const SITES = [site('de-1', 'DE', 1_000)];
const share = (extra: Parameters<typeof claim2026>[2] = {}) =>
  claim2026('share', 500, {
    method: 'DEFAULT_DELIVERED',
    passiveBasis: 'SUPPLIER_PRO_RATA',
    ...extra,
    instrument: { beneficiary: 'All customers of Stadtwerke Beispiel' },
  });

describe('RE100 engine: a supplier’s pro-rata share under v5.0 (V5-PASSIVE-1 5.1)', () => {
  it('counts only on the load the active GO left: share 300 of 500, 100.00 %', () => {
    const result = evaluate2026(SITES, [share(), claim2026('go', 700)]);
    expect(verdictOf(result, 'go')).toMatchObject({ eligibleWh: mwh(700), reasons: [] });
    expect(verdictOf(result, 'share')).toMatchObject({
      status: 'PARTIAL',
      eligibleWh: mwh(300),
      reasons: ['SUPPLIER_PRO_RATA_SHARE', 'PASSIVE_AFTER_ACTIVE', 'CAPPED_AT_MARKET_CONSUMPTION'],
      basis: { procurementType: 5, passiveBasis: 'SUPPLIER_PRO_RATA' },
      allocation: { stage: 'COMPLIANT', marketRoomBeforeWh: mwh(300), cappedWh: mwh(200) },
    });
    expect(result.totals.rePercent).toBe('100.00');
  });

  it('fills in list order under v4.1: share 500, GO 500 of 700', () => {
    const whatIf = evaluate2026(SITES, [share(), claim2026('go', 700)], RE100_TC_V4_1);
    expect(verdictOf(whatIf, 'share')).toMatchObject({
      eligibleWh: mwh(500),
      reasons: ['SUPPLIER_PRO_RATA_SHARE'],
    });
    expect(verdictOf(whatIf, 'go')).toMatchObject({
      eligibleWh: mwh(500),
      reasons: ['CAPPED_AT_MARKET_CONSUMPTION'],
    });
  });

  it('takes the age limit: a share from a 2000 plant uses the allowance, 700 + 150 = 850 → 85.00 %', () => {
    const result = evaluate2026(SITES, [
      share({ facility: { commissioningDate: '2000-05-01' } }),
      claim2026('go', 700),
    ]);
    expect(verdictOf(result, 'share')).toMatchObject({
      eligibleWh: mwh(150),
      reasons: [
        'SUPPLIER_PRO_RATA_SHARE',
        'FACILITY_TOO_OLD',
        'PASSIVE_AFTER_ACTIVE',
        'AGE_ALLOWANCE_APPLIED',
        'CAPPED_AT_MARKET_CONSUMPTION',
      ],
      // 500: 300 fit in the room the GO left, 150 within the allowance, 150 beyond it; 200 capped.
      allocation: {
        stage: 'AGE_ALLOWANCE',
        marketRoomBeforeWh: mwh(300),
        allowanceUsedWh: mwh(150),
        beyondAllowanceWh: mwh(150),
        cappedWh: mwh(200),
      },
    });
    expect(result.totals.rePercent).toBe('85.00');
  });

  it('refuses certificates retired only to meet a mandate: 700 / 1,000 = 70.00 % (v4.1: 100.00 %)', () => {
    const mandate = claim2026('rps', 300, { method: 'DEFAULT_DELIVERED', passiveBasis: 'MANDATE_ONLY' });
    const result = evaluate2026(SITES, [claim2026('go', 700), mandate]);
    expect(verdictOf(result, 'rps')).toMatchObject({ eligibleWh: 0n, reasons: ['PASSIVE_MANDATE_ONLY'] });
    expect(result.totals.rePercent).toBe('70.00');
    expect(evaluate2026(SITES, [claim2026('go', 700), mandate], RE100_TC_V4_1).totals.rePercent).toBe(
      '100.00',
    );
  });
});
