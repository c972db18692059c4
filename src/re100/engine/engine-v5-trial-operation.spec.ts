import { evaluateRe100Year } from './engine';
import { claim, mwh, site, verdictOf, year2024 } from '../../../test/support/re100-fixtures';
import { RE100_TC_V4_1, RE100_TC_V5_0, Re100Ruleset, rulesetForYear } from './ruleset';
import type { Re100ContractInput } from './types';

/**
 * V5-AGE-1: a type-2 PPA keeps its RE100-AGE-2 exemption when regulation imposed a trial operation of at most
 * `trialOperationGraceYears` (1 in v5.0, 0 in v4.1) before the buyer could take power (Korea is the example).
 *
 * The exemption of a PPA signed from 2024 matters once its plant is older than the limit: a Korean solar plant
 * started on 2025-06-01, a long-term, project-specific direct PPA signed 2024-05-01 by its first offtaker.
 * Reporting year 2042 (ruleset v5.0): age 2042 − 2025 = 17 > 15.
 * kr-1 KR 1,000 MWh; the PPA delivers 400 MWh of K-RECs. Allowance 15 % × 1,000 = 150 MWh.
 *   exempt:      400 / 1,000 = 40.00 %
 *   not exempt:  150 / 1,000 = 15.00 % (the allowance)
 */
const SITES = [site('kr-1', 'KR', 1_000)];
const PPA: Re100ContractInput = {
  signedDate: '2024-05-01',
  longTerm: true,
  projectSpecific: true,
  firstOfftaker: true,
};
const evaluate = (trialOperationEndDate: string | null, ruleset: Readonly<Re100Ruleset>) =>
  evaluateRe100Year(
    year2024(
      SITES,
      [
        claim('ppa', 400, {
          method: 'PPA_PHYSICAL',
          krTag: 'KR_DIRECT_PPA',
          consumptionMarket: 'KR',
          technology: 'SOLAR',
          facility: { country: 'KR', commissioningDate: '2025-06-01' },
          contract: { ...PPA, trialOperationEndDate },
          instrument: {
            type: 'K_REC',
            vintageStart: '2042-01-01',
            vintageEnd: '2042-12-31',
            cancellationDate: '2043-02-01',
          },
        }),
      ],
      ruleset,
      { year: 2042, periodStart: '2042-01-01', periodEnd: '2042-12-31' },
    ),
  );

describe('RE100 engine: trial operation and the PPA exemption (V5-AGE-1)', () => {
  it('is a v5.0 year', () => expect(rulesetForYear(2042).id).toBe('RE100_TC_v5_0'));

  it('keeps the exemption without a trial operation: 40.00 %', () => {
    const result = evaluate(null, RE100_TC_V5_0);
    expect(verdictOf(result, 'ppa')).toMatchObject({
      eligibleWh: mwh(400),
      reasons: ['EXEMPT_DIRECT_PPA'],
      basis: { facilityAgeYears: 17 },
    });
    expect(result.totals.rePercent).toBe('40.00');
  });

  it.each([
    ['9 months', '2026-03-01'],
    ['exactly 1 year', '2026-06-01'],
  ])('keeps it under v5.0 after a trial operation of %s: 40.00 %', (_name, end) => {
    const result = evaluate(end, RE100_TC_V5_0);
    expect(verdictOf(result, 'ppa')).toMatchObject({
      reasons: ['EXEMPT_DIRECT_PPA'],
      basis: { contractTrialOperationEndDate: end },
    });
    expect(result.totals.rePercent).toBe('40.00');
  });

  it('loses it under v5.0 after 1 year and 1 day: 150 / 1,000 = 15.00 %', () => {
    const result = evaluate('2026-06-02', RE100_TC_V5_0);
    expect(verdictOf(result, 'ppa')).toMatchObject({
      eligibleWh: mwh(150),
      reasons: ['FACILITY_TOO_OLD', 'AGE_ALLOWANCE_APPLIED'],
      basis: { ppaExemptionMissing: ['TRIAL_OPERATION'] },
    });
    expect(result.totals.rePercent).toBe('15.00');
  });

  it('loses it under v4.1 after any trial operation (grace 0): 15.00 %', () => {
    const result = evaluate('2026-03-01', RE100_TC_V4_1);
    expect(verdictOf(result, 'ppa').basis.ppaExemptionMissing).toEqual(['TRIAL_OPERATION']);
    expect(result.totals.rePercent).toBe('15.00');
  });
});
