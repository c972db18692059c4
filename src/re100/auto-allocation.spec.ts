import { claim, mwh, site, year2024 } from '../../test/support/re100-fixtures';
import { AllocationCandidate, planAutoAllocation } from './auto-allocation';
import { Re100ClaimInput } from './engine';

const candidate = (certificateId: string, c: Re100ClaimInput): AllocationCandidate => ({
  certificateId,
  claim: { ...c, claimId: certificateId },
});

describe('planAutoAllocation (issue 4 §4, RE100-MB-1, RE100-AGE-3)', () => {
  it('fills a market’s uncovered consumption from compliant certificates, oldest vintage first', () => {
    // EU: 1,000 MWh, 400 already eligible → 600 uncovered. B (vintage to March) goes before A (to June):
    // 300 from B, then 300 of A's 500. RE % 40.00 → 100.00.
    const input = year2024([site('de', 'DE', 1000)], [claim('existing', 400)]);
    const plan = planAutoAllocation(input, [
      candidate('A', claim('A', 500, { instrument: { vintageEnd: '2024-06-30' } })),
      candidate('B', claim('B', 300, { instrument: { vintageEnd: '2024-03-31' } })),
    ]);
    expect(plan.allocations).toEqual([
      { certificateId: 'B', market: 'EU', volumeWh: mwh(300), tier: 'COMPLIANT' },
      { certificateId: 'A', market: 'EU', volumeWh: mwh(300), tier: 'COMPLIANT' },
    ]);
    expect(plan.markets).toEqual([
      {
        market: 'EU',
        inScopeWh: mwh(1000),
        eligibleWh: mwh(400),
        uncoveredWh: mwh(600),
        plannedWh: mwh(600),
        remainingWh: 0n,
      },
    ]);
    expect(plan).toMatchObject({ rePercentBefore: '40.00', rePercentAfter: '100.00', skipped: [] });
  });

  it('leaves out certificates that fail a rule, with their reasons, and never crosses markets', () => {
    const input = year2024([site('de', 'DE', 1000), site('kr', 'KR', 500)], []);
    const plan = planAutoAllocation(input, [
      candidate('other-company', claim('x', 200, { instrument: { beneficiary: 'Someone Else GmbH' } })),
      candidate(
        'too-late',
        claim('y', 200, { instrument: { vintageStart: '2022-01-01', vintageEnd: '2022-03-31' } }),
      ),
      candidate(
        'korean',
        claim('z', 50, {
          consumptionMarket: 'KR',
          facility: { country: 'KR' },
          instrument: { type: 'K_REC' },
        }),
      ),
      candidate(
        'us',
        claim('u', 500, {
          consumptionMarket: 'US-CA',
          facility: { country: 'US' },
          instrument: { type: 'US_REC' },
        }),
      ),
    ]);
    expect(plan.skipped).toEqual([
      {
        certificateId: 'other-company',
        market: 'EU',
        availableWh: mwh(200),
        reasons: ['BENEFICIARY_MISMATCH'],
      },
      { certificateId: 'too-late', market: 'EU', availableWh: mwh(200), reasons: ['VINTAGE_OUT_OF_WINDOW'] },
    ]);
    // Korea takes its 50 MWh; the US certificate has no US consumption to cover and is not used.
    expect(plan.allocations).toEqual([
      { certificateId: 'korean', market: 'KR', volumeWh: mwh(50), tier: 'COMPLIANT' },
    ]);
    expect(plan.markets.map((m) => [m.market, m.remainingWh])).toEqual([
      ['EU', mwh(1000)],
      ['KR', mwh(450)],
    ]);
  });

  it('uses certificates failing only the age rule last, within the 15 % allowance', () => {
    // EU 1,000 MWh: a compliant 600 first; the old facility's 500 may cover only 15 % × 1,000 = 150 MWh.
    const input = year2024([site('de', 'DE', 1000)], []);
    const plan = planAutoAllocation(input, [
      candidate('old', claim('o', 500, { facility: { commissioningDate: '2005-01-01' } })),
      candidate('new', claim('n', 600)),
    ]);
    expect(plan.allocations).toEqual([
      { certificateId: 'new', market: 'EU', volumeWh: mwh(600), tier: 'COMPLIANT' },
      { certificateId: 'old', market: 'EU', volumeWh: mwh(150), tier: 'AGE_ALLOWANCE' },
    ]);
    expect(plan.rePercentAfter).toBe('75.00');
  });

  it('plans only the markets asked for, and nothing when consumption is covered', () => {
    // Markets of 100 MWh or less are immaterial (RE100-SCOPE-2), so these are 200 MWh each.
    const input = year2024([site('de', 'DE', 200), site('kr', 'KR', 200)], [claim('done', 200)]);
    const krOnly = planAutoAllocation(
      input,
      [
        candidate('eu', claim('e', 100)),
        candidate('kr', claim('k', 100, { consumptionMarket: 'KR', facility: { country: 'KR' } })),
      ],
      ['KR', 'EU'],
    );
    expect(krOnly.allocations.map((a) => a.certificateId)).toEqual(['kr']);
    expect(
      planAutoAllocation(input, [candidate('eu', claim('e', 100))], ['KR']).markets.map((m) => m.market),
    ).toEqual(['KR']);
  });
});
