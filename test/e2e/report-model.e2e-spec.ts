import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { seedDemoThrough } from '../support/demo';
import { canonicalHash } from '../../src/reports/model/canonical-json';
import type { ReportModel } from '../../src/reports/model/report-model';
import { makeReport } from '../../src/reports/make-report';
import { ReportModelService } from '../../src/reports/report-model.service';
import { makeReportInChildProcess } from '../../src/reports/report-process';
import { ReportTemplates } from '../../src/reports/templates/report-templates';
import { Caller, createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

/**
 * The report model of the demo organization's year equals the API's figures for that year: RE %, each
 * market, each country, the claims' verdicts, Scope 2 both ways; its tie-outs pass; and its hash covers
 * the figures only, so a rebuild of unchanged data has the same hash in any language.
 */
type Scope2Country = { country: string; locationBased: { tCo2e: string }; marketBased: { tCo2e: string } };

describe('report model', () => {
  let t: TestApp;
  let org: TestOrganization;
  let demo: Caller;
  let organizationId: string;
  let model: ReportModel;
  const build = (overrides: Partial<Parameters<ReportModelService['build']>[0]> = {}) =>
    t.app.get(ReportModelService).build({
      organizationId,
      year: 2025,
      language: 'en',
      reportId: null,
      ...overrides,
    });

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Report host');
    organizationId = (await seedDemoThrough(org)).organizationId;
    demo = org.platformAdmin.in(organizationId);
    model = await build();
    if (process.env.REPORT_MODEL_FIXTURE)
      writeFileSync(process.env.REPORT_MODEL_FIXTURE, JSON.stringify(model, null, 2));
  }, 120_000);
  afterAll(() => t.close());

  it('gives every RE100 figure as the progress API does', async () => {
    const progress = (await demo.get('/api/v1/re100/progress?year=2025').expect(200)).body;
    const { content } = model;
    expect(content.summary).toMatchObject({
      rePercent: progress.rePercent,
      consumptionMwh: progress.consumptionMwh,
      inScopeMwh: progress.inScopeMwh,
      recognisedMwh: progress.eligibleMwh,
      status: progress.status,
    });
    expect(content.re100.markets.map((m) => [m.market, m.rePercent, m.inScopeMwh, m.recognisedMwh])).toEqual(
      progress.markets.map((m: Record<string, string>) => [
        m.market,
        m.rePercent,
        m.inScopeMwh,
        m.eligibleMwh,
      ]),
    );
    expect(content.re100.countries.map((c) => [c.country, c.consumptionMwh])).toEqual(
      progress.byCountry.map((c: Record<string, string>) => [c.country, c.consumptionMwh]),
    );
    const verdicts = Object.fromEntries(
      progress.claims.map((c: Record<string, string>) => [c.claimId, [c.status, c.eligibleMwh]]),
    );
    expect(Object.fromEntries(content.claims.map((c) => [c.claimId, [c.status, c.eligibleMwh]]))).toEqual(
      verdicts,
    );
    expect(content.claims.some((c) => c.reasons.includes('BENEFICIARY_MISMATCH'))).toBe(true);
  });

  it('gives Scope 2 as the Scope 2 API does, in the summary and in CDP 7.7 and 7.16', async () => {
    const scope2 = (await demo.get('/api/v1/emissions/scope2?year=2025').expect(200)).body;
    expect(model.content.summary.scope2).toEqual({
      locationBasedTCo2e: scope2.organization.locationBased.tCo2e,
      marketBasedTCo2e: scope2.organization.marketBased.tCo2e,
      locationBasedComplete: true,
      marketBasedComplete: true,
    });
    const [t77, t716] = model.content.cdp.tables;
    expect(t77.rows[0]).toMatchObject({
      reportingYear: '2025',
      scope2LocationBased: scope2.organization.locationBased.tCo2e,
      scope2MarketBased: scope2.organization.marketBased.tCo2e,
      endDate: '2025-12-31',
    });
    expect(t716.rows.map((r) => [r.country, r.scope2LocationBased, r.scope2MarketBased])).toEqual(
      scope2.countries.map((c: Scope2Country) => [c.country, c.locationBased.tCo2e, c.marketBased.tCo2e]),
    );
  });

  it('fills the CDP tables in questionnaire order with 2-decimal MWh that tie out', () => {
    const { cdp, checks, summary } = model.content;
    expect(cdp.tables.map((x) => x.id)).toEqual([
      '7.7',
      '7.16',
      '7.30.1',
      '7.30.9',
      '7.30.14',
      '7.30.16',
      '7.30.17',
      '7.30.18',
      '7.30.19',
    ]);
    const byId = Object.fromEntries(cdp.tables.map((x) => [x.id, x]));
    for (const row of byId['7.30.17'].rows) expect(row.consumedMwh).toMatch(/^\d+\.\d{2}$/);
    expect(byId['7.30.17'].columns.map((c) => c.key)[0]).toBe('countryOfConsumption');
    expect(byId['7.30.18'].rows).toEqual([]);
    // The total row of 7.30.1 is the year's consumption, rounded to CDP's 2 decimals.
    const total = byId['7.30.1'].rows[2];
    expect(Number(total.totalMwh)).toBeCloseTo(Number(summary.consumptionMwh), 2);
    expect(checks.map((c) => [c.id, c.passed])).toEqual([
      ['CDP_7_30_16_TOTAL', true],
      ['CDP_7_30_16_CONSUMPTION', true],
      ['RE_NUMERATOR', true],
      ['CDP_7_30_9_VS_7_30_19', true],
      ['SCOPE2_BY_COUNTRY_LB', true],
      ['SCOPE2_BY_COUNTRY_MB', true],
    ]);
    expect(checks.find((c) => c.id === 'RE_NUMERATOR')!.expected).toBe(summary.recognisedMwh);
  });

  it('shows data quality per site and meter as the data-quality API does, up to the end of the ended year', async () => {
    const { dataQuality, period } = model.content;
    expect(period).toMatchObject({ ended: true, coverageUntil: null });
    const meters = dataQuality.sites.flatMap((s) => s.meters);
    expect(meters).toHaveLength(12);
    // 14 UTC days of quarter-hours touch 14 or 15 local days of 365.
    for (const m of meters) {
      expect(m.receivedIntervals).toBe(14 * 96);
      expect([365 - 14, 365 - 15]).toContain(m.daysWithoutData);
      const api = (await demo.get(`/api/v1/meters/${m.meterId}/data-quality?year=2025`).expect(200)).body;
      expect([m.expectedIntervals, m.missingIntervals]).toEqual([
        api.expectedIntervals,
        api.missingIntervals,
      ]);
      expect(m.completenessPercent).toBe((Math.floor(api.completeness * 10_000) / 100).toFixed(2));
    }
  });

  it('hashes the figures only: a rebuild, another language or another id gives the same hash', async () => {
    expect(model.modelHash).toBe(canonicalHash(model.content));
    const again = await build({ language: 'ko', reportId: '00000000-0000-4000-8000-000000000001' });
    expect(again.modelHash).toBe(model.modelHash);
    expect(again.asOf).not.toBe(model.asOf);
    // A change to the data changes the hash.
    const site = (await demo.get('/api/v1/sites?limit=50').expect(200)).body.items[0];
    await demo.patch(`/api/v1/sites/${site.id}`, { name: `${site.name} (renamed)` }).expect(200);
    expect((await build()).modelHash).not.toBe(model.modelHash);
  });

  it('is made the same in a child process as in the service’s own, and a failure there says its stage', async () => {
    const models = t.app.get(ReportModelService);
    const inputs = await models.read({ organizationId, year: 2025, language: 'ko', reportId: null });
    const fromSources = {
      entry: path.join(__dirname, '../../src/reports/report-child.ts'),
      execArgv: ['-r', 'ts-node/register/transpile-only'],
    };
    const [child, here] = await Promise.all([
      makeReportInChildProcess(inputs, fromSources),
      makeReport(inputs, t.app.get(ReportTemplates)),
    ]);
    expect(child.model).toEqual(here.model);
    expect(child.pdf.equals(here.pdf)).toBe(true);
    expect(child.xlsx.equals(here.xlsx)).toBe(true);
    await expect(makeReportInChildProcess({ ...inputs, years: [] }, fromSources)).rejects.toMatchObject({
      code: 'BUILD_FAILED',
    });
    const missing = { ...fromSources, entry: path.join(__dirname, 'no-such-child.js') };
    await expect(makeReportInChildProcess(inputs, missing)).rejects.toThrow(/without a report/);
  }, 60_000);
});
