import {
  codesInForceAnyDay,
  codesInForceEveryDay,
  RE100_RULESETS,
  RE100_TC_V4_1,
  RE100_TC_V5_0,
  rulesetById,
  rulesetForYear,
  rulesetProblems,
} from './ruleset';

describe('RE100 ruleset RE100_TC_v4_1', () => {
  it('carries the defaults of domain.md §2', () => {
    expect(RE100_TC_V4_1).toEqual({
      id: 'RE100_TC_v4_1',
      label: expect.any(String),
      appliesFrom: null,
      boundarySet: 'RE100_TC_v4_1',
      ageLimitYears: 15, // RE100-AGE-1
      ageRuleFromYear: 2024, // RE100-AGE-1
      ageAllowanceShare: { numerator: 15n, denominator: 100n }, // RE100-AGE-3
      vintageMonthsBefore: 6, // RE100-CLAIM-3
      vintageMonthsAfter: 3, // RE100-CLAIM-3
      immaterialMarketThresholdWh: 100_000_000n, // RE100-SCOPE-2: 100 MWh
      supplierContractAgeExempt: false, // RE100-AGE-2
      defaultDeliveredAgeExempt: false, // RE100-AGE-2
      grandfatherSignedBefore: '2024-01-01', // RE100-AGE-2
      trialOperationGraceYears: 0, // V5-AGE-1 does not apply
      coalCofiringExcluded: false, // V5-COAL-1 does not apply
      cancellationEvidenceMarkets: [], // V5-CANCEL-1 does not apply
      strict: false, // RE100-CLAIM-5
      passiveGridCountries: [], // RE100-PASSIVE-1: none by default
      passiveAfterActive: false, // V5-PASSIVE-1 does not apply
      passiveMandateCounts: true, // V5-PASSIVE-1 does not apply
      jCreditsCount: false, // RE100-CLAIM-4
    });
    expect(rulesetProblems(RE100_TC_V4_1)).toEqual([]);
  });

  it('is frozen so no caller can change the shared default', () => {
    expect(Object.isFrozen(RE100_TC_V4_1)).toBe(true);
    expect(Object.isFrozen(RE100_TC_V4_1.ageAllowanceShare)).toBe(true);
    expect(Object.isFrozen(RE100_TC_V4_1.passiveGridCountries)).toBe(true);
  });

  it('reports unusable parameters of V5 too', () => {
    expect(
      rulesetProblems({
        ...RE100_TC_V5_0,
        appliesFrom: '2026',
        trialOperationGraceYears: 0.5,
        cancellationEvidenceMarkets: [{ code: 'EU', validFrom: '2026-01-01', validTo: '2025-01-01' }],
      }),
    ).toEqual([
      'appliesFrom must be YYYY-MM-DD',
      'trialOperationGraceYears must be a whole number ≥ 0',
      'cancellationEvidenceMarkets[0]: empty period',
    ]);
  });

  it('reports unusable parameters', () => {
    expect(
      rulesetProblems({
        ...RE100_TC_V4_1,
        ageLimitYears: -1,
        ageAllowanceShare: { numerator: 3n, denominator: 2n },
        immaterialMarketThresholdWh: -1n,
        grandfatherSignedBefore: '1/1/2024',
      }),
    ).toEqual([
      'ageLimitYears must be a whole number ≥ 0',
      'ageAllowanceShare must be a fraction between 0 and 1',
      'immaterialMarketThresholdWh must be ≥ 0',
      'grandfatherSignedBefore must be YYYY-MM-DD',
    ]);
  });
});

describe('RE100 ruleset RE100_TC_v5_0 (consumption from 1 Jan 2026)', () => {
  it('changes against v4.1 only what domain.md §2 lists for v5.0', () => {
    const { id, label, appliesFrom, ...rest } = RE100_TC_V5_0;
    expect({ id, appliesFrom }).toEqual({ id: 'RE100_TC_v5_0', appliesFrom: '2026-01-01' });
    expect(label).toMatch(/v5\.0/);
    const changed = Object.keys(rest).filter(
      (k) =>
        JSON.stringify(rest[k as keyof typeof rest], (_k, v) => (typeof v === 'bigint' ? `${v}` : v)) !==
        JSON.stringify(RE100_TC_V4_1[k as keyof typeof rest], (_k, v) =>
          typeof v === 'bigint' ? `${v}` : v,
        ),
    );
    expect(changed.sort()).toEqual([
      'cancellationEvidenceMarkets', // V5-CANCEL-1
      'coalCofiringExcluded', // V5-COAL-1
      'passiveAfterActive', // V5-PASSIVE-1 5.1
      'passiveGridCountries', // V5-PASSIVE-1 5.2
      'passiveMandateCounts', // V5-PASSIVE-1 5.1
      'trialOperationGraceYears', // V5-AGE-1
    ]);
    expect(RE100_TC_V5_0.boundarySet).toBe('RE100_TC_v4_1'); // boundary changes unconfirmed
    expect(RE100_TC_V5_0.trialOperationGraceYears).toBe(1);
    expect(rulesetProblems(RE100_TC_V5_0)).toEqual([]);
    expect(Object.isFrozen(RE100_TC_V5_0)).toBe(true);
  });

  it('lists the markets of TC Appendix C (V5-CANCEL-1) and the renewable grids (V5-PASSIVE-1 5.2) from 2026', () => {
    const list = RE100_TC_V5_0.cancellationEvidenceMarkets;
    expect(codesInForceAnyDay(list, '2026-01-01', '2026-12-31')).toEqual(
      new Set(['US-CA', 'EU', 'CN', 'IN']),
    );
    expect(codesInForceAnyDay(list, '2025-01-01', '2025-12-31')).toEqual(new Set());
    // A fiscal year Apr 2025 – Mar 2026 overlaps the list, but is not covered by it on every day.
    expect(codesInForceAnyDay(list, '2025-04-01', '2026-03-31').has('EU')).toBe(true);
    const grids = RE100_TC_V5_0.passiveGridCountries;
    expect(codesInForceEveryDay(grids, '2026-01-01', '2026-12-31')).toEqual(new Set(['PY', 'UY', 'ET']));
    expect(codesInForceEveryDay(grids, '2025-04-01', '2026-03-31')).toEqual(new Set());
    for (const country of ['NO', 'IS', 'NP']) {
      expect(codesInForceEveryDay(grids, '2026-01-01', '2026-12-31').has(country)).toBe(false);
    }
  });
});

describe('rulesetForYear: the ruleset for a reporting period', () => {
  it.each([
    [2023, undefined, 'RE100_TC_v4_1'],
    [2025, undefined, 'RE100_TC_v4_1'],
    [2026, undefined, 'RE100_TC_v5_0'],
    [2030, undefined, 'RE100_TC_v5_0'],
    [2025, '2025-04-01', 'RE100_TC_v4_1'], // fiscal year Apr 2025 – Mar 2026: decided by its first day
    [2026, '2026-04-01', 'RE100_TC_v5_0'],
  ] as const)('%s (period from %s) → %s', (year, periodStart, id) => {
    expect(rulesetForYear(year, periodStart).id).toBe(id);
  });

  it('finds a shipped ruleset by id for `?ruleset=`', () => {
    expect(RE100_RULESETS.map((r) => r.id)).toEqual(['RE100_TC_v4_1', 'RE100_TC_v5_0']);
    expect(rulesetById('RE100_TC_v5_0')).toBe(RE100_TC_V5_0);
    expect(rulesetById('RE100_TC_v9')).toBeUndefined();
  });
});
