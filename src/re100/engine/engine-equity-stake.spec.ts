import { evaluateRe100Year, Re100InputError } from './engine';
import { claim, evaluate2024, mwh, site, verdictOf, year2024 } from '../../../test/support/re100-fixtures';
import { KR_PROCUREMENT_TAGS, KR_TAG_TYPE, type Re100ClaimInput } from './types';

/**
 * K-RE100 (domain.md §1, corrected): an equity stake counts only together with a PPA or a REC purchase from
 * the same plant. It is the claim's `equityStake` flag, valid with a type-2 PPA or a type-4 REC purchase;
 * `KR_EQUITY_INVESTMENT` is no procurement method and is refused as a tag. V5-KR-1: the green premium is type 3.
 *
 * kr-1 KR 2,000 MWh. Claims (K-RECs, solar 2019, retired for the legal entity):
 *   rec-equity  KR_REC_PURCHASE (4), equity in the plant   600  counts
 *   rec         KR_REC_PURCHASE (4)                        400  counts
 *   ppa-equity  KR_DIRECT_PPA (2), equity in the plant     500  counts
 * 1,500 / 2,000 = 75.00 %; the equity volumes are reported apart within their type.
 */
const KR = { consumptionMarket: 'KR', technology: 'SOLAR' as const, instrument: { type: 'K_REC' as const } };
const FACILITY = { facility: { country: 'KR', commissioningDate: '2019-03-01' } };
const CLAIMS: Re100ClaimInput[] = [
  claim('rec-equity', 600, { ...KR, ...FACILITY, krTag: 'KR_REC_PURCHASE', equityStake: true }),
  claim('rec', 400, { ...KR, ...FACILITY, krTag: 'KR_REC_PURCHASE' }),
  claim('ppa-equity', 500, {
    ...KR,
    ...FACILITY,
    method: 'PPA_VIRTUAL',
    krTag: 'KR_DIRECT_PPA',
    equityStake: true,
  }),
];

const problemsOf = (claims: Re100ClaimInput[]): string[] => {
  try {
    evaluateRe100Year(year2024([site('kr-1', 'KR', 2_000)], claims));
  } catch (e) {
    if (e instanceof Re100InputError) return e.problems;
    throw e;
  }
  return [];
};

describe('RE100 engine: an equity stake is a flag on a PPA or REC purchase (K-RE100)', () => {
  const result = evaluate2024([site('kr-1', 'KR', 2_000)], CLAIMS);

  it('counts the PPA and REC volumes with the stake, and keeps the flag in the basis', () => {
    expect(verdictOf(result, 'rec-equity')).toMatchObject({
      eligibleWh: mwh(600),
      basis: { equityStake: true },
    });
    expect(verdictOf(result, 'rec').basis.equityStake).toBe(false);
    expect(result.totals.rePercent).toBe('75.00');
  });

  it('reports equity volumes apart within their type', () => {
    expect(result.byProcurementType[3].methods).toEqual([
      {
        method: 'UNBUNDLED_EAC',
        krTag: 'KR_REC_PURCHASE',
        equityStake: false,
        claimCount: 1,
        volumeWh: mwh(400),
        eligibleWh: mwh(400),
      },
      {
        method: 'UNBUNDLED_EAC',
        krTag: 'KR_REC_PURCHASE',
        equityStake: true,
        claimCount: 1,
        volumeWh: mwh(600),
        eligibleWh: mwh(600),
      },
    ]);
    expect(result.byProcurementType[1].methods).toEqual([
      expect.objectContaining({ method: 'PPA_VIRTUAL', krTag: 'KR_DIRECT_PPA', equityStake: true }),
    ]);
  });

  it('refuses KR_EQUITY_INVESTMENT as a tag', () => {
    expect(
      problemsOf([
        claim('equity', 100, {
          ...KR,
          ...FACILITY,
          method: 'SELF_GEN_OWNED',
          krTag: 'KR_EQUITY_INVESTMENT',
          instrument: null,
        }),
      ]),
    ).toEqual([
      'claims[0] (equity).krTag KR_EQUITY_INVESTMENT is not a procurement method: set equityStake on the PPA or REC purchase from that plant',
    ]);
    expect(KR_PROCUREMENT_TAGS).not.toContain('KR_EQUITY_INVESTMENT');
  });

  it.each(['SELF_GEN_OWNED', 'SUPPLIER_GREEN_TARIFF', 'DEFAULT_DELIVERED'] as const)(
    'refuses an equity stake on %s',
    (method) => {
      expect(problemsOf([claim('c', 100, { ...KR, ...FACILITY, method, equityStake: true })])).toEqual([
        `claims[0] (c).equityStake needs a type-2 PPA or a type-4 REC purchase from the same plant, not ${method} (K-RE100)`,
      ]);
    },
  );

  it('maps the green premium to type 3 (V5-KR-1)', () => {
    expect(KR_TAG_TYPE.KR_GREEN_PREMIUM).toBe(3);
    expect(
      problemsOf([
        claim('gp', 100, { ...KR, ...FACILITY, method: 'SUPPLIER_GREEN_TARIFF', krTag: 'KR_GREEN_PREMIUM' }),
      ]),
    ).toEqual([]);
  });
});
