import type { Browser } from 'playwright-core';
import type { DemoSummary } from '../../scripts/demo/seed';
import type { Role } from '../../src/auth/principal';
import {
  axeViolations,
  chartsDrawn,
  launchChromium,
  openPage,
  screenshot,
  seriousOf,
  signIn,
  startBrowserApp,
  WIDTHS,
} from '../support/browser';
import { seedDemoThrough } from '../support/demo';
import { Caller, createOrganization, joinByInvitation, TestApp, TestOrganization } from '../support/test-app';

/** The main pages, and who may open each (as the navigation offers them). */
const MAIN_PAGES: { path: string; name: string; roles: Role[] }[] = [
  { path: '/app?year=2025', name: 'dashboard', roles: ['admin', 'officer', 'auditor', 'executive'] },
  { path: '/app/sites?year=2025', name: 'sites', roles: ['admin', 'officer'] },
  { path: '/app/procurement', name: 'procurement', roles: ['admin', 'officer'] },
  { path: '/app/claims?year=2025', name: 'claims', roles: ['admin', 'officer'] },
  { path: '/app/imports', name: 'imports', roles: ['admin', 'officer'] },
  { path: '/app/years', name: 'years', roles: ['admin', 'officer'] },
  { path: '/app/reports', name: 'reports', roles: ['admin', 'officer', 'auditor', 'executive'] },
  { path: '/app/audit', name: 'audit', roles: ['admin', 'auditor'] },
  { path: '/app/explain?year=2025', name: 'explain', roles: ['admin', 'officer', 'auditor', 'executive'] },
  { path: '/app/admin', name: 'admin', roles: ['admin'] },
];

/**
 * The pages in headless Chromium, as people use them: each role signs in and sees what it may; the
 * dashboard's figures and chart data are the API's; forms, imports, allocation, reports and finalization
 * work end to end; every main page passes axe-core without a serious or critical violation and is kept as
 * a screenshot at both widths and in both languages (test/.artifacts/screens/).
 */
