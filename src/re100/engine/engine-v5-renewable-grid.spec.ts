import { claim2026, evaluate2026, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';
import { RE100_TC_V4_1 } from './ruleset';

/**
 * V5-PASSIVE-1 5.2: default-delivered grid electricity counts without a certificate where the national grid
 * is ≥ 95 % renewable and there is no certificate system: a dated country list in the ruleset (v5.0: PY, UY,
 * ET from 2026; not NO, IS or NP, which have certificates). A national grid has no facility age.
 * Calendar 2026: py-1 PY 1,000 MWh; is-1 IS 1,000 MWh. Total 2,000 MWh.
 *   py-grid  default-delivered 1,000 MWh, Paraguayan hydro grid (Itaipu, 1984), no EAC  counts
 *   is-grid  default-delivered 1,000 MWh, Icelandic geothermal grid, no EAC              PASSIVE_NOT_ELIGIBLE
 * v5.0: 1,000 / 2,000 = 50.00 %. v4.1 (no list by default): 0.00 %.
 */
const SITES = [site('py-1', 'PY', 1_000), site('is-1', 'IS', 1_000)];
const grid = (id: string, country: string, technology: 'HYDRO' | 'GEOTHERMAL', commissioningDate: string) =>
  claim2026(id, 1_000, {
    method: 'DEFAULT_DELIVERED',
    consumptionMarket: country,
    technology,
    instrument: null,
    facility: { country, commissioningDate, sustainabilityEvidence: true },
  });
const CLAIMS = [
  grid('py-grid', 'PY', 'HYDRO', '1984-05-05'),
  grid('is-grid', 'IS', 'GEOTHERMAL', '2015-01-01'),
];

describe('RE100 engine: renewable grids without certificates under v5.0 (V5-PASSIVE-1 5.2)', () => {
  it('counts Paraguay’s grid, exempt from the age limit, and not Iceland’s: 50.00 %', () => {
    const result = evaluate2026(SITES, CLAIMS);
    expect(verdictOf(result, 'py-grid')).toMatchObject({
      eligibleWh: mwh(1_000),
      reasons: ['PASSIVE_GRID_COUNTRY', 'EXEMPT_RENEWABLE_GRID', 'PASSIVE_AFTER_ACTIVE'],
      basis: { facilityAgeYears: 42, ageExemption: 'EXEMPT_RENEWABLE_GRID' },
    });
    expect(verdictOf(result, 'is-grid')).toMatchObject({ eligibleWh: 0n, reasons: ['PASSIVE_NOT_ELIGIBLE'] });
    expect(result.totals.rePercent).toBe('50.00');
  });

  it('counts neither under v4.1 (no passive grid country by default): 0.00 %', () => {
    expect(evaluate2026(SITES, CLAIMS, RE100_TC_V4_1).totals.rePercent).toBe('0.00');
  });

  it('needs the country on the list for the whole period (a fiscal year Apr 2025 – Mar 2026 is not)', () => {
    const fiscal = evaluate2026(
      [site('py-1', 'PY', 1_000)],
      [grid('py-grid', 'PY', 'HYDRO', '1984-05-05')],
      {},
      { year: 2025, periodStart: '2025-04-01', periodEnd: '2026-03-31' },
    );
    // Not a renewable grid for the whole period, so Itaipu's age counts against it as well.
    expect(verdictOf(fiscal, 'py-grid').reasons).toEqual(['PASSIVE_NOT_ELIGIBLE', 'FACILITY_TOO_OLD']);
  });
});
