import { claim, evaluate2024, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';
import type { Re100ClaimInput } from './types';

/**
 * RE100-CALC-2: each Wh is claimed once. Self-generation measured by a generation meter and the certificates
 * issued for the same generation are one claim, not two.
 *
 * de-1 (DE, EU): imports 730 MWh; its rooftop PV `pv-1` makes 365 MWh, all consumed on site:
 * consumption 730 + 365 = 1,095 MWh, self-generation consumed 365 MWh (RE100-SCOPE-1).
 * The repository builds the metered claim `self-generation:pv-1:de-1` (365 MWh, facility pv-1); the 365 GOs
 * the PV was issued were retired and allocated as well (`go-pv`, facility pv-1).
 * Before: 365 + 365 = 730 / 1,095 = 66.66 %. Now: the GOs are the metered Wh → 365 / 1,095 = 33.33 %.
 */
const SITES = [site('de-1', 'DE', 1_095, { selfGenerationConsumedWh: mwh(365) })];
const PV = { facilityId: 'pv-1', commissioningDate: '2021-04-01' };
const METERED: Re100ClaimInput = claim('self-generation:pv-1:de-1', 365, {
  method: 'SELF_GEN_OWNED',
  technology: 'SOLAR',
  siteIds: ['de-1'],
  consumptionCountry: 'DE',
  instrument: null,
  facility: PV,
});
const gos = (mwhOf: number, instrument = {}) =>
  claim('go-pv', mwhOf, { technology: 'SOLAR', facility: PV, instrument });

describe('RE100 engine: own generation counted once (RE100-CALC-2)', () => {
  it('counts the metered PV and its own GOs once: 365 / 1,095 = 33.33 %', () => {
    const result = evaluate2024(SITES, [METERED, gos(365)]);
    expect(verdictOf(result, 'self-generation:pv-1:de-1')).toMatchObject({
      status: 'ELIGIBLE',
      eligibleWh: mwh(365),
      reasons: ['METERED_SELF_GENERATION'],
    });
    expect(verdictOf(result, 'go-pv')).toMatchObject({
      status: 'INELIGIBLE',
      eligibleWh: 0n,
      ineligibleWh: mwh(365),
      reasons: ['SAME_GENERATION_AS_METERED'],
      allocation: { stage: 'COMPLIANT', sameGenerationWh: mwh(365), cappedWh: 0n },
    });
    expect(result.totals).toMatchObject({ eligibleWh: mwh(365), rePercent: '33.33' });
  });

  it('does not depend on the order of the two claims', () => {
    const result = evaluate2024(SITES, [gos(365), METERED]);
    expect(verdictOf(result, 'go-pv').eligibleWh).toBe(0n);
    expect(result.totals.rePercent).toBe('33.33');
  });

  it('counts GOs beyond the metered Wh (exported generation): 365 + 100 = 465 / 1,095 = 42.46 %', () => {
    const result = evaluate2024(SITES, [METERED, gos(465)]);
    expect(verdictOf(result, 'go-pv')).toMatchObject({
      status: 'PARTIAL',
      eligibleWh: mwh(100),
      allocation: { sameGenerationWh: mwh(365) },
      reasons: ['SAME_GENERATION_AS_METERED'],
    });
    expect(result.totals.rePercent).toBe('42.46');
  });

  it('treats the facility’s GOs of any vintage as the metered Wh (a 2023 vintage was 2023’s self-generation)', () => {
    const result = evaluate2024(SITES, [
      METERED,
      gos(365, { vintageStart: '2023-07-01', vintageEnd: '2023-12-31' }),
    ]);
    expect(result.totals.rePercent).toBe('33.33');
  });

  it('counts another facility’s GOs on top: 365 + 365 = 730 / 1,095 = 66.66 %', () => {
    const other = claim('go-wind', 365, { facility: { facilityId: 'wind-7' } });
    expect(evaluate2024(SITES, [METERED, other]).totals.rePercent).toBe('66.66');
  });

  it('counts the GOs when the metered claim itself does not count (null power, RE100-CLAIM-2)', () => {
    // The caller marks the metered claim null power because some of the facility's GOs were sold; the 200
    // GOs the organization kept and retired are its claim: 200 / 1,095 = 18.26 %.
    const result = evaluate2024(SITES, [{ ...METERED, certificatesSoldOn: true }, gos(200)]);
    expect(verdictOf(result, 'self-generation:pv-1:de-1').reasons).toEqual(['NULL_POWER']);
    expect(verdictOf(result, 'go-pv')).toMatchObject({ eligibleWh: mwh(200), reasons: [] });
    expect(result.totals.rePercent).toBe('18.26');
  });
});
