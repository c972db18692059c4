import {
  claim,
  evaluate2024,
  marketOfResult,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * RE100-AGE-3: at most 15 % of in-scope consumption may come from facilities older than the limit without
 * an exemption. Allowance = floor(15 / 100 × in-scope Wh), used in claim order, only for Wh that fit under
 * their market's cap (pass 2, after every compliant claim has filled its market).
 * "Young" = German wind commissioned 2020 (age 4); "old" = commissioned 2000 (age 24, FACILITY_TOO_OLD).
 */
const OLD = { facility: { commissioningDate: '2000-05-01' } };

describe('RE100 engine: the 15 % age allowance (RE100-AGE-3)', () => {
  /**
   * The domain example: consumption 1,000 MWh, RE 50 %: 15 points may be old, 35 must comply.
   * young 350 MWh (compliant) + old 200 MWh.
   * Allowance 15 % × 1,000 = 150 MWh. Pass 1: young 350 (room 650). Pass 2: old fits 200, allowance 150
   * → 150 counted, 50 beyond the allowance. Eligible 350 + 150 = 500 → 50.00 %.
   */
  describe('at 50 % RE, 15 points exempt, 35 must comply', () => {
    const result = evaluate2024([site('de-1', 'DE', 1_000)], [claim('young', 350), claim('old', 200, OLD)]);

    it('counts 150 of the old 200 MWh', () => {
      expect(verdictOf(result, 'old')).toMatchObject({
        status: 'PARTIAL',
        eligibleWh: mwh(150),
        ineligibleWh: mwh(50),
        reasons: ['FACILITY_TOO_OLD', 'AGE_ALLOWANCE_APPLIED'],
        allocation: {
          stage: 'AGE_ALLOWANCE',
          marketRoomBeforeWh: mwh(650),
          allowanceBeforeWh: mwh(150),
          allowanceUsedWh: mwh(150),
          beyondAllowanceWh: mwh(50),
          cappedWh: 0n,
        },
      });
    });

    it('reaches 50.00 % with the allowance fully used', () => {
      expect(result.totals).toMatchObject({
        eligibleWh: mwh(500),
        rePercent: '50.00',
        ageAllowance: {
          share: { numerator: 15n, denominator: 100n },
          baseWh: mwh(1_000),
          limitWh: mwh(150),
          usedWh: mwh(150),
          remainingWh: 0n,
        },
      });
      expect(marketOfResult(result, 'EU')).toMatchObject({
        compliantWh: mwh(350),
        ageFailingWh: mwh(200),
        ageAllowanceUsedWh: mwh(150),
      });
    });

    it('stays at 15.00 % when all 500 MWh are old: 35 points must comply', () => {
      const allOld = evaluate2024([site('de-1', 'DE', 1_000)], [claim('old', 500, OLD)]);
      expect(allOld.totals).toMatchObject({ eligibleWh: mwh(150), rePercent: '15.00' });
    });
  });

  it('uses the allowance in claim order (old-1 100 MWh fully, old-2 50 of 100 MWh)', () => {
    const result = evaluate2024(
      [site('de-1', 'DE', 1_000)],
      [claim('old-1', 100, OLD), claim('old-2', 100, OLD)],
    );
    expect(verdictOf(result, 'old-1')).toMatchObject({ status: 'ELIGIBLE', eligibleWh: mwh(100) });
    expect(verdictOf(result, 'old-2')).toMatchObject({
      eligibleWh: mwh(50),
      allocation: { allowanceBeforeWh: mwh(50), allowanceUsedWh: mwh(50), beyondAllowanceWh: mwh(50) },
    });
  });

  it('fills compliant claims first, whatever their order, and spends no allowance on capped Wh', () => {
    // 1,000 MWh: old 200 given first, young 950 second. Pass 1: young 950 (room 50). Pass 2: old fits 50,
    // allowance 150 → 50 counted, 150 capped, 100 allowance left. Eligible 1,000 → 100.00 %.
    const result = evaluate2024([site('de-1', 'DE', 1_000)], [claim('old', 200, OLD), claim('young', 950)]);
    expect(verdictOf(result, 'young').eligibleWh).toBe(mwh(950));
    expect(verdictOf(result, 'old')).toMatchObject({
      eligibleWh: mwh(50),
      ineligibleWh: mwh(150),
      reasons: ['FACILITY_TOO_OLD', 'AGE_ALLOWANCE_APPLIED', 'CAPPED_AT_MARKET_CONSUMPTION'],
      allocation: { cappedWh: mwh(150), allowanceUsedWh: mwh(50), beyondAllowanceWh: 0n },
    });
    expect(result.totals).toMatchObject({
      rePercent: '100.00',
      ageAllowance: { usedWh: mwh(50), remainingWh: mwh(100) },
    });
  });

  it('shares one allowance across markets', () => {
    // EU 1,000 + KR 1,000 MWh → allowance 15 % × 2,000 = 300 MWh. Old GO 250 (EU) then old K-REC 250 (KR):
    // 250 + 50 counted. Eligible 300 / 2,000 = 15.00 %.
    const result = evaluate2024(
      [site('de-1', 'DE', 1_000), site('kr-1', 'KR', 1_000)],
      [
        claim('old-go', 250, OLD),
        claim('old-krec', 250, {
          consumptionMarket: 'KR',
          facility: { country: 'KR', commissioningDate: '2003-01-01' },
          instrument: { type: 'K_REC' },
        }),
      ],
    );
    expect(verdictOf(result, 'old-go').eligibleWh).toBe(mwh(250));
    expect(verdictOf(result, 'old-krec').eligibleWh).toBe(mwh(50));
    expect(result.totals).toMatchObject({
      rePercent: '15.00',
      ageAllowance: { limitWh: mwh(300), usedWh: mwh(300) },
    });
  });

  it('keeps a flagged site of a material market in the base (RE100-SCOPE-2 allows no such exclusion)', () => {
    // de-1 1,000 MWh + de-2 200 MWh flagged: EU consumes 1,200 MWh > 100, so de-2 stays in scope.
    // Base 1,200, limit 180 (before the exclusion rule was enforced: base 1,000, limit 150).
    const result = evaluate2024(
      [
        site('de-1', 'DE', 1_000),
        site('de-2', 'DE', 200, { excluded: true, exclusionReason: 'Sold in March' }),
      ],
      [claim('old', 500, OLD)],
    );
    expect(result.totals.ageAllowance).toMatchObject({
      baseWh: mwh(1_200),
      limitWh: mwh(180),
      usedWh: mwh(180),
    });
  });

  it('takes the share of in-scope consumption (an accepted exclusion does not enlarge it)', () => {
    // de-1 1,000 MWh + jp-1 80 MWh flagged (JP ≤ 100 MWh: accepted) → base 1,000, limit 150 (not 162).
    const result = evaluate2024(
      [
        site('de-1', 'DE', 1_000),
        site('jp-1', 'JP', 80, { excluded: true, exclusionReason: 'Sales office' }),
      ],
      [claim('old', 500, OLD)],
    );
    expect(result.totals.ageAllowance).toMatchObject({
      baseWh: mwh(1_000),
      limitWh: mwh(150),
      usedWh: mwh(150),
    });
  });

  it('rounds the allowance down to the Wh', () => {
    // In-scope 100,000,007 Wh → 15 × 100,000,007 / 100 = 15,000,001.05 → 15,000,001 Wh.
    const result = evaluate2024(
      [site('de-1', 'DE', 0, { consumptionWh: 100_000_007n })],
      [claim('old', 100, OLD)],
    );
    expect(result.totals.ageAllowance.limitWh).toBe(15_000_001n);
    expect(verdictOf(result, 'old').eligibleWh).toBe(15_000_001n);
  });

  it('never uses allowance on an exempt facility', () => {
    const result = evaluate2024(
      [site('de-1', 'DE', 1_000)],
      [
        claim('ppa', 400, {
          ...OLD,
          method: 'PPA_PHYSICAL',
          // RE100-AGE-2 (corrected): exempt only as a long-term, project-specific PPA of the first offtaker.
          contract: { signedDate: '2024-02-01', longTerm: true, projectSpecific: true, firstOfftaker: true },
        }),
      ],
    );
    expect(verdictOf(result, 'ppa')).toMatchObject({ eligibleWh: mwh(400), reasons: ['EXEMPT_DIRECT_PPA'] });
    expect(result.totals.ageAllowance.usedWh).toBe(0n);
  });
});
