import { createHash } from 'node:crypto';
import { siteWithDailyMeter } from '../support/readings';
import { ReportView, waitForReport } from '../support/reports';
import { Caller, createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';
import { hiddenField, PageSession, signInToPages } from '../support/web';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const binary = (
  res: { on: (e: string, f: (c?: Buffer) => void) => void },
  done: (e: null, b: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The exact figure (`data-value`) of the figure with this id. */
function valueOf(html: string, id: string): string | null {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no #${id}`);
  const block = html.slice(start, html.indexOf('</dd>', start));
  return /data-value="([^"]*)"/.exec(block)?.[1] ?? null;
}

/** Every value of `attribute` in the page, in order. */
const allOf = (html: string, attribute: string) =>
  [...html.matchAll(new RegExp(`${attribute}="([^"]*)"`, 'g'))].map((m) => m[1]);

/**
 * The auditor's pages (reports, audit log, explain) over the API's own services: who may open what, a report
 * created through the form and downloaded through the pages with the API's bytes, its verification in words,
 * the audit log as the API lists it and its chain check, and the explain view with the API's figures.
 */
describe('web pages: reports, audit log, explain', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let pages: Record<'admin' | 'officer' | 'auditor' | 'executive', PageSession>;
  let report: ReportView;
  let deMeterId: string;
  let deSiteId: string;
  const YEAR = 2026;

  beforeAll(async () => {
    t = await startTestApp();
    [org, other] = await Promise.all([
      createOrganization(t.http, 'Auditor pages'),
      createOrganization(t.http, 'Auditor pages other'),
    ]);
    const legalEntity = (await org.as.admin.get('/api/v1/organization').expect(200)).body.legalEntityName;
    const de = await siteWithDailyMeter(org, { country: 'DE', timeZone: 'Europe/Berlin' }, [
      '2026-01-05T00:00:00+01:00',
      '2026-01-06T00:00:00+01:00',
    ]);
    deMeterId = de.meterId;
    deSiteId = de.siteId;
    await siteWithDailyMeter(org, { country: 'KR', timeZone: 'Asia/Seoul' }, ['2026-01-05T00:00:00+09:00']);
    // 100 MWh of K-RECs for the Korean market: eligible (a claim with a certificate, a facility).
    const facility = await org.as.officer
      .post('/api/v1/facilities', {
        name: 'Jeonnam Solar',
        country: 'KR',
        technology: 'SOLAR',
        commissioningDate: '2020-06-01',
      })
      .expect(201);
    const certificate = await org.as.officer
      .post('/api/v1/certificates', {
        registry: 'KPX',
        instrumentType: 'K_REC',
        serialStart: 'KR-26-1',
        serialEnd: 'KR-26-100',
        recCount: 100,
        volume: '100',
        facilityId: facility.body.id,
        vintageStart: '2026-01-01',
        vintageEnd: '2026-03-31',
        status: 'RETIRED',
        cancellationDate: '2026-04-15',
        beneficiary: legalEntity,
      })
      .expect(201);
    await org.as.officer
      .post('/api/v1/allocations', {
        certificateId: certificate.body.id,
        reportingYear: YEAR,
        consumptionMarket: 'KR',
      })
      .expect(201);
    const roles = ['admin', 'officer', 'auditor', 'executive'] as const;
    const sessions = await Promise.all(roles.map((role) => signInToPages(t.http, org.emails[role])));
    pages = Object.fromEntries(roles.map((role, i) => [role, sessions[i]])) as typeof pages;
  }, 60_000);
  afterAll(() => t.close());

  const reportCount = async (caller: Caller) =>
    (await caller.get('/api/v1/reports?limit=1').expect(200)).body.total as number;

  it('opens reports and explain to every role, the audit log to admins and auditors only', async () => {
    for (const role of ['admin', 'officer', 'auditor', 'executive'] as const) {
      await pages[role].agent.get('/app/reports').expect(200);
      await pages[role].agent.get(`/app/explain?year=${YEAR}`).expect(200);
    }
    await pages.admin.agent.get('/app/audit').expect(200);
    await pages.auditor.agent.get('/app/audit').expect(200);
    for (const role of ['executive', 'officer'] as const) {
      const refused = await pages[role].agent.get('/app/audit').expect(403);
      expect(refused.text).toContain(
        `Your role (${role}) may not open this page. It needs one of: admin, auditor.`,
      );
      await pages[role].agent.get('/app/audit/verify').expect(403);
    }
  });

  it('shows the create form to admins and officers only; the others are refused with 403 and nothing is queued', async () => {
    expect((await pages.officer.agent.get('/app/reports').expect(200)).text).toContain('id="create-report"');
    expect((await pages.admin.agent.get('/app/reports').expect(200)).text).toContain('id="create-report"');
    for (const role of ['executive', 'auditor'] as const) {
      const page = await pages[role].agent.get('/app/reports').expect(200);
      expect(page.text).not.toContain('id="create-report"');
      expect(page.text).toContain('Only admins and officers create reports.');
      const refused = await pages[role]
        .post('/app/reports', { year: String(YEAR), language: 'en' })
        .expect(403);
      expect(refused.text).toContain('It needs one of: admin, officer.');
    }
    // Without the CSRF token: refused before anything is read.
    const forged = await pages.officer.agent
      .post('/app/reports')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send(`year=${YEAR}&language=en`)
      .expect(403);
    expect(forged.text).toContain('The form was not sent from this page');
    expect(await reportCount(org.as.officer)).toBe(0);
  });

  it('refuses a bad form with 422 and the message at its field, writing nothing', async () => {
    const form = await pages.officer.agent.get('/app/reports').expect(200);
    const refused = await pages.officer
      .post('/app/reports', {
        year: '1999',
        language: 'fr',
        idempotencyKey: hiddenField(form.text, 'idempotencyKey'),
      })
      .expect(422);
    expect(refused.text).toMatch(/class="field invalid" data-field="year"/);
    expect(refused.text).toMatch(/class="field invalid" data-field="language"/);
    expect(refused.text).toContain('id="f-year-error"');
    // htmx gets the form alone, to swap in.
    const fragment = await pages.officer
      .hx('post', '/app/reports', { year: 'soon', language: 'en' })
      .expect(422);
    expect(fragment.text).toMatch(/^<form id="create-report"/);
    expect(fragment.text).toContain('id="f-year-error"');
    expect(await reportCount(org.as.officer)).toBe(0);
  });

  it('queues a report from the form (once, however often the form is sent) and follows it until it is ready', async () => {
    const form = await pages.officer.agent.get('/app/reports').expect(200);
    const key = hiddenField(form.text, 'idempotencyKey');
    const fields = { year: String(YEAR), language: 'en', idempotencyKey: key };
    const created = await pages.officer.post('/app/reports', fields).expect(303);
    const id = /^\/app\/reports\?created=([0-9a-f-]{36})$/.exec(created.headers.location)![1];
    // The same form sent again: the same report.
    expect((await pages.officer.post('/app/reports', fields).expect(303)).headers.location).toBe(
      created.headers.location,
    );
    expect(await reportCount(org.as.officer)).toBe(1);

    const listed = await pages.executive.agent.get('/app/reports').expect(200);
    expect(allOf(listed.text, 'data-report-id')).toEqual([id]);
    const state = allOf(listed.text, 'data-state')[0];
    // While queued or running, the list asks for itself every 2 s; once ready it stops.
    if (state === 'queued' || state === 'running') expect(listed.text).toContain('hx-trigger="every 2s"');
    report = await waitForReport(org.as.officer, id);
    expect(report.status).toBe('ready');
    const polled = await pages.executive.hx('get', '/app/reports').expect(200);
    expect(polled.text).toMatch(/^<section id="report-list"/);
    expect(allOf(polled.text, 'data-state')).toEqual(['ready']);
    expect(polled.text).not.toContain('hx-trigger');
    expect(polled.text).toContain(report.modelHash!.slice(0, 12));

    const detail = await pages.executive.agent.get(`/app/reports/${id}`).expect(200);
    expect(detail.text).toContain(report.modelHash!);
    for (const kind of ['pdf', 'xlsx', 'model'] as const)
      expect(detail.text).toContain(report.files![kind].sha256);
  });

  it('refuses a download another site links to, which would record an audited download in the person’s name', async () => {
    const before = (await org.as.auditor.get('/api/v1/audit-log?limit=1').expect(200)).body.total;
    for (const file of ['report.pdf', 'report.xlsx', 'model.json', 'evidence.zip']) {
      await pages.auditor.agent
        .get(`/app/reports/${report.id}/${file}`)
        .set('Sec-Fetch-Site', 'cross-site')
        .expect(403);
    }
    // From the address bar (or a bookmark) it is the person's own choice.
    await pages.auditor.agent
      .get(`/app/reports/${report.id}/report.pdf`)
      .set('Sec-Fetch-Site', 'none')
      .expect(200);
    expect((await org.as.auditor.get('/api/v1/audit-log?limit=1').expect(200)).body.total).toBe(before + 1);
  });

  it('downloads each file through the pages with the API’s bytes, type, name and ETag', async () => {
    for (const [file, kind] of [
      ['report.pdf', 'pdf'],
      ['report.xlsx', 'xlsx'],
      ['model.json', 'model'],
      ['evidence.zip', null],
    ] as const) {
      const api = await org.as.auditor
        .get(`/api/v1/reports/${report.id}/${file}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const page = await pages.auditor.agent
        .get(`/app/reports/${report.id}/${file}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(sha256(page.body)).toBe(sha256(api.body));
      if (kind) expect(sha256(page.body)).toBe(report.files![kind].sha256);
      for (const header of ['content-type', 'content-disposition', 'etag', 'cache-control']) {
        expect(page.headers[header]).toBe(api.headers[header]);
      }
      if (kind) {
        await pages.auditor.agent
          .get(`/app/reports/${report.id}/${file}`)
          .set('If-None-Match', page.headers.etag)
          .expect(304);
      }
    }
  });

  it('verifies the report against today’s data in words', async () => {
    const page = await pages.executive.agent.get(`/app/reports/${report.id}/verify`).expect(200);
    expect(page.text).toContain('data-matches="true"');
    expect(page.text).toContain('Matches: today’s data gives the same figures.');
    const fragment = await pages.executive.hx('get', `/app/reports/${report.id}/verify`).expect(200);
    expect(fragment.text).toMatch(/^<div id="verification"/);
    expect(fragment.text).toContain('data-matches="true"');
  });

  it('answers 404 for another organization’s report, on every page of it, and for an id that is none', async () => {
    const stranger = await signInToPages(t.http, other.emails.admin);
    for (const path of ['', '/verify', '/report.pdf', '/evidence.zip']) {
      const res = await stranger.agent.get(`/app/reports/${report.id}${path}`).expect(404);
      expect(res.text).toContain('There is no such page, or it belongs to another organization.');
      await pages.admin.agent.get(`/app/reports/not-an-id${path}`).expect(404);
    }
    await stranger.agent.get(`/app/reports/${report.id}/model.json`).expect(404);
  });

  it('lists the audit log as the API lists it, filtered as the API filters it', async () => {
    const api = (await org.as.auditor.get('/api/v1/audit-log?limit=50').expect(200)).body;
    const page = await pages.auditor.agent.get('/app/audit').expect(200);
    expect(allOf(page.text, 'data-seq')).toEqual(api.items.map((e: { seq: string }) => e.seq));
    expect(page.text).toContain(`data-total="${api.total}"`);
    // The auditor's downloads are in it, in words.
    expect(page.text).toContain('data-action="download"');
    expect(page.text).toContain('>Downloaded<');

    const filtered = (
      await org.as.auditor
        .get(`/api/v1/audit-log?action=create&entityType=report&actorId=${org.userIds.officer}`)
        .expect(200)
    ).body;
    expect(filtered.total).toBe(1);
    const filteredPage = await pages.admin.agent
      .get(`/app/audit?action=create&entityType=report&actorId=${org.userIds.officer}`)
      .expect(200);
    expect(allOf(filteredPage.text, 'data-seq')).toEqual([filtered.items[0].seq]);
    // Its recorded state, readable.
    expect(filteredPage.text).toContain('Created with');
    expect(filteredPage.text).toContain(report.id);

    const later = await pages.auditor.agent.get('/app/audit?from=2100-01-01').expect(200);
    expect(later.text).toContain('No entry matches.');
    const bad = await pages.auditor.agent.get('/app/audit?from=yesterday&action=melt').expect(422);
    expect(bad.text).toMatch(/class="field invalid" data-field="from"/);
    expect(bad.text).toMatch(/class="field invalid" data-field="action"/);
  });

  it('verifies the audit chain and says how much it checked', async () => {
    const api = (await org.as.auditor.get('/api/v1/audit-log/verify').expect(200)).body;
    expect(api.valid).toBe(true);
    const fragment = await pages.auditor.hx('get', '/app/audit/verify').expect(200);
    expect(fragment.text).toMatch(/^<section id="chain"/);
    expect(fragment.text).toContain('data-valid="true"');
    expect(fragment.text).toContain('The chain verifies');
    expect(fragment.text).toContain(`data-value="${api.entriesChecked}"`);
    expect(fragment.text).toContain(api.headHash);
    // A kept head that does not match the chain: the break, in words.
    const wrong = await pages.auditor.agent
      .get(`/app/audit/verify?headSeq=1&headHash=${'0'.repeat(64)}`)
      .expect(200);
    expect(wrong.text).toContain('data-valid="false"');
    expect(wrong.text).toContain('data-reason="KNOWN_HEAD_MISMATCH"');
    expect(wrong.text).toContain('The entry you kept now has another hash.');
    const half = await pages.auditor.hx('get', '/app/audit/verify?headSeq=3').expect(422);
    expect(half.text).toMatch(/class="field invalid" data-field="headHash"/);
  });

  it('explains a year without consumption as the progress does: no RE %, said in words', async () => {
    const api = (await org.as.executive.get('/api/v1/re100/explain?year=2019').expect(200)).body;
    const progress = (await org.as.executive.get('/api/v1/re100/progress?year=2019').expect(200)).body;
    expect(progress).toMatchObject({ status: 'NO_DATA', rePercent: null });
    expect(api.value).toMatchObject({ rePercent: null, dataStatus: 'NO_DATA' });
    const page = await pages.executive.agent.get('/app/explain?year=2019').expect(200);
    expect(page.text).toContain('No data: no consumption this year, so there is no RE %');
    expect(page.text).not.toMatch(/id="re-percent"[^]*?data-value="0\.00"[^]*?<\/dd>/);
  });

  it('explains the RE %, a market, a claim and a site’s Scope 2 with the API’s figures', async () => {
    const re = (await org.as.executive.get(`/api/v1/re100/explain?year=${YEAR}`).expect(200)).body;
    const page = await pages.executive.agent.get(`/app/explain?year=${YEAR}`).expect(200);
    expect(valueOf(page.text, 're-percent')).toBe(re.value.rePercent);
    expect(valueOf(page.text, 'eligible-mwh')).toBe(re.value.eligibleMwh);
    expect(valueOf(page.text, 'in-scope-mwh')).toBe(re.value.inScopeMwh);
    // 100 MWh of K-RECs over 750 MWh consumed (500 in Germany, 250 in Korea).
    expect(re.value.rePercent).toBe('13.33');
    // Links down: to each market, to each claim, to each site's Scope 2.
    const claimId: string = re.claims[0].verdict.claimId;
    expect(page.text).toContain(`href="/app/explain?year=${YEAR}&amp;market=KR"`);
    expect(page.text).toContain(`href="/app/explain?year=${YEAR}&amp;claimId=${claimId}"`);
    expect(page.text).toContain(`href="/app/explain?year=${YEAR}&amp;siteId=${deSiteId}"`);
    expect(page.text).toContain('RE100-CALC-1');

    const market = (await org.as.executive.get(`/api/v1/re100/explain?year=${YEAR}&market=KR`).expect(200))
      .body;
    const marketPage = await pages.executive.agent.get(`/app/explain?year=${YEAR}&market=KR`).expect(200);
    expect(valueOf(marketPage.text, 'eligible-mwh')).toBe(market.value.eligibleMwh);
    expect(valueOf(marketPage.text, 'consumption-mwh')).toBe(market.value.consumptionMwh);
    expect(allOf(marketPage.text, 'data-site-id')).toEqual(
      market.sites.map((s: { siteId: string }) => s.siteId),
    );

    const claim = (
      await org.as.executive.get(`/api/v1/re100/explain?year=${YEAR}&claimId=${claimId}`).expect(200)
    ).body;
    const claimPage = await pages.executive.agent
      .get(`/app/explain?year=${YEAR}&claimId=${claimId}`)
      .expect(200);
    expect(valueOf(claimPage.text, 'claim-eligible')).toBe(claim.value.eligibleMwh);
    expect(valueOf(claimPage.text, 'claim-volume')).toBe(claim.value.volumeMwh);
    expect(claimPage.text).toContain(`data-status="${claim.value.status}"`);
    expect(claimPage.text).toContain('KR-26-1');
    expect(claimPage.text).toContain('Jeonnam Solar');

    const scope2 = (
      await org.as.executive
        .get(`/api/v1/emissions/scope2/explain?year=${YEAR}&siteId=${deSiteId}`)
        .expect(200)
    ).body;
    const sitePage = await pages.executive.agent
      .get(`/app/explain?year=${YEAR}&siteId=${deSiteId}`)
      .expect(200);
    expect(valueOf(sitePage.text, 'scope2-location')).toBe(scope2.figures.locationBased.tCo2e);
    expect(valueOf(sitePage.text, 'scope2-market')).toBe(scope2.figures.marketBased.tCo2e);
    for (const factor of scope2.factorsUsed as { id: string; value: string }[]) {
      expect(sitePage.text).toContain(`data-factor-id="${factor.id}"`);
    }
    expect(scope2.factorsUsed.length).toBeGreaterThan(0);
    expect(allOf(sitePage.text, 'data-meter-id')).toEqual([deMeterId]);

    await pages.executive.agent.get(`/app/explain?year=${YEAR}&market=XX`).expect(404);
    await pages.executive.agent.get(`/app/explain?year=${YEAR}&claimId=nothing-like-it`).expect(404);
  });

  it('says which figures differ once the data has changed since the report', async () => {
    await org.as.officer
      .post(`/api/v1/meters/${deMeterId}/readings`, {
        readings: [{ start: '2026-01-07T00:00:00+01:00', value: '250' }],
      })
      .expect(200);
    const api = (await org.as.auditor.get(`/api/v1/reports/${report.id}/verify`).expect(200)).body;
    expect(api.matches).toBe(false);
    const page = await pages.auditor.agent.get(`/app/reports/${report.id}/verify`).expect(200);
    expect(page.text).toContain('data-matches="false"');
    expect(page.text).toContain(
      api.differenceCount === 1
        ? 'Differs: one figure is no longer what the report says.'
        : `Differs: ${api.differenceCount} figures are no longer what the report says.`,
    );
    for (const d of api.differences as { path: string }[]) expect(page.text).toContain(d.path);
    expect(page.text).toContain(api.currentModelHash);
  });
});