describe('web pages in a browser', () => {
  let t: TestApp & { base: string };
  let browser: Browser;
  let host: TestOrganization;
  let demo: DemoSummary;
  const emails = {} as Record<Role, string>;
  const api = {} as Record<Role, Caller>;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
    host = await createOrganization(t.http, 'Browser host');
    demo = await seedDemoThrough(host, { year: 2025, days: 14 });
    const inviter = host.platformAdmin.in(demo.organizationId);
    for (const role of ['admin', 'officer', 'auditor', 'executive'] as Role[]) {
      emails[role] = `browser-${role}-${Date.now()}@test.local`;
      api[role] = (await joinByInvitation(t.http, inviter, emails[role], role)).caller;
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function as(role: Role, width: number = WIDTHS.laptop) {
    const opened = await openPage(browser, width);
    await signIn(opened.page, t.base, emails[role]);
    return opened;
  }

  it('lands each role on the dashboard with the navigation it may use, and refuses the rest', async () => {
    for (const role of ['admin', 'officer', 'auditor', 'executive'] as Role[]) {
      const { context, page, problems } = await as(role);
      expect(new URL(page.url()).pathname).toBe('/app');
      const nav = await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link')
        .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      const allowed = MAIN_PAGES.filter((p) => p.roles.includes(role)).map(
        (p) => new URL(p.path, t.base).pathname,
      );
      expect(nav.sort()).toEqual(allowed.sort());
      for (const main of MAIN_PAGES.filter((p) => !p.roles.includes(role))) {
        const res = await page.goto(`${t.base}${main.path}`);
        expect(res?.status()).toBe(403);
        expect(await page.locator('main').textContent()).toContain(
          `Your role (${role}) may not open this page`,
        );
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it("shows the dashboard's headline and chart data as the API gives them", async () => {
    const { context, page, problems } = await as('executive');
    await page.goto(`${t.base}/app?year=2025`);
    await chartsDrawn(page);
    const progress = (await api.executive.get('/api/v1/re100/progress?year=2025').expect(200)).body;
    const series = (await api.executive.get('/api/v1/re100/progress/series').expect(200)).body;
    expect(await page.locator('#re-percent .value').getAttribute('data-value')).toBe(progress.rePercent);
    expect(progress.rePercent).toBe(demo.rePercent);
    expect(await page.locator('#required-percent .value').getAttribute('data-value')).toBe(
      progress.target?.requiredPercent ?? null,
    );
    const chart = await page.evaluate(() => {
      const echarts = (
        window as unknown as {
          echarts: {
            getInstanceByDom(el: Element): {
              getOption(): { xAxis: { data: string[] }[]; series: { data: (number | null)[] }[] };
            };
          };
        }
      ).echarts;
      const option = echarts.getInstanceByDom(document.getElementById('re-chart')!).getOption();
      return { years: option.xAxis[0].data, re: option.series[0].data, trajectory: option.series[1].data };
    });
    for (const year of series.years as { year: number; rePercent: string | null }[]) {
      const i = chart.years.indexOf(String(year.year));
      expect(chart.re[i]).toBe(year.rePercent === null ? null : Number(year.rePercent));
    }
    for (const point of series.trajectory as { year: number; requiredPercent: string }[]) {
      expect(chart.trajectory[chart.years.indexOf(String(point.year))]).toBe(Number(point.requiredPercent));
    }
    const markets = await page.locator('#market-chart').getAttribute('data-option');
    expect(JSON.parse(markets!).xAxis.data).toEqual(
      progress.markets.map((m: { market: string }) => m.market),
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('passes axe-core on every main page, and keeps a screenshot of each at both widths and in both languages', async () => {
    const failures: string[] = [];
    // axe-core runs in a page of its own (it sets style attributes, which the pages' CSP refuses).
    const checker = await openPage(browser, WIDTHS.laptop, true);
    await signIn(checker.page, t.base, emails.admin);
    const axeOn = async (url: string, name: string) => {
      await checker.page.goto(url);
      await chartsDrawn(checker.page);
      for (const v of seriousOf(await axeViolations(checker.page)))
        failures.push(`${name}: ${v.id} ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`);
    };
    for (const language of ['en', 'ko']) {
      for (const [label, width] of Object.entries(WIDTHS)) {
        const { context, page, problems } = await as('admin', width);
        for (const main of MAIN_PAGES) {
          const url = new URL(main.path, t.base);
          url.searchParams.set('lang', language);
          const res = await page.goto(url.toString());
          if (res?.status() !== 200) {
            failures.push(`${main.name} (${language}, ${label}): HTTP ${res?.status()}`);
            continue;
          }
          await chartsDrawn(page);
          await screenshot(page, `${main.name}-${language}-${label}`);
          for (const problem of problems.splice(0))
            failures.push(`${main.name} (${language}, ${label}): ${problem}`);
          if (label === 'laptop') await axeOn(url.toString(), `${main.name} (${language})`);
        }
        await context.close();
      }
    }
    await checker.context.close();
    const anonymous = await openPage(browser);
    await anonymous.page.goto(`${t.base}/app/sign-in`);
    await screenshot(anonymous.page, 'sign-in-en-laptop');
    failures.push(...anonymous.problems);
    await anonymous.context.close();
    const anonymousChecker = await openPage(browser, WIDTHS.laptop, true);
    await anonymousChecker.page.goto(`${t.base}/app/sign-in`);
    for (const v of seriousOf(await axeViolations(anonymousChecker.page)))
      failures.push(`sign-in: ${v.id} ${v.help}`);
    await anonymousChecker.context.close();
    expect(failures).toEqual([]);
  });

  it('is usable with the keyboard alone: a skip link, then the navigation, with a visible focus', async () => {
    const { context, page } = await as('officer');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    const outline = await page.evaluate(() => {
      const skip = document.querySelector('.skip') as HTMLElement;
      skip.focus();
      return getComputedStyle(skip).outlineStyle;
    });
    expect(outline).not.toBe('none');
    await context.close();
  });
});
