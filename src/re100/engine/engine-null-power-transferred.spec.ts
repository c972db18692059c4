import { claim, evaluate2024, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';

/**
 * RE100-CLAIM-2: generation whose certificates were sold on is null power. The audit's case, the PV of
 * engine-self-generation-once.spec.ts: de-1 consumes 1,095 MWh, 365 MWh of it from its rooftop PV; the PV's
 * 365 GOs were TRANSFERRED to another company (not allocated by the organization).
 * Before (the repository only looked at the contract's `eacs_conveyed`): the metered 365 MWh counted,
 * 365 / 1,095 = 33.33 %. By the rule the generation is null power: 0 / 1,095 = 0.00 %.
 * The caller passes `certificatesSoldOn: true` on the metered claim when any certificate of the facility with
 * a vintage overlapping the period is TRANSFERRED.
 */
const SITES = [site('de-1', 'DE', 1_095, { selfGenerationConsumedWh: mwh(365) })];
const metered = (certificatesSoldOn: boolean) =>
  claim('self-generation:pv-1:de-1', 365, {
    method: 'SELF_GEN_OWNED',
    technology: 'SOLAR',
    siteIds: ['de-1'],
    instrument: null,
    facility: { facilityId: 'pv-1', commissioningDate: '2021-04-01' },
    certificatesSoldOn,
  });

describe('RE100 engine: self-generation whose GOs were transferred (RE100-CLAIM-2)', () => {
  it('is null power when the caller says the GOs were sold: 0.00 %', () => {
    const result = evaluate2024(SITES, [metered(true)]);
    expect(verdictOf(result, 'self-generation:pv-1:de-1')).toMatchObject({
      status: 'INELIGIBLE',
      eligibleWh: 0n,
      ineligibleWh: mwh(365),
      reasons: ['NULL_POWER'],
    });
    expect(result.totals).toMatchObject({ consumptionWh: mwh(1_095), eligibleWh: 0n, rePercent: '0.00' });
  });

  it('counts as metered generation when nothing was sold: 365 / 1,095 = 33.33 %', () => {
    expect(evaluate2024(SITES, [metered(false)]).totals.rePercent).toBe('33.33');
  });
});
