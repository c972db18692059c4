import { claim, evaluate2024, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';

/**
 * RE100-CLAIM-2: generation whose certificates were sold on is null power: it is still consumption
 * (RE100-SCOPE-1) but carries no renewable claim.
 * Site de-1 (DE): consumption 600 MWh, of which 200 MWh self-generated rooftop solar (400 MWh purchased).
 */
const SITES = [site('de-1', 'DE', 600, { selfGenerationConsumedWh: mwh(200) })];
const rooftop = (certificatesSoldOn: boolean) =>
  claim('rooftop', 200, {
    method: 'SELF_GEN_OWNED',
    technology: 'SOLAR',
    siteIds: ['de-1'],
    instrument: null,
    certificatesSoldOn,
  });

describe('RE100 engine: null power (RE100-CLAIM-2)', () => {
  it('gives no renewable claim when the GOs were sold: 0 / 600 = 0.00 %', () => {
    const result = evaluate2024(SITES, [rooftop(true)]);
    expect(verdictOf(result, 'rooftop')).toMatchObject({
      status: 'INELIGIBLE',
      eligibleWh: 0n,
      ineligibleWh: mwh(200),
      reasons: ['NULL_POWER'],
    });
    expect(result.totals).toMatchObject({ consumptionWh: mwh(600), eligibleWh: 0n, rePercent: '0.00' });
  });

  it('still reports the self-generation as consumption (CDP 7.30.16)', () => {
    const result = evaluate2024(SITES, [rooftop(true)]);
    expect(result.byCountry).toEqual([
      expect.objectContaining({
        country: 'DE',
        consumptionWh: mwh(600),
        selfGenerationConsumedWh: mwh(200),
        purchasedWh: mwh(400),
        eligibleWh: 0n,
      }),
    ]);
  });

  it('counts the same generation when the certificates were kept: 200 / 600 = 33.33 %', () => {
    const result = evaluate2024(SITES, [rooftop(false)]);
    expect(verdictOf(result, 'rooftop')).toMatchObject({
      eligibleWh: mwh(200),
      reasons: ['METERED_SELF_GENERATION'],
    });
    expect(result.totals.rePercent).toBe('33.33');
  });

  it('applies to a physical PPA whose GOs were sold on too, even with a retired GO attached', () => {
    const result = evaluate2024(SITES, [
      claim('ppa', 100, { method: 'PPA_PHYSICAL', certificatesSoldOn: true }),
    ]);
    expect(verdictOf(result, 'ppa')).toMatchObject({ eligibleWh: 0n, reasons: ['NULL_POWER'] });
  });
});
