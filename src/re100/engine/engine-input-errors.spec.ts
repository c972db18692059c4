import { evaluateRe100Year, Re100InputError } from './engine';
import { claim, datedSite, mwh, segment, site, year2024 } from '../../../test/support/re100-fixtures';
import type { Re100ClaimInput } from './types';

/** Input that cannot be evaluated is refused as a whole; data that only fails a rule gets a verdict instead. */
describe('RE100 engine: input it refuses', () => {
  const problemsOf = (input: ReturnType<typeof year2024>): string[] => {
    try {
      evaluateRe100Year(input);
    } catch (e) {
      if (e instanceof Re100InputError) return e.problems;
      throw e;
    }
    return [];
  };

  it('accepts a valid year', () => {
    expect(problemsOf(year2024([site('de-1', 'DE', 100)], [claim('c', 10)]))).toEqual([]);
  });

  it('refuses negative Wh and self-generation above consumption (RE100-SCOPE-1)', () => {
    expect(
      problemsOf(
        year2024(
          [
            site('de-1', 'DE', 0, { consumptionWh: -1n }),
            site('de-2', 'DE', 10, { selfGenerationConsumedWh: mwh(11) }),
          ],
          [{ ...claim('c', 0), volumeWh: -5n }],
        ),
      ),
    ).toEqual([
      'sites[0].consumptionWh must be a bigint ≥ 0 Wh',
      'sites[1].selfGenerationConsumedWh exceeds consumptionWh (RE100-SCOPE-1)',
      'claims[0] (c).volumeWh must be a bigint ≥ 0 Wh',
    ]);
  });

  it('refuses repeated site ids, bad dates and reversed periods', () => {
    expect(
      problemsOf(
        year2024(
          [site('s', 'DE', 1), site('s', 'Germany', 1)],
          [
            claim('c', 1, {
              facility: { commissioningDate: '2020-02-30' },
              instrument: { vintageStart: '2024-12-31', vintageEnd: '2024-01-01' },
            }),
          ],
          {},
          { periodEnd: '2023-12-31' },
        ),
      ),
    ).toEqual([
      'periodEnd must not be before periodStart',
      'sites[1].siteId s is repeated',
      'sites[1].country must be an ISO 3166-1 alpha-2 code',
      'claims[0] (c).facility.commissioningDate must be a date YYYY-MM-DD',
      'claims[0] (c).instrument.vintageEnd is before vintageStart',
    ]);
  });

  it('refuses a broken ruleset and a missing legal entity', () => {
    const problems = problemsOf(
      year2024([], [], { ageAllowanceShare: { numerator: 1n, denominator: 0n } }, { legalEntityName: ' ' }),
    );
    expect(problems).toEqual([
      'ruleset: ageAllowanceShare must be a fraction between 0 and 1',
      'legalEntityName is required',
    ]);
  });

  it('refuses a Korean tag that contradicts the method’s RE100 type', () => {
    expect(problemsOf(year2024([], [claim('c', 1, { krTag: 'KR_GREEN_PREMIUM' })]))).toEqual([
      'claims[0] (c).krTag KR_GREEN_PREMIUM is not an RE100 type 4 method (UNBUNDLED_EAC)',
    ]);
  });

  it('refuses dated consumption outside the period, overlapping, or not adding up', () => {
    expect(
      problemsOf(
        year2024(
          [
            datedSite('de-1', 'DE', [
              segment('2023-12-01', '2024-01-31', 10),
              segment('2024-01-15', '2024-02-30', 5),
            ]),
            { ...datedSite('de-2', 'DE', [segment('2024-03-01', '2024-02-01', 1)]), consumptionWh: mwh(2) },
          ],
          [],
        ),
      ),
    ).toEqual([
      'sites[0].consumptionSegments[0] is outside the period 2024-01-01 … 2024-12-31',
      'sites[0].consumptionSegments[1].end must be a date YYYY-MM-DD',
      'sites[1].consumptionSegments[0].end is before its start',
      'sites[1].consumptionSegments add up to 1000000 Wh, not consumptionWh 2000000',
    ]);
  });

  it('refuses values that are not on the engine’s lists', () => {
    const odd = {
      ...claim('c', 1),
      technology: 'OCEAN',
      passiveBasis: 'HOPE',
      instrument: { ...claim('c', 1).instrument!, type: 'VOUCHER', status: 'LOST' },
    } as unknown as Re100ClaimInput;
    expect(problemsOf(year2024([], [odd, claim('d', 1, { passiveBasis: 'SUPPLIER_PRO_RATA' })]))).toEqual([
      'claims[0] (c).passiveBasis HOPE is unknown',
      'claims[0] (c).technology OCEAN is unknown',
      'claims[0] (c).instrument.type VOUCHER is unknown',
      'claims[0] (c).instrument.status LOST is unknown',
      'claims[1] (d).passiveBasis is for default-delivered (type 5) claims, not UNBUNDLED_EAC',
    ]);
  });

  it('throws a coded error', () => {
    expect(() => evaluateRe100Year(year2024([site('de-1', 'DE', 0, { consumptionWh: -1n })], []))).toThrow(
      expect.objectContaining({ code: 'RE100_INPUT_INVALID', name: 'Re100InputError' }),
    );
  });
});
