import { evaluateRe100Year } from './engine';
import {
  claim,
  datedSite,
  mwh,
  segment,
  site,
  verdictOf,
  year2024,
} from '../../../test/support/re100-fixtures';
import type { Re100SiteInput } from './types';

/**
 * RE100-AGE-1 applies to consumption from 1 Jan 2024, decided by consumption dates, not the year's label.
 * Reporting year 2023 of an organization starting its year in April: 2023-04-01 … 2024-03-31.
 *
 * de-1 DE 1,000 MWh: 750 MWh from April to December 2023, 250 MWh from January to March 2024.
 * One 1,000 MWh GO of a wind farm commissioned in 2000 (age 2023 − 2000 = 23 > 15), vintage Apr 2023 – Mar 2024.
 * Before: the label 2023 skipped the age rule, 1,000 / 1,000 = 100.00 %.
 * Now: the 750 MWh before 2024 take the old GO without limit (BEFORE_AGE_RULE); the 250 MWh from 2024 only
 * within the allowance, 15 % of the consumption the rule applies to: floor(0.15 × 250 MWh) = 37.5 MWh.
 * Eligible 750 + 37.5 = 787.5 MWh → 78.75 %. The other 212.5 MWh fit under the cap but not the allowance.
 * (An allowance of 15 % of the whole year, 150 MWh, would let 60 % of the 2024 consumption be old.)
 */
const FISCAL_2023 = { year: 2023, periodStart: '2023-04-01', periodEnd: '2024-03-31' };
const DATED = datedSite('de-1', 'DE', [
  segment('2023-04-01', '2023-12-31', 750),
  segment('2024-01-01', '2024-03-31', 250),
]);
const VINTAGE = { vintageStart: '2023-04-01', vintageEnd: '2024-03-31', cancellationDate: '2024-05-15' };
const OLD_GO = claim('old-go', 1_000, { facility: { commissioningDate: '2000-05-01' }, instrument: VINTAGE });
const evaluate = (sites: Re100SiteInput[], claims = [OLD_GO]) =>
  evaluateRe100Year(year2024(sites, claims, {}, FISCAL_2023));

describe('RE100 engine: the age rule in a fiscal year running into 2024 (RE100-AGE-1)', () => {
  const result = evaluate([DATED]);

  it('counts the old GO freely before 2024 and within the allowance after: 787.5 / 1,000 = 78.75 %', () => {
    expect(verdictOf(result, 'old-go')).toMatchObject({
      status: 'PARTIAL',
      eligibleWh: 787_500_000n,
      ineligibleWh: 212_500_000n,
      reasons: ['FACILITY_TOO_OLD', 'BEFORE_AGE_RULE', 'AGE_ALLOWANCE_APPLIED'],
      basis: { facilityAgeYears: 23, ageRuleApplies: true },
      allocation: {
        stage: 'AGE_ALLOWANCE',
        beforeAgeRuleWh: mwh(750),
        allowanceBeforeWh: 37_500_000n,
        allowanceUsedWh: 37_500_000n,
        beyondAllowanceWh: 212_500_000n,
        cappedWh: 0n,
      },
    });
    expect(result.totals).toMatchObject({
      inScopeWh: mwh(1_000),
      eligibleWh: 787_500_000n,
      rePercent: '78.75',
    });
  });

  it('reports the allowance on the 2024 consumption and what counted before the rule', () => {
    expect(result.totals.ageAllowance).toEqual({
      share: { numerator: 15n, denominator: 100n },
      ruleFrom: '2024-01-01',
      baseWh: mwh(250),
      limitWh: 37_500_000n,
      usedWh: 37_500_000n,
      remainingWh: 0n,
      inScopeBeforeRuleWh: mwh(750),
      countedBeforeRuleWh: mwh(750),
    });
    expect(result.markets[0]).toMatchObject({ inScopeBeforeAgeRuleWh: mwh(750), beforeAgeRuleWh: mwh(750) });
  });

  it('takes undated consumption as under the rule (it cannot be shown to be before): 150 / 1,000 = 15.00 %', () => {
    const undated = evaluate([site('de-1', 'DE', 1_000)]);
    expect(verdictOf(undated, 'old-go').allocation).toMatchObject({
      beforeAgeRuleWh: 0n,
      allowanceUsedWh: mwh(150),
    });
    expect(undated.totals).toMatchObject({ rePercent: '15.00', ageAllowance: { baseWh: mwh(1_000) } });
  });

  it('takes a segment that runs into 2024 as under the rule: 600 + 60 = 660 / 1,000 = 66.00 %', () => {
    // Before 2024: 600 (Apr–Nov). Dec 2023 – Feb 2024 (300) and Mar 2024 (100): 400 under the rule, 15 % = 60.
    const coarse = evaluate([
      datedSite('de-1', 'DE', [
        segment('2023-04-01', '2023-11-30', 600),
        segment('2023-12-01', '2024-02-29', 300),
        segment('2024-03-01', '2024-03-31', 100),
      ]),
    ]);
    expect(verdictOf(coarse, 'old-go').allocation).toMatchObject({
      beforeAgeRuleWh: mwh(600),
      allowanceUsedWh: mwh(60),
    });
    expect(coarse.totals.rePercent).toBe('66.00');
  });

  it('fills 2024 with compliant GOs first, leaving 2023 to the old one: 300 + 700 = 1,000 → 100.00 %', () => {
    // young 300 MWh: 250 on Jan–Mar 2024, 50 on 2023. old: 700 on the rest of 2023; no room left in 2024.
    const both = evaluate([DATED], [OLD_GO, claim('young', 300, { instrument: VINTAGE })]);
    expect(verdictOf(both, 'young')).toMatchObject({ eligibleWh: mwh(300), reasons: [] });
    expect(verdictOf(both, 'old-go')).toMatchObject({
      eligibleWh: mwh(700),
      reasons: ['FACILITY_TOO_OLD', 'BEFORE_AGE_RULE', 'CAPPED_AT_MARKET_CONSUMPTION'],
      allocation: {
        beforeAgeRuleWh: mwh(700),
        allowanceUsedWh: 0n,
        beyondAllowanceWh: 0n,
        cappedWh: mwh(300),
      },
    });
    expect(both.totals).toMatchObject({ rePercent: '100.00', ageAllowance: { usedWh: 0n } });
  });

  it('leaves a fiscal year entirely before 2024 out of the rule (Apr 2022 – Mar 2023)', () => {
    const earlier = evaluateRe100Year(
      year2024(
        [site('de-1', 'DE', 1_000)],
        [
          claim('old-go', 1_000, {
            facility: { commissioningDate: '2000-05-01' },
            instrument: { vintageStart: '2022-04-01', vintageEnd: '2023-03-31' },
          }),
        ],
        {},
        { year: 2022, periodStart: '2022-04-01', periodEnd: '2023-03-31' },
      ),
    );
    expect(verdictOf(earlier, 'old-go')).toMatchObject({
      eligibleWh: mwh(1_000),
      reasons: [],
      basis: { ageRuleApplies: false },
    });
    expect(earlier.totals.ageAllowance).toMatchObject({ baseWh: 0n, limitWh: 0n });
  });
});
