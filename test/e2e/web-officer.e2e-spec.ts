import { CERTIFICATE_IMPORT_MAX_BYTES } from '../../src/procurement/certificate-import.service';
import { makeReport } from '../support/reports';
import { meterIn, quarterHours } from '../support/readings';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';
import { hiddenField, PageSession, signInToPages } from '../support/web';

/** The element with this id and what follows it up to its end tag's first `</tr>` (a table row), tags kept. */
function rowOf(html: string, attribute: string): string {
  const start = html.indexOf(attribute);
  if (start < 0) throw new Error(`no ${attribute}`);
  return html.slice(start, html.indexOf('</tr>', start));
}
const textIn = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;|’/g, "'")
    .replace(/\s+/g, ' ');

/** A certificates file as the README describes it; `rows` are the data rows after the header. */
const certificatesCsv = (rows: string[]) =>
  ['registry,instrumentType,serialStart,serialEnd,facilityRegistryId,vintageStart,vintageEnd', ...rows].join(
    '\n',
  ) + '\n';

/**
 * The officer's pages: sites and meters with their data quality, a meter's readings and the void form,
 * the two CSV imports (dry run, then the commit of the kept file) and the reporting years (finalize and
 * reopen for admins). Each shows the API's own figures and refusals; nothing is written by a refused form.
 */
