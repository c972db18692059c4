import type { DemoSummary } from '../../scripts/demo/seed';
import { seedDemoThrough } from '../support/demo';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

/**
 * `npm run demo` seeds through the public API; here it runs for two weeks of 2025 against the test app, so
 * the demo cannot drift from the API, and every case it promises is visible.
 */
describe('demo data (npm run demo)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let summary: DemoSummary;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Demo host');
    summary = await seedDemoThrough(org);
  }, 120_000);
  afterAll(() => t.close());

  it('records a dozen meters of quarter-hours in four countries', async () => {
    // 12 meters × 14 days × 96 quarter-hours (no DST change in early January).
    expect(summary.readings).toBe(12 * 14 * 96);
    const demo = org.platformAdmin.in(summary.organizationId);
    const sites = (await demo.get('/api/v1/sites?limit=50').expect(200)).body.items;
    expect(new Set(sites.map((s: { country: string }) => s.country))).toEqual(
      new Set(['KR', 'DE', 'NL', 'US']),
    );
    expect((await demo.get('/api/v1/meters?limit=50').expect(200)).body.total).toBe(12);
  });

  it('shows renewable claims that pass and a few that fail for visible reasons', () => {
    expect(Number(summary.rePercent)).toBeGreaterThan(40);
    expect(Number(summary.rePercent)).toBeLessThan(100);
    expect(summary.markets.map((m) => m.market).sort()).toEqual(['EU', 'KR', 'US-CA']);
    const reasons = summary.claimsWithFindings.flatMap((c) => c.reasons);
    expect(reasons).toEqual(
      expect.arrayContaining(['BENEFICIARY_MISMATCH', 'VINTAGE_OUT_OF_WINDOW', 'FACILITY_TOO_OLD']),
    );
  });

  it('counts the rooftop solar as self-generation and gives Scope 2 both ways', async () => {
    const progress = (
      await org.platformAdmin.in(summary.organizationId).get('/api/v1/re100/progress?year=2025').expect(200)
    ).body;
    const selfGeneration = progress.claims.filter((c: { claimId: string }) =>
      c.claimId.startsWith('self-generation:'),
    );
    expect(selfGeneration).toHaveLength(1);
    expect(selfGeneration[0]).toMatchObject({ status: 'ELIGIBLE', basis: { method: 'SELF_GEN_OWNED' } });
    const { locationBased, marketBased } = summary.scope2;
    expect(Number(marketBased.tCo2e)).toBeLessThan(Number(locationBased.tCo2e));
    // The shipped factors cover every country of the demo: nothing is left out of either total.
    expect([locationBased, marketBased]).toEqual([
      expect.objectContaining({ complete: true, leftOutMwh: '0.000', leftOutSiteIds: [] }),
      expect.objectContaining({ complete: true, leftOutMwh: '0.000', leftOutSiteIds: [] }),
    ]);
    // The retired GOs not yet claimed are what the auto-allocation would add to the EU.
    expect(summary.autoAllocationPlan.find((m) => m.market === 'EU')!.plannedWh).not.toBe('0');
  });

  it('makes the year’s report in English and Korean, of the same figures', () => {
    expect(summary.reports.map((r) => [r.language, r.status])).toEqual([
      ['en', 'ready'],
      ['ko', 'ready'],
    ]);
    expect(summary.reports[0].modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.reports[1].modelHash).toBe(summary.reports[0].modelHash);
  });
});
