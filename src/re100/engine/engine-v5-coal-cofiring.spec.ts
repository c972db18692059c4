import { claim2026, evaluate2026, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';
import { RE100_TC_V4_1 } from './ruleset';

/**
 * V5-COAL-1: electricity from biomass co-fired with coal is not renewable under RE100_TC_v5_0.
 * Calendar 2026, de-1 DE 1,000 MWh. Claims (GOs with cancellation statements, vintage 2026):
 *   wind     German wind 300 MWh                                    counts
 *   cofired  German biomass co-fired with coal 200 MWh (evidence)   COAL_COFIRING
 * v5.0: 300 / 1,000 = 30.00 %. The same year under v4.1 (what-if): 500 / 1,000 = 50.00 %.
 */
const SITES = [site('de-1', 'DE', 1_000)];
const CLAIMS = [
  claim2026('wind', 300),
  claim2026('cofired', 200, {
    technology: 'BIOMASS',
    facility: { sustainabilityEvidence: true, coalCofiring: true },
  }),
];

describe('RE100 engine: coal co-firing under v5.0 (V5-COAL-1)', () => {
  it('refuses the co-fired biomass: 300 / 1,000 = 30.00 %', () => {
    const result = evaluate2026(SITES, CLAIMS);
    expect(verdictOf(result, 'cofired')).toMatchObject({
      status: 'INELIGIBLE',
      eligibleWh: 0n,
      reasons: ['COAL_COFIRING'],
      basis: { coalCofiring: true, technology: 'BIOMASS' },
    });
    expect(result.totals.rePercent).toBe('30.00');
    expect(result.provenance).toMatchObject({
      rulesetId: 'RE100_TC_v5_0',
      rulesetForPeriod: 'RE100_TC_v5_0',
    });
  });

  it('counts it when the year is evaluated under v4.1: 500 / 1,000 = 50.00 %', () => {
    const whatIf = evaluate2026(SITES, CLAIMS, RE100_TC_V4_1);
    expect(verdictOf(whatIf, 'cofired')).toMatchObject({ eligibleWh: mwh(200), reasons: [] });
    expect(whatIf.totals.rePercent).toBe('50.00');
    expect(whatIf.provenance).toMatchObject({
      rulesetId: 'RE100_TC_v4_1',
      rulesetForPeriod: 'RE100_TC_v5_0',
    });
  });
});
