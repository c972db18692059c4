import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
// A browser test loads dozens of pages and waits for a report job: it gets more than jest's 60 s default,
// as the machine may run another test file beside it.
jest.setTimeout(180_000);

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

  /** Every main page as the admin sees it, in one language at one width; axe-core at the laptop width. */
  async function checkMainPages(language: string, label: keyof typeof WIDTHS): Promise<string[]> {
    const failures: string[] = [];
    const { context, page, problems } = await as('admin', WIDTHS[label]);
    // axe-core runs in a page of its own (it sets style attributes, which the pages' CSP refuses).
    const checker = label === 'laptop' ? await openPage(browser, WIDTHS.laptop, true) : null;
    if (checker) await signIn(checker.page, t.base, emails.admin);
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
      if (checker) {
        await checker.page.goto(url.toString());
        await chartsDrawn(checker.page);
        for (const v of seriousOf(await axeViolations(checker.page)))
          failures.push(
            `${main.name} (${language}): ${v.id} ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`,
          );
      }
    }
    await checker?.context.close();
    await context.close();
    return failures;
  }

  it.each([
    ['en', 'laptop'],
    ['en', 'tablet'],
    ['ko', 'laptop'],
    ['ko', 'tablet'],
  ] as const)(
    'keeps every main page (%s, %s) free of CSP breaks and serious axe-core violations, with a screenshot',
    async (language, label) => {
      expect(await checkMainPages(language, label)).toEqual([]);
    },
  );

  it('shows the sign-in page to a visitor, passing axe-core', async () => {
    const failures: string[] = [];
    const anonymous = await openPage(browser);
    await anonymous.page.goto(`${t.base}/app/sign-in`);
    await screenshot(anonymous.page, 'sign-in-en-laptop');
    failures.push(...anonymous.problems);
    await anonymous.context.close();
    const checker = await openPage(browser, WIDTHS.laptop, true);
    await checker.page.goto(`${t.base}/app/sign-in`);
    for (const v of seriousOf(await axeViolations(checker.page))) failures.push(`sign-in: ${v.id} ${v.help}`);
    await checker.context.close();
    expect(failures).toEqual([]);
  });

  it('creates a certificate through its form, a refusal shown at its field and nothing written', async () => {
    const { context, page, problems } = await as('officer');
    await page.goto(`${t.base}/app/procurement/certificates/new`);
    const facilityId = await page
      .locator('select[name="facilityId"] option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).find((v) => v !== ''));
    const certificate = {
      registry: 'WEB-TEST',
      instrumentType: 'GO',
      serialStart: 'WEB-0001',
      serialEnd: 'WEB-0100',
      facilityId: facilityId!,
      vintageStart: '2025-03-01',
      vintageEnd: '2025-02-01',
    };
    // The API's own answer for the same input says which field is wrong and how.
    const refused = await api.officer.post('/api/v1/certificates', certificate);
    expect(refused.status).toBe(422);
    const { path, message } = refused.body.details[0];
    const form = page.locator('form:has(select[name="facilityId"])');
    for (const [name, value] of Object.entries(certificate)) {
      const field = form.locator(`[name="${name}"]`);
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await form.locator('button[type="submit"]').first().click();
    const error = form.locator(`.field[data-field="${path}"] .field-error`);
    await error.waitFor();
    expect(await error.textContent()).toBe(message);
    expect(await form.locator(`[name="${path}"]`).getAttribute('aria-invalid')).toBe('true');
    const listed = async () =>
      (await api.officer.get('/api/v1/certificates?registry=WEB-TEST&limit=10').expect(200)).body.total;
    expect(await listed()).toBe(0);

    await form.locator('[name="vintageEnd"]').fill('2025-12-31');
    await Promise.all([
      page.waitForURL(/\/app\/procurement\/certificates\/[0-9a-f-]{36}/),
      form.locator('button[type="submit"]').first().click(),
    ]);
    expect(await listed()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('imports a certificate CSV with a bad row: the dry run reports it and nothing is written', async () => {
    const { context, page, problems } = await as('officer');
    const facilityId = (await api.officer.get('/api/v1/facilities?limit=1').expect(200)).body.items[0].id;
    const header =
      'registry,instrumentType,serialStart,serialEnd,volume,recCount,facilityId,vintageStart,vintageEnd,status,cancellationDate,beneficiary';
    const csv = [
      header,
      `WEB-CSV,GO,CSV-1,CSV-10,,,${facilityId},2025-01-01,2025-12-31,ACTIVE,,`,
      `WEB-CSV,GO,CSV-11,CSV-20,,,${facilityId},2025-01-01,not-a-date,ACTIVE,,`,
    ].join('\n');
    await page.goto(`${t.base}/app/imports`);
    const form = page.locator('form[action="/app/imports/certificates/check"]');
    await form
      .locator('input[type="file"]')
      .setInputFiles({ name: 'certificates.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.locator('button[type="submit"]').click();
    const report = page
      .locator('#certificates-report, [id^="certificates"]')
      .filter({ hasText: 'vintageEnd' })
      .first();
    await report.waitFor();
    const text = (await report.textContent())!;
    expect(text).toContain('3'); // the bad row's line
    expect(text).toContain('vintageEnd');
    expect(
      (await api.officer.get('/api/v1/certificates?registry=WEB-CSV&limit=10').expect(200)).body.total,
    ).toBe(0);
    expect(await page.locator('form[action="/app/imports/certificates/commit"]').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('allocates a certificate to the year through the claims page', async () => {
    const { context, page, problems } = await as('officer');
    const before = (await api.officer.get('/api/v1/allocations?year=2025&limit=500').expect(200)).body.total;
    await page.goto(`${t.base}/app/claims?year=2025`);
    const form = page.locator('form[action="/app/claims/allocate"]');
    const certificate = await form
      .locator('select[name="certificateId"] option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).find((v) => v !== ''));
    expect(certificate).toBeTruthy();
    await form.locator('select[name="certificateId"]').selectOption(certificate!);
    await form.locator('[name="volume"]').fill('1');
    await form.locator('[name="volumeUnit"]').selectOption('MWh');
    const market = form.locator('[name="consumptionMarket"]');
    if ((await market.evaluate((el) => el.tagName)) === 'SELECT') await market.selectOption({ index: 1 });
    else await market.fill('EU');
    await form.locator('button[type="submit"]').click();
    await page.waitForLoadState('networkidle');
    const after = (await api.officer.get('/api/v1/allocations?year=2025&limit=500').expect(200)).body;
    expect(after.total).toBe(before + 1);
    expect(after.items.some((a: { certificateId: string }) => a.certificateId === certificate)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("refuses a form post without the CSRF token, and another organization's ids as missing pages", async () => {
    const { context, page } = await as('officer');
    await page.goto(`${t.base}/app/claims?year=2025`);
    const status = await page.evaluate(async () => {
      const res = await fetch('/app/claims/allocate', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ reportingYear: '2025', consumptionMarket: 'EU' }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    const foreign = await host.as.officer
      .post('/api/v1/sites', { name: 'Elsewhere', country: 'DE', timeZone: 'Europe/Berlin' })
      .expect(201);
    const res = await page.goto(`${t.base}/app/sites/${foreign.body.id}`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toContain('There is no such page');
    expect(await page.locator('main').textContent()).not.toContain('Elsewhere');
    await context.close();
  });

  it('makes a report, downloads its files as the API stores them, finalizes the year and then refuses writes into it', async () => {
    const { context, page, problems } = await as('admin');
    await page.goto(`${t.base}/app/reports`);
    const form = page.locator('form[action="/app/reports"]');
    await form.locator('[name="year"]').fill('2025');
    await form.locator('[name="language"]').selectOption('en');
    await form.locator('button[type="submit"]').click();
    await page.waitForURL(/created=/);
    const id = new URL(page.url()).searchParams.get('created')!;
    // The list polls itself until the report is ready.
    const pdfLink = page.locator(`tr[data-report-id="${id}"] a[href$="/report.pdf"]`);
    await pdfLink.waitFor({ timeout: 90_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    const saved = await download.path();
    const fromPage = createHash('sha256').update(readFileSync(saved!)).digest('hex');
    const fromApi = await api.admin
      .get(`/api/v1/reports/${id}/report.pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(fromPage).toBe(
      createHash('sha256')
        .update(fromApi.body as Buffer)
        .digest('hex'),
    );

    await page.goto(`${t.base}/app/years`);
    const finalize = page.locator('form[action="/app/years/2025/finalize"]');
    await finalize.locator('[name="reportId"]').selectOption(id);
    page.once('dialog', (dialog) => void dialog.accept());
    await finalize.locator('button[type="submit"]').click();
    await page.waitForLoadState('networkidle');
    const periods = (await api.admin.get('/api/v1/reporting-periods').expect(200)).body.items;
    expect(periods.find((p: { year: number }) => p.year === 2025)).toMatchObject({
      status: 'finalized',
      reportId: id,
    });

    await page.goto(`${t.base}/app/claims?year=2025`);
    const allocate = page.locator('form[action="/app/claims/allocate"]');
    const certificate = await allocate
      .locator('select[name="certificateId"] option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).find((v) => v !== ''));
    if (certificate) await allocate.locator('select[name="certificateId"]').selectOption(certificate);
    await allocate.locator('[name="volume"]').fill('1');
    const market = allocate.locator('[name="consumptionMarket"]');
    if ((await market.evaluate((el) => el.tagName)) === 'SELECT') await market.selectOption({ index: 1 });
    else await market.fill('EU');
    const before = (await api.admin.get('/api/v1/allocations?year=2025&limit=500').expect(200)).body.total;
    await allocate.locator('button[type="submit"]').click();
    const refusal = page.locator(
      'form[action="/app/claims/allocate"] .field[data-field="reportingYear"] .field-error',
    );
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/finalized|locked/i);
    expect((await api.admin.get('/api/v1/allocations?year=2025&limit=500').expect(200)).body.total).toBe(
      before,
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders names in Hangul, kana and CJK ideographs with the fonts it serves', async () => {
    const name = '한빛전자 ハンビット 韓光電子 Ünïcode';
    const before = (await api.admin.get('/api/v1/organization').expect(200)).body.name;
    await api.admin.patch('/api/v1/organization', { name }).expect(200);
    try {
      const { context, page, problems } = await as('executive');
      await page.goto(`${t.base}/app?year=2025`);
      expect(await page.locator('.org-name').textContent()).toBe(name);
      const loaded = await page.evaluate(async (text) => {
        await document.fonts.ready;
        await Promise.all([
          document.fonts.load("400 16px 'Noto Sans KR'", text),
          document.fonts.load("400 16px 'Noto Sans JP'", text),
        ]);
        return {
          kr: document.fonts.check("400 16px 'Noto Sans KR'", text),
          jp: document.fonts.check("400 16px 'Noto Sans JP'", text),
          faces: Array.from(document.fonts as unknown as Iterable<FontFace>)
            .filter((f) => f.status === 'loaded')
            .map((f) => f.family),
        };
      }, name);
      expect(loaded.kr).toBe(true);
      expect(loaded.jp).toBe(true);
      expect(new Set(loaded.faces)).toEqual(new Set(['Noto Sans KR', 'Noto Sans JP']));
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await api.admin.patch('/api/v1/organization', { name: before }).expect(200);
    }
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