describe('web pages: sites, imports, reporting years', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let meter: { id: string; externalId: string; siteId: string };
  let otherMeter: { id: string; externalId: string; siteId: string };
  const pages = {} as Record<'admin' | 'officer' | 'executive' | 'auditor', PageSession>;

  /** Readings of the meter stored for a local date range, by the API. */
  const storedReadings = async (from: string, to: string): Promise<number> =>
    (
      await org.as.auditor
        .get(`/api/v1/meters/${meter.id}/readings?from=${from}&to=${to}&limit=1`)
        .expect(200)
    ).body.total;
  const certificateCount = async (): Promise<number> =>
    (await org.as.auditor.get('/api/v1/certificates?limit=1').expect(200)).body.total;

  /** A multipart upload as the import page's form sends it (htmx: the token in the header). */
  const upload = (
    session: PageSession,
    path: string,
    csv: string,
    fields: Record<string, string> = {},
    csrf = true,
  ) => {
    let req = session.agent.post(path).set('Sec-Fetch-Site', 'same-origin');
    if (csrf) req = req.set('X-CSRF-Token', session.csrf);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('file', Buffer.from(csv), { filename: 'upload.csv', contentType: 'text/csv' });
  };

  beforeAll(async () => {
    t = await startTestApp();
    [org, other] = await Promise.all([
      createOrganization(t.http, 'Web officer'),
      createOrganization(t.http, 'Web officer other'),
    ]);
    [meter, otherMeter] = await Promise.all([meterIn(org, 'Asia/Seoul'), meterIn(other, 'Asia/Seoul')]);
    // 1 and 2 March 2024 in Seoul (from 15:00 UTC the day before): 8 quarter-hours each.
    for (const day of ['2024-02-29T15:00:00Z', '2024-03-01T15:00:00Z'])
      await org.as.officer
        .post(`/api/v1/meters/${meter.id}/readings`, { readings: quarterHours(day, new Array(8).fill(1000)) })
        .expect(200);
    await org.as.officer
      .post('/api/v1/facilities', {
        name: 'Eemshaven Wind',
        registryFacilityId: 'NL-WIND-001',
        country: 'NL',
        technology: 'WIND',
        commissioningDate: '2021-04-01',
      })
      .expect(201);
    for (const role of ['admin', 'officer', 'executive', 'auditor'] as const)
      pages[role] = await signInToPages(t.http, org.emails[role]);
  });
  afterAll(() => t.close());

  it('shows every meter with the API’s data quality, for admins and officers', async () => {
    const quality = (
      await org.as.officer.get(`/api/v1/meters/${meter.id}/data-quality?year=2024`).expect(200)
    ).body;
    expect(quality.receivedIntervals).toBe(16);
    for (const role of ['admin', 'officer'] as const) {
      const list = await pages[role].agent.get('/app/sites?year=2024').expect(200);
      expect(list.text).toContain('<h1>Sites and meters</h1>');
      const row = rowOf(list.text, `data-meter="${meter.id}"`);
      expect(row).toContain(meter.externalId);
      // A year that is over: judged by its intervals (most of 2024 is missing).
      expect(row).toContain('data-status="gaps"');
      expect(textIn(row)).toContain(quality.missingIntervals.toLocaleString('en-US'));
      // The last reading in the site's time: the end of 2 March's eighth quarter-hour, 02:00 in Seoul.
      expect(textIn(row)).toContain('2024-03-02 02:00 +09:00');
      expect(list.text).not.toContain(otherMeter.externalId);

      const site = await pages[role].agent.get(`/app/sites/${meter.siteId}?year=2024`).expect(200);
      expect(site.text).toContain(`data-meter="${meter.id}"`);

      const detail = await pages[role].agent.get(`/app/sites/meters/${meter.id}?year=2024`).expect(200);
      expect(detail.text).toContain(`Meter ${meter.externalId}`);
      // The most recent readings by default: from the day before the last reading's day (1 March).
      expect(textIn(detail.text)).toContain('Readings 1 to 16 of 16');
      expect(detail.text).toContain('name="reason"');
    }
    // Paged: the second page of 2 March's readings (50 a page, so none beyond the first).
    const paged = await pages.officer.agent
      .get(`/app/sites/meters/${meter.id}?year=2024&from=2024-03-02&to=2024-03-03`)
      .expect(200);
    expect(textIn(paged.text)).toContain('Readings 1 to 8 of 8');
    const ko = await pages.officer.agent.get('/app/sites?year=2024&lang=ko').expect(200);
    expect(ko.text).toContain('<h1>사업장 및 계량기</h1>');
    expect(ko.text).toContain('누락 있음');
    // The language chosen is remembered: back to English for the next pages.
    await pages.officer.agent.get('/app/sites?lang=en').expect(200);
  });

  it('refuses executives and auditors with a page naming the roles needed', async () => {
    for (const role of ['executive', 'auditor'] as const)
      for (const path of [
        '/app/sites',
        `/app/sites/${meter.siteId}`,
        `/app/sites/meters/${meter.id}`,
        '/app/imports',
        '/app/years',
      ]) {
        const res = await pages[role].agent.get(path).expect(403);
        expect(res.text).toContain(
          `Your role (${role}) may not open this page. It needs one of: admin, officer.`,
        );
      }
  });

  it('answers 404 for another organization’s site or meter, and for a malformed id', async () => {
    for (const path of [
      `/app/sites/${otherMeter.siteId}`,
      `/app/sites/meters/${otherMeter.id}`,
      '/app/sites/not-a-uuid',
      '/app/sites/meters/42',
      '/app/sites?year=1999',
    ]) {
      const res = await pages.officer.agent.get(path).expect(404);
      expect(res.text).toContain('There is no such page, or it belongs to another organization.');
    }
    const voided = await pages.officer
      .post(`/app/sites/meters/${otherMeter.id}/void`, {
        from: '2024-01-01',
        to: '2025-01-01',
        reason: 'not ours',
      })
      .expect(404);
    expect(voided.text).toContain('There is no such page');
  });

  it('checks a certificates file first: a bad row is reported and nothing is written; a good file commits by id', async () => {
    const bad = certificatesCsv([
      'AIB-NL,GO,GO-1,GO-10,NL-WIND-001,2026-01-01,2026-01-31',
      'AIB-NL,GO,GO-11,GO-20,NL-WIND-001,2026-02-01,2026-01-01',
    ]);
    const checked = await upload(pages.officer, '/app/imports/certificates/check', bad).expect(200);
    const problem = rowOf(checked.text, 'data-line="3"');
    expect(problem).toContain('vintageEnd');
    expect(checked.text).toMatch(/id="certificates-refused" data-value="1"/);
    expect(checked.text).toContain('Nothing was written.');
    expect(checked.text).not.toContain('name="uploadId"');
    expect(await certificateCount()).toBe(0);

    const good = certificatesCsv(['AIB-NL,GO,GO-1,GO-10,NL-WIND-001,2026-01-01,2026-01-31']);
    const ready = await upload(pages.officer, '/app/imports/certificates/check', good).expect(200);
    expect(ready.text).toMatch(/id="certificates-to-import" data-value="1"/);
    expect(await certificateCount()).toBe(0);
    const uploadId = hiddenField(ready.text, 'uploadId');
    // The kept file is the officer's own: the admin of the same organization cannot commit it.
    const foreign = await pages.admin.post('/app/imports/certificates/commit', { uploadId }).expect(409);
    expect(foreign.text).toContain('This file is no longer kept');
    expect(await certificateCount()).toBe(0);

    const committed = await pages.officer.post('/app/imports/certificates/commit', { uploadId }).expect(303);
    expect(committed.headers.location).toBe('/app/imports?done=certificates&created=1#notice');
    expect(await certificateCount()).toBe(1);
    expect((await pages.officer.agent.get(committed.headers.location).expect(200)).text).toContain(
      '1 certificates imported.',
    );
    // Committed once: the file is gone.
    await pages.officer.post('/app/imports/certificates/commit', { uploadId }).expect(409);
    expect(await certificateCount()).toBe(1);
  });

  it('checks a readings file with its options, reports each refused row, and commits a good file', async () => {
    const file = (rows: string[]) => ['meter,timestamp,value,unit', ...rows].join('\n') + '\n';
    const bad = file([`${meter.externalId},2024-05-01 00:00,10,Wh`, 'NO-SUCH-METER,2024-05-01 00:15,10,Wh']);
    const checked = await upload(pages.officer, '/app/imports/readings/check', bad, {
      timeZone: 'site',
      timestampConvention: 'start',
      mode: 'insert',
      meter: '',
    }).expect(200);
    expect(textIn(rowOf(checked.text, 'data-line="3"'))).toContain('Unknown meter.');
    expect(checked.text).toMatch(/id="readings-to-import" data-value="1"/);
    expect(checked.text).not.toContain('name="uploadId"');
    expect(await storedReadings('2024-05-01', '2024-05-02')).toBe(0);

    // The options go through the API's own query DTO.
    const refused = await upload(pages.officer, '/app/imports/readings/check', bad, {
      timeZone: 'Mars/Olympus',
    }).expect(422);
    expect(refused.text).toContain('id="readings-f-timeZone-error"');

    const good = file(
      [0, 15, 30].map((m) => `${meter.externalId},2024-05-01 00:${String(m).padStart(2, '0')},10,Wh`),
    );
    const ready = await upload(pages.officer, '/app/imports/readings/check', good, {
      timeZone: 'site',
    }).expect(200);
    expect(ready.text).toMatch(/id="readings-to-import" data-value="3"/);
    expect(await storedReadings('2024-05-01', '2024-05-02')).toBe(0);
    const committed = await pages.officer
      .hx('post', '/app/imports/readings/commit', { uploadId: hiddenField(ready.text, 'uploadId') })
      .expect(200);
    expect(committed.headers['hx-redirect']).toBe(
      '/app/imports?done=readings&accepted=3&duplicates=0&corrected=0#notice',
    );
    expect(await storedReadings('2024-05-01', '2024-05-02')).toBe(3);

    // Every option of the API reaches the import: a file without units read in the unit chosen, and the
    // repeated hour refused when asked (all six options and the token in one multipart form).
    const unitless = ['meter,timestamp,value', `${meter.externalId},2024-05-02 00:00,2`].join('\n') + '\n';
    const inMwh = await upload(pages.officer, '/app/imports/readings/check', unitless, {
      timeZone: 'site',
      timestampConvention: 'start',
      mode: 'insert',
      ambiguous: 'reject',
      unit: 'MWh',
      meter: '',
    }).expect(200);
    expect(inMwh.text).toMatch(/id="readings-to-import" data-value="1"/);
    await pages.officer
      .post('/app/imports/readings/commit', { uploadId: hiddenField(inMwh.text, 'uploadId') })
      .expect(303);
    const stored = await org.as.officer
      .get(`/api/v1/meters/${meter.id}/readings?from=2024-05-01T12:00:00Z&to=2024-05-03T00:00:00Z`)
      .expect(200);
    expect(stored.body.items.map((r: { valueWh: string }) => r.valueWh)).toEqual(['2000000']);
    const badUnit = await upload(pages.officer, '/app/imports/readings/check', unitless, {
      unit: 'GWh',
    }).expect(422);
    expect(badUnit.text).toContain('id="readings-f-unit-error"');
  });

  it('refuses an upload before reading it unless the session token is in its header', async () => {
    const csv = ['meter,timestamp,value,unit', `${meter.externalId},2024-06-01 00:00,10,Wh`].join('\n');
    // The token only in the body is not enough for an upload: the body is never read without it.
    const inBody = await pages.officer.agent
      .post('/app/imports/readings/check')
      .set('Sec-Fetch-Site', 'same-origin')
      .field('_csrf', pages.officer.csrf)
      .attach('file', Buffer.from(csv), { filename: 'upload.csv', contentType: 'text/csv' })
      .expect(403);
    expect(inBody.text).toContain('Reload it and try again');
    // Field names are taken as they are: `timeZone[a]` is a field the import does not take (at its field),
    // `__proto__` names no field of any form (400); nothing is polluted.
    const bracketed = await upload(pages.officer, '/app/imports/readings/check', csv, {
      'timeZone[a]': 'x',
    }).expect(422);
    expect(bracketed.text).toContain('timeZone[a] is not a known field');
    await upload(pages.officer, '/app/imports/readings/check', csv, { '__proto__[polluted]': 'x' }).expect(
      422,
    );
    await upload(pages.officer, '/app/imports/readings/check', csv, { constructor: 'x' }).expect(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The upload is spooled to disk up to its limit, and nothing larger is kept.
    await upload(pages.officer, '/app/imports/certificates/check', csv, { a: '1', b: '2' }).expect(400);
    const big = 'x'.repeat(CERTIFICATE_IMPORT_MAX_BYTES + 1);
    await upload(pages.officer, '/app/imports/certificates/check', big).expect(413);
    expect(await storedReadings('2024-06-01', '2024-06-02')).toBe(0);
  });

  it('voids readings with the reason, and refuses a void without the CSRF token', async () => {
    const path = `/app/sites/meters/${meter.id}/void?year=2024`;
    const fields = { from: '2024-05-01', to: '2024-05-02', reason: 'Imported to the wrong meter' };
    const forged = await pages.officer.agent
      .post(path)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send(new URLSearchParams(fields).toString())
      .expect(403);
    expect(forged.text).toContain('The form was not sent from this page');
    expect(await storedReadings('2024-05-01', '2024-05-02')).toBe(3);

    // A refused form: the problem at its field, nothing voided.
    const blank = await pages.officer.post(path, { ...fields, reason: ' ' }).expect(422);
    expect(blank.text).toContain('id="void-f-reason-error"');
    expect(await storedReadings('2024-05-01', '2024-05-02')).toBe(3);

    const done = await pages.officer.post(path, fields).expect(303);
    expect(done.headers.location).toBe(`/app/sites/meters/${meter.id}?year=2024&voided=3&voidedWh=30#notice`);
    expect(await storedReadings('2024-05-01', '2024-05-02')).toBe(0);
    expect((await pages.officer.agent.get(done.headers.location).expect(200)).text).toContain(
      '3 readings voided (30 Wh).',
    );
  });

  it('lets admins finalize a year from a ready report and reopen it; a void into a finalized year is refused', async () => {
    const report = await makeReport(org.as.admin, 2024);
    expect(report.status).toBe('ready');

    const officerView = await pages.officer.agent.get('/app/years').expect(200);
    expect(officerView.text).toContain('id="year-2024" data-state="open"');
    expect(officerView.text).not.toContain('action="/app/years/2024/finalize"');
    const refused = await pages.officer.post('/app/years/2024/finalize', { reportId: report.id }).expect(403);
    expect(refused.text).toContain('Your role (officer) may not open this page. It needs one of: admin.');

    const adminView = await pages.admin.agent.get('/app/years').expect(200);
    expect(adminView.text).toContain('action="/app/years/2024/finalize"');
    expect(adminView.text).toContain(`value="${report.id}"`);
    const finalized = await pages.admin.post('/app/years/2024/finalize', { reportId: report.id }).expect(303);
    expect(finalized.headers.location).toBe('/app/years?finalized=2024#notice');
    const periods = (await org.as.auditor.get('/api/v1/reporting-periods').expect(200)).body.items;
    expect(periods).toEqual([
      expect.objectContaining({ year: 2024, status: 'finalized', reportId: report.id }),
    ]);
    expect((await pages.officer.agent.get('/app/years').expect(200)).text).toContain(
      'id="year-2024" data-state="finalized"',
    );

    const locked = await pages.officer
      .post(`/app/sites/meters/${meter.id}/void?year=2024`, {
        from: '2024-03-01',
        to: '2024-03-02',
        reason: 'Wrong meter',
      })
      .expect(409);
    expect(textIn(locked.text)).toContain(
      'The reporting year is finalized: nothing in it changes until an admin reopens it.',
    );
    expect(locked.text).toContain('Reporting year 2024 is finalized');
    expect(await storedReadings('2024-03-01', '2024-03-03')).toBe(16);
    // An import into the finalized year: refused in words, as an htmx fragment of the import's section.
    const lockedImport = await upload(
      pages.officer,
      '/app/imports/readings/check',
      `meter,timestamp,value,unit\n${meter.externalId},2024-06-01 00:00,10,Wh\n`,
      { timeZone: 'site' },
    )
      .set('HX-Request', 'true')
      .expect(409);
    expect(lockedImport.text).toMatch(/^<section class="card wide" id="readings-import"/);
    expect(textIn(lockedImport.text)).toContain('The reporting year is finalized');
    expect(await storedReadings('2024-06-01', '2024-06-02')).toBe(0);

    const noReason = await pages.admin.post('/app/years/2024/reopen', { reason: '' }).expect(422);
    expect(noReason.text).toContain('id="reopen-2024-f-reason-error"');
    await pages.admin
      .post('/app/years/2024/reopen', { reason: 'Meter data restated by the utility' })
      .expect(303);
    const reopened = await pages.officer.agent.get('/app/years').expect(200);
    expect(reopened.text).toContain('id="year-2024" data-state="reopened"');
    expect(reopened.text).toContain('Meter data restated by the utility');
  });
});
