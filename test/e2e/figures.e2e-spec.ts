import { randomUUID } from 'node:crypto';
import { siteConsumption } from '../../src/figures/consumption';
import { CONSUMPTION_SQL } from '../../src/figures/consumption';
import { expectError } from '../support/assertions';
import { rollupsMatchReadings, siteRollupMismatches, withDb } from '../support/readings';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

const MWH = 1_000_000n;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/**
 * A year's figures read once (src/figures): one consumption rule for `/consumption`, RE100 and Scope 2;
 * honest statuses; MWh beside Wh; the per-market gap; a year seen under the other ruleset.
 */
describe('Year figures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A site with daily meters; `days` maps a direction to MWh per local day (Berlin) of January 2025. */
  async function site(
    org: TestOrganization,
    country: string,
    timeZone: string,
    flows: Partial<Record<'import' | 'export' | 'generation', string[]>>,
    year = 2025,
  ): Promise<{ siteId: string; meters: Record<string, string> }> {
    const siteId = (
      await org.as.officer
        .post('/api/v1/sites', { name: `${country} ${randomUUID().slice(0, 6)}`, country, timeZone })
        .expect(201)
    ).body.id;
    const meters: Record<string, string> = {};
    for (const [direction, values] of Object.entries(flows)) {
      const meterId = await dailyMeter(org, siteId, direction);
      meters[direction] = meterId;
      const readings = values.flatMap((value, i) =>
        value === '' ? [] : [{ start: localMidnight(year, 1, 5 + i, timeZone), value }],
      );
      await org.as.officer.post(`/api/v1/meters/${meterId}/readings`, { readings }).expect(200);
    }
    return { siteId, meters };
  }

  /** A daily meter of the site, in MWh unless its readings name their unit. */
  async function dailyMeter(org: TestOrganization, siteId: string, direction: string): Promise<string> {
    const res = await org.as.officer
      .post('/api/v1/meters', {
        siteId,
        externalId: `${direction}-${randomUUID().slice(0, 6)}`,
        kind: 'interval',
        intervalMinutes: 1440,
        direction,
        unit: 'mwh', // units are case-insensitive
      })
      .expect(201);
    return res.body.id;
  }

  it('applies the consumption rule the same way in SQL and in TypeScript', async () => {
    const cases: [bigint, bigint, bigint][] = [
      [0n, 0n, 0n],
      [100n, 0n, 0n],
      [0n, 50n, 10n],
      [10n, 50n, 100n],
      [100n, 300n, 120n],
      [5n, 0n, 7n],
      [9_000_000_000_000n, 1n, 2n],
    ];
    const flow = { imp: 'v.imp', exp: 'v.exp', gen: 'v.gen' };
    const rows: { consumption: string; self: string }[] = await withDb(
      async (db) =>
        (
          await db.query(
            `SELECT (${CONSUMPTION_SQL.consumptionWh(flow)})::text AS consumption,
                  (${CONSUMPTION_SQL.selfGenerationConsumedWh(flow)})::text AS self
           FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS v(imp, exp, gen, n) ORDER BY n`,
            [
              cases.map((c) => c[0].toString()),
              cases.map((c) => c[1].toString()),
              cases.map((c) => c[2].toString()),
            ],
          )
        ).rows,
    );
    cases.forEach(([importWh, exportWh, generationWh], i) => {
      const ts = siteConsumption({ importWh, exportWh, generationWh });
      expect([rows[i].consumption, rows[i].self]).toEqual([
        ts.consumptionWh.toString(),
        ts.selfGenerationConsumedWh.toString(),
      ]);
    });
  });

  it('gives /consumption and the RE100 figures one consumption: a net-exporting site counts 0, never less', async () => {
    const org = await createOrganization(t.http, 'Net export');
    // Site A imports 100 MWh on each of two days. Site B: day 1 generates 10 and exports 50 (it consumed
    // nothing; the meters miss an import), day 2 imports 20.
    await site(org, 'DE', 'Europe/Berlin', { import: ['100', '100'] });
    const b = await site(org, 'DE', 'Europe/Berlin', {
      import: ['', '20'],
      generation: ['10'],
      export: ['50'],
    });
    // By hand: A 200 + B (max(0, 0 + 10 − 50) = 0, then 20) = 220 MWh. Netting sites or days would give 180.
    const consumption = await org.as.auditor
      .get('/api/v1/consumption?granularity=year&from=2025-01-01&to=2026-01-01')
      .expect(200);
    expect(consumption.body.totals).toMatchObject({
      importWh: String(220n * MWH),
      exportWh: String(50n * MWH),
      generationWh: String(10n * MWH),
      consumptionWh: String(220n * MWH),
    });
    const days = await org.as.auditor
      .get(`/api/v1/consumption?granularity=day&from=2025-01-05&to=2025-01-07&siteId=${b.siteId}`)
      .expect(200);
    expect(days.body.series.map((d: { consumptionWh: string }) => d.consumptionWh)).toEqual([
      '0',
      String(20n * MWH),
    ]);
    expect(days.body.totals.consumptionWh).toBe(String(20n * MWH));
    const progress = await org.as.auditor.get('/api/v1/re100/progress?year=2025').expect(200);
    expect(progress.body).toMatchObject({
      consumptionWh: String(220n * MWH),
      consumptionMwh: '220.000',
      inScopeWh: String(220n * MWH),
    });
    const scope2 = await org.as.auditor.get('/api/v1/emissions/scope2?year=2025').expect(200);
    expect(scope2.body.organization.consumptionWh).toBe(String(220n * MWH));
  });

  it('moves a site’s days with a meter that moves to another site of its zone: the figures follow', async () => {
    const org = await createOrganization(t.http, 'Meter move');
    const a = await site(org, 'DE', 'Europe/Berlin', { import: ['100', '100'], export: ['30'] });
    const b = await site(org, 'DE', 'Europe/Berlin', { import: ['10'] });
    const bySite = async () =>
      Object.fromEntries(
        (await org.as.auditor.get('/api/v1/re100/explain?year=2025&market=EU').expect(200)).body.sites.map(
          (s: { siteId: string; consumptionWh: string }) => [s.siteId, s.consumptionWh],
        ),
      );
    // By hand: A (100 − 30) + 100 = 170, B 10.
    expect(await bySite()).toEqual({ [a.siteId]: String(170n * MWH), [b.siteId]: String(10n * MWH) });
    await org.as.officer.patch(`/api/v1/meters/${a.meters.export}`, { siteId: b.siteId }).expect(200);
    // A 100 + 100 = 200; B max(0, 10 − 30) = 0.
    expect(await bySite()).toEqual({ [a.siteId]: String(200n * MWH), [b.siteId]: '0' });
    for (const { siteId } of [a, b]) expect(await siteRollupMismatches(siteId)).toEqual([]);
    for (const meterId of [...Object.values(a.meters), ...Object.values(b.meters)])
      expect((await rollupsMatchReadings(meterId)).mismatches).toEqual([]);
  });

  it('keeps a site’s days exact while its meters are written concurrently', async () => {
    const org = await createOrganization(t.http, 'Concurrent site days');
    const { siteId } = await site(org, 'DE', 'Europe/Berlin', {});
    const ids: string[] = [];
    for (const direction of ['import', 'export', 'generation', 'import'])
      ids.push(await dailyMeter(org, siteId, direction));
    // Eight concurrent pushes of the same 31 days: every push meets the others on the site's rows.
    const days = Array.from({ length: 31 }, (_, i) => localMidnight(2025, 1, 1 + i, 'Europe/Berlin'));
    await Promise.all(
      ids.flatMap((meterId, k) =>
        [0, 16].map((from) =>
          org.as.officer
            .post(`/api/v1/meters/${meterId}/readings`, {
              readings: days
                .slice(from, from + 16)
                .map((start) => ({ start, value: String(10 * (k + 1)), unit: 'kWh' })),
            })
            .expect(200),
        ),
      ),
    );
    expect(await siteRollupMismatches(siteId)).toEqual([]);
    for (const meterId of ids) expect((await rollupsMatchReadings(meterId)).mismatches).toEqual([]);
    // By hand, per day: import 10 + 40, export 20, generation 30: 50 + 30 − 20 = 60 kWh; 31 days.
    const progress = await org.as.auditor.get('/api/v1/re100/progress?year=2025').expect(200);
    expect(progress.body.consumptionWh).toBe(String(31n * 60_000n));
  });

  it('says NO_DATA or ALL_EXCLUDED instead of 0 % on track, with null figures', async () => {
    const org = await createOrganization(t.http, 'Honest');
    await org.as.officer.patch('/api/v1/organization', { re100: { targetYear: 2040 } }).expect(200);
    const empty = await org.as.auditor.get('/api/v1/re100/progress?year=2025').expect(200);
    expect(empty.body).toMatchObject({
      status: 'NO_DATA',
      rePercent: null,
      target: null,
      consumptionWh: '0',
    });

    // One 50 MWh site flagged as immaterial: its market is ≤ 100 MWh, the exclusion holds, nothing is in scope.
    const only = await site(org, 'JP', 'Asia/Tokyo', { import: ['50'] });
    await org.as.officer
      .patch(`/api/v1/sites/${only.siteId}`, { excludedFromRe100: true, exclusionReason: 'Sales office' })
      .expect(200);
    const excluded = await org.as.auditor.get('/api/v1/re100/progress?year=2025').expect(200);
    expect(excluded.body).toMatchObject({
      status: 'ALL_EXCLUDED',
      rePercent: null,
      target: null,
      consumptionWh: String(50n * MWH),
      inScopeWh: '0',
      excludedSites: [{ siteId: only.siteId, accepted: true }],
    });
    const series = await org.as.auditor.get('/api/v1/re100/progress/series?from=2024&to=2025').expect(200);
    expect(
      series.body.years.map((y: { status: string; rePercent: string | null }) => [y.status, y.rePercent]),
    ).toEqual([
      ['NO_DATA', null],
      ['ALL_EXCLUDED', null],
    ]);
    expect(series.body.forecast).toMatchObject({
      status: 'ALL_EXCLUDED',
      assumedConsumptionWh: null,
      years: [],
    });
  });

  it('reports a market below the trajectory while the organization is on track', async () => {
    const org = await createOrganization(t.http, 'Market gap');
    const legalEntity = (await org.as.admin.get('/api/v1/organization')).body.legalEntityName;
    await org.as.officer
      .patch('/api/v1/organization', {
        re100: {
          targetYear: 2040,
          baselineYear: null,
          milestones: [
            { year: 2025, percent: 50 },
            { year: 2030, percent: 60 },
          ],
        },
      })
      .expect(200);
    await site(org, 'DE', 'Europe/Berlin', { import: ['500', '500'] });
    await site(org, 'KR', 'Asia/Seoul', { import: ['200'] });
    const facility = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Nordsee',
          country: 'DE',
          technology: 'WIND',
          commissioningDate: '2020-01-01',
        })
        .expect(201)
    ).body.id;
    const cert = (
      await org.as.officer
        .post('/api/v1/certificates', {
          registry: 'UBA',
          instrumentType: 'GO',
          serialStart: 'DE-25-0001',
          serialEnd: 'DE-25-0800',
          facilityId: facility,
          vintageStart: '2025-01-01',
          vintageEnd: '2025-03-31',
          status: 'RETIRED',
          cancellationDate: '2025-04-15',
          beneficiary: legalEntity,
        })
        .expect(201)
    ).body.id;
    await org.as.officer
      .post('/api/v1/allocations', { certificateId: cert, reportingYear: 2025, consumptionMarket: 'EU' })
      .expect(201);
    // 800 / 1,200 = 66.66 % ≥ the 50 % milestone: on track. KR alone: 50 % of 200 MWh = 100 MWh missing.
    const res = await org.as.auditor.get('/api/v1/re100/progress?year=2025').expect(200);
    expect(res.body).toMatchObject({ status: 'ON_TRACK', rePercent: '66.66', eligibleMwh: '800.000' });
    expect(res.body.target).toMatchObject({
      requiredPercent: '50.00',
      stillToProcureWh: '0',
      belowTrajectoryInMarketsWh: String(100n * MWH),
      belowTrajectoryInMarketsMwh: '100.000',
    });
    expect(res.body.target.markets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ market: 'KR', status: 'BEHIND', belowTrajectoryWh: String(100n * MWH) }),
        expect.objectContaining({ market: 'EU', status: 'ON_TRACK', belowTrajectoryWh: '0' }),
      ]),
    );
    expect(res.body.rounding.rePercent).toMatch(/rounded down to 2 decimals/);
  });

  it('evaluates 2026 under RE100 TC v5.0, and under v4.1 on request, without changing anything', async () => {
    const org = await createOrganization(t.http, 'Rulesets');
    const legalEntity = (await org.as.admin.get('/api/v1/organization')).body.legalEntityName;
    await site(org, 'DE', 'Europe/Berlin', { import: ['100'] }, 2026);
    const facility = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Eifel',
          country: 'DE',
          technology: 'SOLAR',
          commissioningDate: '2022-01-01',
        })
        .expect(201)
    ).body.id;
    const cert = (
      await org.as.officer
        .post('/api/v1/certificates', {
          registry: 'UBA',
          instrumentType: 'GO',
          serialStart: 'DE-26-0001',
          serialEnd: 'DE-26-0100',
          facilityId: facility,
          vintageStart: '2026-01-01',
          vintageEnd: '2026-01-31',
          status: 'RETIRED',
          cancellationDate: '2026-02-10',
          beneficiary: legalEntity,
        })
        .expect(201)
    ).body.id;
    const claim = (
      await org.as.officer
        .post('/api/v1/allocations', { certificateId: cert, reportingYear: 2026, consumptionMarket: 'EU' })
        .expect(201)
    ).body.id;
    // v5.0 (consumption from 2026): in Europe a claim needs its cancellation statement attached.
    const v5 = await org.as.auditor.get('/api/v1/re100/progress?year=2026').expect(200);
    expect(v5.body).toMatchObject({
      rulesetId: 'RE100_TC_v5_0',
      rulesetForPeriod: 'RE100_TC_v5_0',
      rePercent: '0.00',
    });
    expect(v5.body.claims[0].reasons).toContain('NO_CANCELLATION_EVIDENCE');
    const v4 = await org.as.auditor.get('/api/v1/re100/progress?year=2026&ruleset=RE100_TC_v4_1').expect(200);
    expect(v4.body).toMatchObject({
      rulesetId: 'RE100_TC_v4_1',
      rulesetForPeriod: 'RE100_TC_v5_0',
      rePercent: '100.00',
    });
    const explained = await org.as.auditor
      .get(`/api/v1/re100/explain?year=2026&claimId=${claim}&ruleset=RE100_TC_v4_1`)
      .expect(200);
    expect(explained.body).toMatchObject({ rulesetId: 'RE100_TC_v4_1', figure: 'CLAIM_VERDICT' });
    const series = await org.as.auditor
      .get('/api/v1/re100/progress/series?from=2025&to=2026&ruleset=RE100_TC_v4_1')
      .expect(200);
    expect(series.body.years.map((y: { rulesetId: string }) => y.rulesetId)).toEqual([
      'RE100_TC_v4_1',
      'RE100_TC_v4_1',
    ]);
    expectError(
      await org.as.auditor.get('/api/v1/re100/progress?year=2026&ruleset=RE100_TC_v9'),
      400,
      'VALIDATION_FAILED',
      'ruleset',
    );

    // The registry's cancellation statement, attached: the claim counts under v5.0 too.
    await org.as.officer
      .raw('post', `/api/v1/certificates/${cert}/evidence`)
      .attach('file', PDF, { filename: 'cancellation.pdf', contentType: 'application/pdf' })
      .field('kind', 'CANCELLATION_STATEMENT')
      .expect(201);
    const attached = await org.as.auditor.get('/api/v1/re100/progress?year=2026').expect(200);
    expect(attached.body).toMatchObject({ rulesetId: 'RE100_TC_v5_0', rePercent: '100.00' });
  });

  it('counts own generation and its certificates once, and transferred certificates make it null power', async () => {
    const org = await createOrganization(t.http, 'Own PV');
    const legalEntity = (await org.as.admin.get('/api/v1/organization')).body.legalEntityName;
    // DE site imports 730 MWh; its PV makes 365 MWh, all consumed on site: 1,095 MWh.
    const pv = await site(org, 'DE', 'Europe/Berlin', { import: ['365', '365'], generation: ['365'] });
    const facility = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Rooftop PV',
          country: 'DE',
          technology: 'SOLAR',
          commissioningDate: '2021-05-01',
          generationMeterIds: [pv.meters.generation],
        })
        .expect(201)
    ).body.id;
    const certificate = (status: string, serial: string) =>
      org.as.officer
        .post('/api/v1/certificates', {
          registry: 'UBA',
          instrumentType: 'GO',
          serialStart: `PV-${serial}-001`,
          serialEnd: `PV-${serial}-365`,
          facilityId: facility,
          vintageStart: '2025-01-01',
          vintageEnd: '2025-01-31',
          status,
          ...(status === 'RETIRED' ? { cancellationDate: '2025-02-10', beneficiary: legalEntity } : {}),
        })
        .expect(201);
    const own = (await certificate('RETIRED', 'A')).body.id;
    await org.as.officer
      .post('/api/v1/allocations', { certificateId: own, reportingYear: 2025, consumptionMarket: 'EU' })
      .expect(201);
    // The metered generation and its own GOs are one claim: 365 / 1,095 = 33.33 %, not 66.66 %.
    const once = await org.as.auditor.get('/api/v1/re100/progress?year=2025').expect(200);
    expect(once.body).toMatchObject({ consumptionWh: String(1095n * MWH), rePercent: '33.33' });
    const allocated = once.body.claims.find(
      (c: { claimId: string }) => c.claimId !== `self-generation:${facility}:${pv.siteId}`,
    );
    expect(allocated.reasons).toContain('SAME_GENERATION_AS_METERED');

    // The PV's GOs transferred to another company instead: the generation is null power (RE100-CLAIM-2).
    await org.as.officer.delete(`/api/v1/allocations/${allocated.claimId}`).expect(204);
    await certificate('TRANSFERRED', 'B');
    const transferred = await org.as.auditor.get('/api/v1/re100/progress?year=2025').expect(200);
    expect(transferred.body.rePercent).toBe('0.00');
    const selfClaim = transferred.body.claims.find((c: { claimId: string }) =>
      c.claimId.startsWith('self-generation:'),
    );
    expect(selfClaim.reasons).toContain('NULL_POWER');
    // Scope 2 market-based: all 1,095 MWh at the German residual mix (0.7199 t/MWh) = 788.291 t; location-based
    // covers only the 730 MWh purchased.
    const scope2 = await org.as.auditor.get('/api/v1/emissions/scope2?year=2025').expect(200);
    expect(scope2.body.organization.marketBased.tCo2e).toBe('788.291');
    expect(scope2.body.organization).toMatchObject({
      purchasedWh: String(730n * MWH),
      ownGenerationWh: String(365n * MWH),
    });
  });

  it('applies the age rule to the 2024 months of a financial year that starts in 2023', async () => {
    const org = await createOrganization(t.http, 'Fiscal');
    const legalEntity = (await org.as.admin.get('/api/v1/organization')).body.legalEntityName;
    await org.as.admin.patch('/api/v1/organization', { reportingYearStartMonth: 4 }).expect(200);
    // "2023" runs April 2023 to March 2024: 750 MWh in 2023 (three months) and 250 MWh in January 2024.
    const siteId = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Werk', country: 'DE', timeZone: 'Europe/Berlin' })
        .expect(201)
    ).body.id;
    const meterId = (
      await org.as.officer
        .post('/api/v1/meters', {
          siteId,
          externalId: 'W-1',
          kind: 'interval',
          intervalMinutes: 1440,
          direction: 'import',
          unit: 'MWh',
        })
        .expect(201)
    ).body.id;
    await org.as.officer
      .post(`/api/v1/meters/${meterId}/readings`, {
        readings: [
          { start: '2023-05-02T00:00:00+02:00', value: '250' },
          { start: '2023-07-03T00:00:00+02:00', value: '250' },
          { start: '2023-10-02T00:00:00+02:00', value: '250' },
          { start: '2024-01-15T00:00:00+01:00', value: '250' },
        ],
      })
      .expect(200);
    const old = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Altwerk Wind',
          country: 'DE',
          technology: 'WIND',
          commissioningDate: '2000-01-01',
        })
        .expect(201)
    ).body.id;
    const cert = (
      await org.as.officer
        .post('/api/v1/certificates', {
          registry: 'UBA',
          instrumentType: 'GO',
          serialStart: 'ALT-0001',
          serialEnd: 'ALT-1000',
          facilityId: old,
          vintageStart: '2023-04-01',
          vintageEnd: '2024-03-31',
          status: 'RETIRED',
          cancellationDate: '2024-04-20',
          beneficiary: legalEntity,
        })
        .expect(201)
    ).body.id;
    await org.as.officer
      .post('/api/v1/allocations', { certificateId: cert, reportingYear: 2023, consumptionMarket: 'EU' })
      .expect(201);
    // 750 MWh before 2024 take the old plant's GOs freely; of the 250 MWh in 2024 only the 15 % allowance
    // (37.5 MWh) may: (750 + 37.5) / 1,000 = 78.75 %, not 100 %.
    const res = await org.as.auditor.get('/api/v1/re100/progress?year=2023').expect(200);
    expect(res.body).toMatchObject({
      periodStart: '2023-04-01',
      periodEnd: '2024-03-31',
      rePercent: '78.75',
    });
    expect(res.body.ageAllowance).toMatchObject({
      ruleFrom: '2024-01-01',
      baseWh: String(250n * MWH),
      usedWh: '37500000',
    });
  });

  it('is isolated per organization', async () => {
    const a = await createOrganization(t.http, 'Iso A');
    const b = await createOrganization(t.http, 'Iso B');
    await site(a, 'DE', 'Europe/Berlin', { import: ['10'] });
    const res = await b.as.auditor.get('/api/v1/re100/progress?year=2025').expect(200);
    expect(res.body).toMatchObject({ status: 'NO_DATA', consumptionWh: '0', markets: [] });
  });
});

/** Local midnight of a day as an ISO instant with its offset (zones of the sites used here). */
function localMidnight(year: number, month: number, day: number, timeZone: string): string {
  const offset = { 'Europe/Berlin': '+01:00', 'Asia/Seoul': '+09:00', 'Asia/Tokyo': '+09:00' }[timeZone];
  if (!offset) throw new Error(`no offset for ${timeZone}`);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00${offset}`;
}
