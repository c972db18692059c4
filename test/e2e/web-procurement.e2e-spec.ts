import { ReportTemplates } from '../../src/reports/templates/report-templates';
import { siteWithDailyMeter } from '../support/readings';
import { finalizeYear } from '../support/reports';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';
import { hiddenField, PageSession, signInToPages } from '../support/web';

const YEAR = 2025;
const REPORT_TEXT = ReportTemplates.load().text('en');

/** What an HTML text node or attribute shows, back as text (the renderer escapes &, <, >, "). */
const unescape = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The markup of a form field's block (`data-field="name"`) up to the next field or the form's end. */
function fieldBlock(html: string, name: string): string {
  const start = html.indexOf(`data-field="${name}"`);
  if (start < 0) throw new Error(`no field ${name} in the page`);
  const rest = html.slice(start + 1);
  const end = rest.search(/data-field="|<\/form>/);
  return unescape(end < 0 ? rest : rest.slice(0, end));
}

/** A row of the claims table, by claim id. */
function claimRow(html: string, claimId: string): string {
  const start = html.indexOf(`data-claim="${claimId}"`);
  if (start < 0) throw new Error(`no claim ${claimId} on the page`);
  return unescape(html.slice(start, html.indexOf('</tr>', start)));
}

describe('web pages: procurement, claims and auto-allocation', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let officer: PageSession;
  let admin: PageSession;
  let legalEntity: string;
  const ids: Record<string, string> = {};

  const certificateTotal = async () =>
    (await org.as.auditor.get('/api/v1/certificates?limit=500').expect(200)).body.total as number;
  const allocations = async () =>
    (await org.as.auditor.get(`/api/v1/allocations?year=${YEAR}&limit=500`).expect(200)).body.items as {
      id: string;
      certificateId: string;
      consumptionMarket: string;
      volumeWh: string;
      siteIds: string[];
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    [org, other] = await Promise.all([
      createOrganization(t.http, 'WebProc'),
      createOrganization(t.http, 'WebProcOther'),
    ]);
    [officer, admin] = await Promise.all([
      signInToPages(t.http, org.emails.officer),
      signInToPages(t.http, org.emails.admin),
    ]);
    legalEntity = (await org.as.admin.get('/api/v1/organization').expect(200)).body.legalEntityName;

    // Korea 2025: 500 MWh of consumption at one site.
    ids.site = (
      await siteWithDailyMeter(org, { country: 'KR', timeZone: 'Asia/Seoul' }, [
        '2025-02-05T00:00:00+09:00',
        '2025-02-06T00:00:00+09:00',
      ])
    ).siteId;
    ids.facility = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Yeonggwang Wind',
          country: 'KR',
          technology: 'WIND',
          commissioningDate: '2021-03-01',
        })
        .expect(201)
    ).body.id;
    const certificate = async (serials: [string, string], extra: Record<string, unknown> = {}) =>
      (
        await org.as.officer
          .post('/api/v1/certificates', {
            registry: 'I-TRACK',
            instrumentType: 'I_REC',
            serialStart: serials[0],
            serialEnd: serials[1],
            facilityId: ids.facility,
            vintageStart: '2025-01-01',
            vintageEnd: '2025-03-31',
            status: 'RETIRED',
            cancellationDate: '2025-07-15',
            beneficiary: legalEntity,
            ...extra,
          })
          .expect(201)
      ).body.id as string;
    ids.eligible = await certificate(['IR-1', 'IR-100']);
    ids.mismatch = await certificate(['IR-201', 'IR-250'], { beneficiary: 'Someone Else Ltd.' });
    ids.spare = await certificate(['IR-301', 'IR-400']);
    ids.small = await certificate(['IR-501', 'IR-520']);
    for (const certificateId of [ids.eligible, ids.mismatch])
      await org.as.officer
        .post('/api/v1/allocations', { certificateId, reportingYear: YEAR, consumptionMarket: 'KR' })
        .expect(201);

    // Another organization's records, which no page of this one may show or change.
    const theirFacility = (
      await other.as.officer
        .post('/api/v1/facilities', {
          name: 'Their Wind',
          country: 'DE',
          technology: 'WIND',
          commissioningDate: '2020-01-01',
        })
        .expect(201)
    ).body.id;
    ids.theirs = (
      await other.as.officer
        .post('/api/v1/certificates', {
          registry: 'AIB',
          instrumentType: 'GO',
          serialStart: 'GO-1',
          serialEnd: 'GO-10',
          facilityId: theirFacility,
          vintageStart: '2025-01-01',
          vintageEnd: '2025-01-31',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('shows the lists and forms to admins and officers, and the refusal naming the roles to others', async () => {
    const pages = [
      '/app/procurement',
      '/app/procurement/facilities/new',
      '/app/procurement/contracts/new',
      '/app/procurement/certificates/new',
      `/app/procurement/facilities/${ids.facility}`,
      `/app/procurement/certificates/${ids.eligible}`,
      `/app/claims?year=${YEAR}`,
      `/app/claims/auto?year=${YEAR}`,
    ];
    for (const session of [officer, admin])
      for (const path of pages) {
        const res = await session.agent.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
    const list = await officer.agent.get('/app/procurement').expect(200);
    // Each list with its key columns and the records of the organization, values in words.
    expect(list.text).toContain('Yeonggwang Wind');
    expect(list.text).toContain('IR-301 – IR-400');
    expect(list.text).toContain('I-REC');
    expect(list.text).toContain('>Retired<');
    expect(list.text).not.toContain('GO-1 – GO-10');
    // A filter of the API's list: only GOs (none in this organization).
    const filtered = await officer.agent.get('/app/procurement?certificateType=GO').expect(200);
    expect(filtered.text).not.toContain('IR-301 – IR-400');
    // The choices come from the engine's lists, in words.
    const form = await officer.agent.get('/app/procurement/certificates/new').expect(200);
    expect(form.text).toContain('<option value="K_REC">K-REC (Korea)</option>');
    expect(form.text).toContain(`<option value="${ids.facility}">Yeonggwang Wind`);

    for (const role of ['auditor', 'executive'] as const) {
      const session = await signInToPages(t.http, org.emails[role]);
      for (const path of [
        '/app/procurement',
        '/app/procurement/certificates/new',
        `/app/claims?year=${YEAR}`,
      ]) {
        const res = await session.agent.get(path);
        expect(res.status).toBe(403);
        expect(res.text).toContain(
          `Your role (${role}) may not open this page. It needs one of: admin, officer.`,
        );
      }
    }
  });

  it('refuses a certificate at its field with the API’s message, writes nothing, then creates a valid one', async () => {
    const before = await certificateTotal();
    const fields = {
      registry: 'I-TRACK',
      instrumentType: 'I_REC',
      serialStart: 'NEW-200',
      serialEnd: 'NEW-100',
      volumeUnit: 'MWh',
      facilityId: ids.facility,
      vintageStart: '2025-04-01',
      vintageEnd: '2025-06-30',
      status: 'ACTIVE',
    };
    const api = await org.as.officer.post('/api/v1/certificates', {
      ...fields,
      volumeUnit: undefined,
      status: undefined,
    });
    expect(api.status).toBe(422);
    const apiMessage = api.body.details.find((d: { path: string }) => d.path === 'serialEnd').message;

    const reversed = await officer.post('/app/procurement/certificates/new', fields);
    expect(reversed.status).toBe(422);
    expect(reversed.text).toContain('id="form-errors"');
    expect(fieldBlock(reversed.text, 'serialEnd')).toContain(apiMessage);
    expect(fieldBlock(reversed.text, 'serialEnd')).toContain('aria-invalid="true"');
    // The form comes back as sent.
    expect(fieldBlock(reversed.text, 'serialStart')).toContain('value="NEW-200"');

    const vintage = await officer.post('/app/procurement/certificates/new', {
      ...fields,
      serialStart: 'NEW-100',
      serialEnd: 'NEW-200',
      vintageEnd: '2025-01-31',
    });
    expect(vintage.status).toBe(422);
    expect(fieldBlock(vintage.text, 'vintageEnd')).toContain('vintageEnd must not be before vintageStart');

    // A DTO rule: a date that is not one.
    const dto = await officer.post('/app/procurement/certificates/new', {
      ...fields,
      vintageStart: '2025-13-01',
    });
    expect(dto.status).toBe(422);
    expect(fieldBlock(dto.text, 'vintageStart')).toContain('vintageStart must be a calendar date YYYY-MM-DD');

    // 409: the database refuses a range overlapping another of the registry, shown at the serials.
    const overlap = await officer.post('/app/procurement/certificates/new', {
      ...fields,
      serialStart: 'IR-50',
      serialEnd: 'IR-60',
    });
    expect(overlap.status).toBe(409);
    expect(fieldBlock(overlap.text, 'serialStart')).toContain(
      'The serial range overlaps another range of the same registry',
    );

    // htmx gets the form alone, swapped in place.
    const fragment = await officer.hx('post', '/app/procurement/certificates/new', fields);
    expect(fragment.status).toBe(422);
    expect(fragment.text.startsWith('<form')).toBe(true);
    expect(fragment.text).not.toContain('<html');

    expect(await certificateTotal()).toBe(before);

    const created = await officer.post('/app/procurement/certificates/new', {
      ...fields,
      serialStart: 'NEW-100',
      serialEnd: 'NEW-199',
    });
    expect(created.status).toBe(303);
    const id = /\/app\/procurement\/certificates\/([0-9a-f-]{36})\?saved=1$/.exec(
      created.headers.location,
    )?.[1];
    expect(id).toBeDefined();
    ids.created = id!;
    const listed = (await org.as.auditor.get('/api/v1/certificates?registry=I-TRACK&limit=500').expect(200))
      .body.items as { id: string; serialStart: string; volumeWh: string; status: string }[];
    expect(listed.find((c) => c.id === id)).toMatchObject({
      serialStart: 'NEW-100',
      volumeWh: '100000000',
      status: 'ACTIVE',
    });
    const page = await officer.agent.get(created.headers.location).expect(200);
    expect(page.text).toContain('The certificate is saved.');

    // Its retirement through the edit form: an invalid transition is refused at the status field.
    const retired = await officer.post(`/app/procurement/certificates/${id}`, {
      status: 'RETIRED',
      cancellationDate: '2025-08-01',
      beneficiary: legalEntity,
    });
    expect(retired.status).toBe(303);
    const back = await officer.post(`/app/procurement/certificates/${id}`, { status: 'ACTIVE' });
    expect(back.status).toBe(409);
    expect(fieldBlock(back.text, 'status')).toContain('A RETIRED certificate cannot become ACTIVE');
    expect((await org.as.auditor.get(`/api/v1/certificates/${id}`).expect(200)).body.status).toBe('RETIRED');
  });

  it('edits a facility, refusing an empty name at its field', async () => {
    const form = await officer.agent.get(`/app/procurement/facilities/${ids.facility}`).expect(200);
    expect(fieldBlock(form.text, 'name')).toContain('value="Yeonggwang Wind"');
    const fields = {
      name: 'Yeonggwang Wind II',
      country: 'KR',
      technology: 'WIND',
      commissioningDate: '2021-03-01',
      capacityMw: '12.5',
    };
    const empty = await officer.post(`/app/procurement/facilities/${ids.facility}`, { ...fields, name: '' });
    expect(empty.status).toBe(422);
    expect(fieldBlock(empty.text, 'name')).toContain('name must be longer than or equal to 1 characters');
    const saved = await officer.post(`/app/procurement/facilities/${ids.facility}`, fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/app/procurement/facilities/${ids.facility}?saved=1`);
    expect((await org.as.auditor.get(`/api/v1/facilities/${ids.facility}`).expect(200)).body).toMatchObject({
      name: 'Yeonggwang Wind II',
      capacityMw: '12.500',
    });
  });

  it('creates and edits a contract through its form, a fact its method cannot carry refused at its field', async () => {
    const fields = {
      method: 'SUPPLIER_GREEN_TARIFF',
      counterparty: 'Seoul Green Supply',
      signedDate: '2024-06-01',
      startDate: '2025-01-01',
      expectedAnnual: '1200',
      expectedAnnualUnit: 'MWh',
      eacsConveyed: 'true',
      equityStake: 'true',
      facilityIds: [ids.facility],
      siteIds: [ids.site],
    };
    const count = async () =>
      (await org.as.auditor.get('/api/v1/contracts').expect(200)).body.total as number;
    const before = await count();
    const refused = await officer.post('/app/procurement/contracts/new', fields);
    expect(refused.status).toBe(422);
    expect(fieldBlock(refused.text, 'equityStake')).toContain('An equity stake counts only with a PPA');
    expect(fieldBlock(refused.text, 'facilityIds')).toContain('checked');
    expect(await count()).toBe(before);

    const { equityStake: _equityStake, ...valid } = fields;
    const created = await officer.post('/app/procurement/contracts/new', valid);
    expect(created.status).toBe(303);
    const id = /contracts\/([0-9a-f-]{36})\?saved=1$/.exec(created.headers.location)![1];
    expect((await org.as.auditor.get(`/api/v1/contracts/${id}`).expect(200)).body).toMatchObject({
      method: 'SUPPLIER_GREEN_TARIFF',
      expectedAnnualWh: '1200000000',
      eacsConveyed: true,
      equityStake: false,
      facilityIds: [ids.facility],
      siteIds: [ids.site],
    });
    // The edit form shows the stored MWh; cleared, the expected energy is gone (null), the rest kept.
    const form = await officer.agent.get(created.headers.location).expect(200);
    expect(fieldBlock(form.text, 'expectedAnnual')).toContain('value="1200"');
    const edited = await officer.post(`/app/procurement/contracts/${id}`, { ...valid, expectedAnnual: '' });
    expect(edited.status).toBe(303);
    expect((await org.as.auditor.get(`/api/v1/contracts/${id}`).expect(200)).body).toMatchObject({
      expectedAnnualWh: null,
      counterparty: 'Seoul Green Supply',
      siteIds: [ids.site],
    });
  });

  it('answers 404 for another organization’s or a malformed id, and 403 to a form without its CSRF token', async () => {
    for (const path of [
      `/app/procurement/certificates/${ids.theirs}`,
      '/app/procurement/certificates/not-an-id',
      `/app/procurement/facilities/${ids.theirs}`,
    ])
      expect((await officer.agent.get(path)).status).toBe(404);
    const changed = await officer.post(`/app/procurement/certificates/${ids.theirs}`, { status: 'EXPIRED' });
    expect(changed.status).toBe(404);
    expect((await other.as.auditor.get(`/api/v1/certificates/${ids.theirs}`).expect(200)).body.status).toBe(
      'ACTIVE',
    );

    const before = (await org.as.auditor.get('/api/v1/facilities').expect(200)).body.total;
    const forged = await officer.agent
      .post('/app/procurement/facilities/new')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send('name=Forged&country=KR&technology=WIND&commissioningDate=2020-01-01');
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('The form was not sent from this page');
    expect((await org.as.auditor.get('/api/v1/facilities').expect(200)).body.total).toBe(before);
  });

  it('shows each claim’s verdict and reasons as the RE100 progress does, and allocates and deletes by form', async () => {
    const progress = (await org.as.officer.get(`/api/v1/re100/progress?year=${YEAR}`).expect(200)).body;
    expect(progress.claims.length).toBeGreaterThanOrEqual(2);
    expect(progress.claims.some((c: { reasons: string[] }) => c.reasons.length > 0)).toBe(true);
    const page = await officer.agent.get(`/app/claims?year=${YEAR}`).expect(200);
    for (const claim of progress.claims as {
      claimId: string;
      status: string;
      reasons: string[];
      eligibleMwh: string;
    }[]) {
      const row = claimRow(page.text, claim.claimId);
      expect(row).toContain(`data-verdict="${claim.status}"`);
      expect(row).toContain(REPORT_TEXT.statuses[claim.status]);
      expect(row).toContain(`data-value="${claim.eligibleMwh}"`);
      expect([...row.matchAll(/data-reason="([A-Z_]+)"/g)].map((m) => m[1])).toEqual(claim.reasons);
      for (const code of claim.reasons) expect(row).toContain(REPORT_TEXT.reasons[code]);
    }
    expect(
      claimRow(
        page.text,
        progress.claims.find((c: { reasons: string[] }) => c.reasons.includes('BENEFICIARY_MISMATCH'))
          .claimId,
      ),
    ).toContain('Ineligible');

    // Allocating more than the certificate holds: 409 at the volume, nothing written.
    const count = (await allocations()).length;
    const over = await officer.post('/app/claims/allocate', {
      certificateId: ids.small,
      reportingYear: String(YEAR),
      consumptionMarket: 'KR',
      volume: '21',
      volumeUnit: 'MWh',
    });
    expect(over.status).toBe(409);
    expect(fieldBlock(over.text, 'volume')).toContain(
      `certificate ${ids.small} over-allocated: 0 Wh allocated, 21000000 Wh requested, 20000000 Wh in the certificate`,
    );
    const badMarket = await officer.post('/app/claims/allocate', {
      certificateId: ids.small,
      reportingYear: String(YEAR),
      consumptionMarket: 'Korea',
    });
    expect(badMarket.status).toBe(422);
    expect(fieldBlock(badMarket.text, 'consumptionMarket')).toContain(
      'consumptionMarket must be a country code, EU or US-CA',
    );
    expect((await allocations()).length).toBe(count);

    const allocated = await officer.post('/app/claims/allocate', {
      certificateId: ids.small,
      reportingYear: String(YEAR),
      consumptionMarket: 'KR',
      siteIds: [ids.site],
      volume: '',
      volumeUnit: 'MWh',
    });
    expect(allocated.status).toBe(303);
    expect(allocated.headers.location).toBe(`/app/claims?year=${YEAR}&saved=allocated`);
    const made = (await allocations()).find((a) => a.certificateId === ids.small)!;
    expect(made).toMatchObject({ consumptionMarket: 'KR', volumeWh: '20000000', siteIds: [ids.site] });
    const shown = await officer.agent.get(allocated.headers.location).expect(200);
    expect(shown.text).toContain('The allocation is saved.');
    expect(claimRow(shown.text, made.id)).toContain('KR plant (KR)');

    const deleted = await officer.post(`/app/claims/allocations/${made.id}/delete`);
    expect(deleted.status).toBe(303);
    expect((await allocations()).some((a) => a.id === made.id)).toBe(false);
    expect((await officer.post(`/app/claims/allocations/${made.id}/delete`)).status).toBe(404);
  });

  it('previews auto-allocation without writing, then applies exactly the previewed allocations', async () => {
    const before = await allocations();
    const preview = await officer.post('/app/claims/auto/preview', { reportingYear: String(YEAR) });
    expect(preview.status).toBe(200);
    const planned = [
      ...preview.text.matchAll(/data-certificate="([0-9a-f-]{36})" data-market="([^"]+)" data-wh="(\d+)"/g),
    ]
      .map((m) => ({ certificateId: m[1], consumptionMarket: m[2], volumeWh: m[3] }))
      .sort((a, b) => a.certificateId.localeCompare(b.certificateId));
    // The spare 100 MWh, the small 20 MWh and the 100 MWh created by the form fill part of Korea's 400
    // uncovered MWh (500 consumed, 100 eligible).
    expect(planned).toEqual(
      [
        { certificateId: ids.spare, consumptionMarket: 'KR', volumeWh: '100000000' },
        { certificateId: ids.small, consumptionMarket: 'KR', volumeWh: '20000000' },
        { certificateId: ids.created, consumptionMarket: 'KR', volumeWh: '100000000' },
      ].sort((a, b) => a.certificateId.localeCompare(b.certificateId)),
    );
    expect(await allocations()).toEqual(before);

    // A plan that changed since the preview is shown again, not applied.
    const stale = await officer.post('/app/claims/auto/apply', {
      reportingYear: String(YEAR),
      fingerprint: 'stale',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('The plan changed since the preview');
    expect(await allocations()).toEqual(before);

    const applied = await officer.post('/app/claims/auto/apply', {
      reportingYear: String(YEAR),
      fingerprint: hiddenField(preview.text, 'fingerprint'),
    });
    expect(applied.status).toBe(303);
    expect(applied.headers.location).toBe(`/app/claims?year=${YEAR}&applied=3`);
    const after = await allocations();
    const created = after
      .filter((a) => !before.some((b) => b.id === a.id))
      .map((a) => ({
        certificateId: a.certificateId,
        consumptionMarket: a.consumptionMarket,
        volumeWh: a.volumeWh,
      }))
      .sort((a, b) => a.certificateId.localeCompare(b.certificateId));
    expect(created).toEqual(planned);
  });

  it('refuses writes into a finalized year (409 PERIOD_LOCKED) at the year field, writing nothing', async () => {
    await finalizeYear(org.as.admin, 2024);
    const before = (await org.as.auditor.get('/api/v1/allocations?year=2024').expect(200)).body.total;
    const allocate = await officer.post('/app/claims/allocate', {
      certificateId: ids.spare,
      reportingYear: '2024',
      consumptionMarket: 'KR',
    });
    expect(allocate.status).toBe(409);
    expect(fieldBlock(allocate.text, 'reportingYear')).toContain('Reporting year 2024 is finalized');
    const preview = await officer.post('/app/claims/auto/preview', { reportingYear: '2024' });
    expect(preview.status).toBe(409);
    expect(fieldBlock(preview.text, 'reportingYear')).toContain('Reporting year 2024 is finalized');
    expect((await org.as.auditor.get('/api/v1/allocations?year=2024').expect(200)).body.total).toBe(before);
  });
});
