import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { seedDemoThrough } from '../support/demo';
import { expectError } from '../support/assertions';
import { EvidencePackService } from '../../src/reports/evidence-pack.service';
import { ReportWorker } from '../../src/reports/report-worker.service';
import { pdfText, readZip } from '../support/documents';
import { makeReport, ReportView, waitForReport } from '../support/reports';
import {
  auditEntries,
  Caller,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const binary = (
  res: { on: (e: string, f: (c?: Buffer) => void) => void },
  done: (e: null, b: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
const download = (caller: Caller, path: string) => caller.get(path).buffer(true).parse(binary);

/**
 * Disclosure reports end to end, for the demo organization's year with names in several scripts: requested
 * as jobs, downloaded as stored (PDF, XLSX, model) with their hashes, read back and compared with the API's
 * figures, verified against today's data, and used to finalize, reopen and restate the year.
 */
describe('reports', () => {
  let t: TestApp;
  let org: TestOrganization;
  let demo: Caller;
  let organizationId: string;
  let report: ReportView;
  let certificateId: string;
  const STATEMENT = Buffer.from('%PDF-1.4 registry cancellation statement');

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Reports host');
    organizationId = (await seedDemoThrough(org)).organizationId;
    demo = org.platformAdmin.in(organizationId);
    // Names in Korean, Japanese and German (with its umlauts and ß) on the report.
    const sites = (await demo.get('/api/v1/sites?limit=50').expect(200)).body.items as {
      id: string;
      name: string;
    }[];
    const rename: Record<string, string> = {
      'Gumi semiconductor fab': '구미 반도체 공장',
      'Dresden module plant': 'Dresdner Modulwerk Süd, Großenhainer Straße',
    };
    for (const site of sites) {
      if (rename[site.name])
        await demo.patch(`/api/v1/sites/${site.id}`, { name: rename[site.name] }).expect(200);
    }
    const facilities = (await demo.get('/api/v1/facilities?limit=50').expect(200)).body.items as {
      id: string;
      name: string;
    }[];
    const wind = facilities.find((f) => f.name === 'Yeongam wind farm')!;
    await demo
      .patch(`/api/v1/facilities/${wind.id}`, { name: '霊岩ウィンドファーム（영암 풍력）' })
      .expect(200);
    // An evidence file on a claimed certificate, with a name that tries to leave the pack's folder.
    const allocations = (await demo.get('/api/v1/allocations?year=2025&limit=50').expect(200)).body.items;
    certificateId = allocations[0].certificateId;
    await demo
      .raw('post', `/api/v1/certificates/${certificateId}/evidence`)
      .attach('file', STATEMENT, {
        filename: '../../cancellation "statement".pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    report = await makeReport(demo, 2025, 'en');
  }, 180_000);
  afterAll(() => t.close());

  it('answers 202 queued, runs the job, and lists the ready report with the hash of each file', async () => {
    const created = await demo.post('/api/v1/reports', { year: 2025, language: 'ko' }).expect(202);
    expect(created.body).toMatchObject({ year: 2025, language: 'ko', status: 'queued', files: null });
    const ready = await waitForReport(demo, created.body.id);
    expect(ready).toMatchObject({ status: 'ready', reportStatus: 'provisional', failure: null });
    // Unchanged data: the same model hash as the English report.
    expect(ready.modelHash).toBe(report.modelHash);
    const page = (await demo.get('/api/v1/reports?limit=1').expect(200)).body;
    // The demo made two (English and Korean), the set-up one, and this one.
    expect(page).toMatchObject({ total: 4, limit: 1, offset: 0 });
    expect(page.items[0].id).toBe(created.body.id);
    expect((await demo.get('/api/v1/reports?year=2024').expect(200)).body.total).toBe(0);
    const own = (await demo.get(`/api/v1/audit-log?entityType=report&limit=50`).expect(200)).body.items;
    expect(own.map((e: { action: string }) => e.action)).toEqual(['create', 'create', 'create', 'create']);
  });

  it('downloads each file as stored, with its type, name and SHA-256 as ETag', async () => {
    const cases = [
      ['report.pdf', 'application/pdf', /\.pdf"/, 'pdf'],
      ['report.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', /\.xlsx"/, 'xlsx'],
      ['model.json', 'application/json; charset=utf-8', /-model\.json"/, 'model'],
    ] as const;
    for (const [file, type, name, kind] of cases) {
      const res = await download(demo, `/api/v1/reports/${report.id}/${file}`).expect(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toMatch(name);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="re100-report-2025-en-/);
      expect(sha256(res.body)).toBe(report.files![kind].sha256);
      expect(res.headers.etag).toBe(`"${report.files![kind].sha256}"`);
      const again = await demo
        .get(`/api/v1/reports/${report.id}/${file}`)
        .set('If-None-Match', res.headers.etag);
      expect(again.status).toBe(304);
    }
    const model = JSON.parse(
      (await download(demo, `/api/v1/reports/${report.id}/model.json`)).body.toString(),
    );
    expect(model).toMatchObject({ reportId: report.id, modelHash: report.modelHash, language: 'en' });
  });

  it('streams the evidence pack: files, CSVs and evidence, each in the manifest with its SHA-256', async () => {
    const res = await download(demo, `/api/v1/reports/${report.id}/evidence.zip`).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/-evidence\.zip"/);
    const entries = await readZip(res.body);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString());
    expect(manifest).toMatchObject({
      reportId: report.id,
      modelHash: report.modelHash,
      consumptionMatchesReport: true,
    });
    const paths = [...entries.keys()];
    expect(paths).toEqual(
      expect.arrayContaining([
        'report.pdf',
        'report.xlsx',
        'model.json',
        'claims.csv',
        'consumption-by-meter-and-month.csv',
      ]),
    );
    for (const file of manifest.files) {
      expect(sha256(entries.get(file.path)!)).toBe(file.sha256);
      expect(entries.get(file.path)!.length).toBe(file.bytes);
    }
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(
      paths.filter((p) => p !== 'manifest.json').sort(),
    );
    expect(sha256(entries.get('report.pdf')!)).toBe(report.files!.pdf.sha256);
    const evidence = paths.filter((p) => p.startsWith('evidence/'));
    expect(evidence).toHaveLength(1);
    // The upload kept only the file's own name; the pack puts it under its certificate, inside the pack.
    expect(evidence[0]).toMatch(
      new RegExp(`^evidence/certificates/${certificateId}/[0-9a-f-]{36}-cancellation "statement"\\.pdf$`),
    );
    expect(paths.every((p) => !p.split('/').includes('..') && !p.startsWith('/'))).toBe(true);
    expect(entries.get(evidence[0])!.equals(STATEMENT)).toBe(true);
    const claims = entries.get('claims.csv')!.toString().trim().split('\r\n');
    const model = JSON.parse(entries.get('model.json')!.toString());
    expect(claims).toHaveLength(model.content.claims.length + 1);
    const months = entries
      .get('consumption-by-meter-and-month.csv')!
      .toString()
      .trim()
      .split('\r\n')
      .slice(1);
    // wh is the fourth column from the end (a quoted site name may hold commas).
    const totalWh = months.reduce((sum, line) => sum + BigInt(line.split(',').slice(-4)[0]), 0n);
    expect(totalWh).toBeGreaterThan(0n);
    expectError(
      await (
        await createOrganization(t.http, 'Zip stranger')
      ).as.admin.get(`/api/v1/reports/${report.id}/evidence.zip`),
      404,
      'NOT_FOUND',
    );
  });

  it('cuts the pack off, and nothing else, when an evidence file disappears while it is written', async () => {
    const url = `/api/v1/certificates/${certificateId}/evidence`;
    const extra = (
      await demo
        .raw('post', url)
        .attach('file', STATEMENT, { filename: 'late.pdf', contentType: 'application/pdf' })
        .expect(201)
    ).body;
    const ctx = {
      organizationId,
      actor: { type: 'user' as const, id: org.userIds.admin, label: 'test', role: 'admin' as const },
      requestId: 'evidence-pack-test',
    };
    const pack = await t.app.get(EvidencePackService).open(ctx, report.id);
    await demo.delete(`${url}/${extra.id}`).expect(204);
    const read = new Promise<void>((resolve, reject) => {
      pack.stream.on('data', () => undefined);
      pack.stream.on('end', resolve);
      pack.stream.on('error', reject);
    });
    await expect(read).rejects.toThrow(/deleted while the pack was being written/);
    // The service goes on.
    await demo.get(`/api/v1/reports/${report.id}`).expect(200);
  });

  it('shows in the PDF and the workbook the figures the API gives for the year, names in any script', async () => {
    const progress = (await demo.get('/api/v1/re100/progress?year=2025').expect(200)).body;
    const scope2 = (await demo.get('/api/v1/emissions/scope2?year=2025').expect(200)).body;
    const text = await pdfText((await download(demo, `/api/v1/reports/${report.id}/report.pdf`)).body);
    const grouped = (n: string) => n.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    for (const figure of [
      progress.rePercent,
      ...progress.markets.map((m: { rePercent: string }) => m.rePercent),
      grouped(scope2.organization.locationBased.tCo2e.split('.')[0]),
      grouped(scope2.organization.marketBased.tCo2e.split('.')[0]),
    ]) {
      expect(text).toContain(figure);
    }
    for (const name of [
      '구미 반도체 공장',
      'Dresdner Modulwerk Süd, Großenhainer Straße',
      '霊岩ウィンドファーム（영암 풍력）',
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(name);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(demo, `/api/v1/reports/${report.id}/report.xlsx`)).body);
    const cells = workbook.worksheets.flatMap((sheet) => {
      const values: unknown[] = [];
      sheet.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
      return values;
    });
    expect(cells).toContain(Number(progress.rePercent));
    expect(cells).toContain(Number(scope2.organization.locationBased.tCo2e));
    expect(cells).toContain(Number(scope2.organization.marketBased.tCo2e));
    expect(cells).toContain(report.modelHash);
    expect(cells).toContain('구미 반도체 공장');
  });

  it('writes the Korean report in Korean, with CDP’s English labels', async () => {
    const ko = await makeReport(demo, 2025, 'ko');
    const text = await pdfText((await download(demo, `/api/v1/reports/${ko.id}/report.pdf`)).body);
    expect(text).toContain('요약');
    expect(text).toContain('Provide details of your organization');
  });

  it('says so when the year has no data, and refuses bad requests with a clear error, writing nothing', async () => {
    const empty = await makeReport(demo, 2019);
    expect(empty.status).toBe('ready');
    const model = JSON.parse(
      (await download(demo, `/api/v1/reports/${empty.id}/model.json`)).body.toString(),
    );
    expect(model.content.dataStatus).toBe('NO_DATA');
    const before = (await demo.get('/api/v1/reports').expect(200)).body.total;
    for (const [body, path] of [
      [{ year: 1999, language: 'en' }, 'year'],
      [{ year: 2101, language: 'en' }, 'year'],
      [{ year: '2025', language: 'en' }, 'year'],
      [{ year: 2025, language: 'fr' }, 'language'],
      [{ year: 2025 }, 'language'],
      [{ year: 2025, language: 'en', extra: 1 }, 'extra'],
    ] as const) {
      expectError(await demo.post('/api/v1/reports', body), 400, 'VALIDATION_FAILED', path);
    }
    expect((await demo.get('/api/v1/reports').expect(200)).body.total).toBe(before);
  });

  it('keeps another organization’s reports out of reach, and lets only officers and admins request one', async () => {
    const stranger = await createOrganization(t.http, 'Reports stranger');
    for (const path of ['', '/report.pdf', '/report.xlsx', '/model.json', '/verify']) {
      expectError(await stranger.as.admin.get(`/api/v1/reports/${report.id}${path}`), 404, 'NOT_FOUND');
    }
    expectError(await demo.get(`/api/v1/reports/${randomUUID()}`), 404, 'NOT_FOUND');
    expectError(await demo.get('/api/v1/reports/not-an-id'), 400, 'VALIDATION_FAILED');
    expectError(
      await org.as.executive.post('/api/v1/reports', { year: 2025, language: 'en' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await org.as.auditor.post('/api/v1/reports', { year: 2025, language: 'en' }),
      403,
      'FORBIDDEN',
    );
    expect((await stranger.as.admin.get('/api/v1/reports').expect(200)).body.total).toBe(0);
  });

  it('audits every download by an auditor', async () => {
    const own = await makeReport(org.as.officer, 2025);
    await download(org.as.auditor, `/api/v1/reports/${own.id}/report.pdf`).expect(200);
    await download(org.as.executive, `/api/v1/reports/${own.id}/report.pdf`).expect(200);
    const downloads = (await auditEntries(org, '&action=download')).filter((e) => e.entityId === own.id);
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toMatchObject({
      actorId: org.userIds.auditor,
      after: { file: 'report.pdf', sha256: own.files!.pdf.sha256 },
    });
  });

  it('refuses in the database any change to a ready report, even by its owner role', async () => {
    for (const url of [process.env.TEST_DATABASE_URL, process.env.TEST_DATABASE_OWNER_URL]) {
      const db = new Client({ connectionString: url });
      await db.connect();
      try {
        await expect(db.query(`UPDATE reports SET pdf = 'x' WHERE id = $1`, [report.id])).rejects.toThrow(
          /cannot be changed|permission denied/,
        );
        await expect(db.query(`DELETE FROM reports WHERE id = $1`, [report.id])).rejects.toThrow(
          /cannot be changed|permission denied/,
        );
        await expect(db.query('TRUNCATE reports CASCADE')).rejects.toThrow(
          /cannot be truncated|permission denied/,
        );
      } finally {
        await db.end();
      }
    }
    expect(sha256((await download(demo, `/api/v1/reports/${report.id}/report.pdf`)).body)).toBe(
      report.files!.pdf.sha256,
    );
  });

  it('verifies a report against today’s data, and names the figures that changed', async () => {
    expect((await demo.get(`/api/v1/reports/${report.id}/verify`).expect(200)).body).toMatchObject({
      matches: true,
      storedModelHash: report.modelHash,
      currentModelHash: report.modelHash,
      differences: [],
    });
    const meters = (await demo.get('/api/v1/meters?limit=50').expect(200)).body.items as {
      id: string;
      direction: string;
    }[];
    const meter = meters.find((m) => m.direction === 'import')!;
    await demo
      .post(`/api/v1/meters/${meter.id}/readings`, {
        readings: [{ start: '2025-06-01T00:00:00Z', value: '5', unit: 'MWh' }],
      })
      .expect(200);
    const check = (await demo.get(`/api/v1/reports/${report.id}/verify`).expect(200)).body;
    expect(check.matches).toBe(false);
    expect(check.currentModelHash).not.toBe(report.modelHash);
    expect(check.differences).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'summary.consumptionMwh' })]),
    );
  });

  it('finalizes a year from a current report only, refuses writes, then reopens and restates it', async () => {
    const finalize = (year: number, reportId: string) =>
      demo.post(`/api/v1/reporting-periods/${year}/finalize`, { reportId });
    // The first report's figures are outdated by the reading above.
    expectError(await finalize(2025, report.id), 409, 'REPORT_OUTDATED');
    const other = await createOrganization(t.http, 'Reports other');
    const foreign = await makeReport(other.as.admin, 2025);
    expectError(await finalize(2025, foreign.id), 404, 'NOT_FOUND');
    const ofAnotherYear = await makeReport(demo, 2024);
    expectError(await finalize(2025, ofAnotherYear.id), 422, 'REPORT_OF_ANOTHER_YEAR');
    expectError(
      await demo.post('/api/v1/reporting-periods/2025/finalize', {}),
      400,
      'VALIDATION_FAILED',
      'reportId',
    );

    const final = await makeReport(demo, 2025);
    // More finalizations at once than the pool has connections: each verifies in its own transaction, under
    // the year's lock; one finalizes, the others find the year finalized. No request starves the pool.
    const answers = await Promise.all(Array.from({ length: 12 }, () => finalize(2025, final.id)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(11).fill(409)]);
    const done = answers.find((a) => a.status === 200)!.body;
    expect(done).toMatchObject({ year: 2025, status: 'finalized', reportId: final.id });
    for (const refused of answers.filter((a) => a.status === 409))
      expectError(refused, 409, 'PERIOD_ALREADY_FINALIZED');
    const meters = (await demo.get('/api/v1/meters?limit=50').expect(200)).body.items as {
      id: string;
      direction: string;
    }[];
    const meter = meters.find((m) => m.direction === 'import')!;
    const reading = { readings: [{ start: '2025-07-01T00:00:00Z', value: '7', unit: 'MWh' }] };
    expectError(await demo.post(`/api/v1/meters/${meter.id}/readings`, reading), 409, 'PERIOD_LOCKED');
    expect((await demo.get(`/api/v1/reports/${final.id}/verify`).expect(200)).body.matches).toBe(true);
    // A report of the finalized year says so.
    expect((await makeReport(demo, 2025)).reportStatus).toBe('finalized');

    const reason = 'A July reading of the Gumi import meter was missing';
    await demo.post('/api/v1/reporting-periods/2025/reopen', { reason }).expect(200);
    await demo.post(`/api/v1/meters/${meter.id}/readings`, reading).expect(200);
    const restated = await makeReport(demo, 2025);
    expect(restated).toMatchObject({ status: 'ready', reportStatus: 'restated' });
    const model = JSON.parse(
      (await download(demo, `/api/v1/reports/${restated.id}/model.json`)).body.toString(),
    );
    expect(model.restatement).toMatchObject({ finalizedReportId: final.id, reason });
    expect(model.restatement.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'summary.consumptionMwh', difference: '7.000' }),
      ]),
    );
    const periods = (await demo.get('/api/v1/reporting-periods').expect(200)).body.items;
    expect(periods).toEqual([
      expect.objectContaining({ year: 2025, status: 'open', reportId: final.id, reopenReason: reason }),
    ]);
  });

  it('runs a job queued while no instance was running once one starts', async () => {
    const id = randomUUID();
    const owner = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
    await owner.connect();
    await owner.query(
      `INSERT INTO reports (organization_id, id, year, language, requested_by) VALUES ($1, $2, 2025, 'en', $3)`,
      [organizationId, id, org.userIds.admin],
    );
    await owner.end();
    await t.close();
    const boss = new PgBoss({
      connectionString: process.env.TEST_DATABASE_URL,
      schema: 'pgboss',
      migrate: false,
      supervise: false,
      schedule: false,
    });
    await boss.start();
    await boss.send('reports', { organizationId, reportId: id });
    await boss.stop({ graceful: false, close: true });
    t = await startTestApp();
    const caller = new Caller(t.http, org.platformAdmin.token, organizationId);
    expect((await waitForReport(caller, id)).status).toBe('ready');
  });

  it('gives a second request the report of the same year and language still being made', async () => {
    const id = randomUUID();
    const owner = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
    await owner.connect();
    await owner.query(
      `INSERT INTO reports (organization_id, id, year, language, requested_by) VALUES ($1, $2, 2020, 'ko', $3)`,
      [organizationId, id, org.userIds.admin],
    );
    await owner.end();
    const caller = new Caller(t.http, org.platformAdmin.token, organizationId);
    const again = await caller.post('/api/v1/reports', { year: 2020, language: 'ko' }).expect(202);
    expect(again.body).toMatchObject({ id, status: 'queued' });
    // Another language is another report.
    const english = await caller.post('/api/v1/reports', { year: 2020, language: 'en' }).expect(202);
    expect(english.body.id).not.toBe(id);
  });

  it('gives a report up as INTERRUPTED after runs that never finished', async () => {
    const id = randomUUID();
    const owner = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
    await owner.connect();
    await owner.query(
      `INSERT INTO reports (organization_id, id, year, language, requested_by, status, attempts)
       VALUES ($1, $2, 2021, 'en', $3, 'running', 3)`,
      [organizationId, id, org.userIds.admin],
    );
    await owner.end();
    await t.app.get(ReportWorker).run({ organizationId, reportId: id });
    const caller = new Caller(t.http, org.platformAdmin.token, organizationId);
    expect((await caller.get(`/api/v1/reports/${id}`).expect(200)).body).toMatchObject({
      status: 'failed',
      failure: { code: 'INTERRUPTED' },
      files: null,
    });
  });
});
