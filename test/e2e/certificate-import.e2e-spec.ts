import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { errorCodes, expectError, UUID } from '../support/assertions';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'certificates');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

interface RowResult {
  row: number;
  status: string;
  problems: { path: string; code: string; message: string }[];
  certificateId?: string;
}

describe('certificate import from registry exports (CSV, invariant 3)', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  /** An organization with the facilities the fixtures name by registry id. */
  async function organization(label: string) {
    const org = await createOrganization(t.http, label);
    const facility = (name: string, registryFacilityId: string, country: string, technology: string) =>
      org.as.officer
        .post('/api/v1/facilities', {
          name,
          registryFacilityId,
          country,
          technology,
          commissioningDate: '2021-04-01',
        })
        .expect(201)
        .then((res) => res.body.id as string);
    const wind = await facility('Eemshaven Wind', 'NL-WIND-001', 'NL', 'WIND');
    const solar = await facility('Saemangeum Solar', 'KR-SOLAR-7', 'KR', 'SOLAR');
    return { org, wind, solar };
  }

  const importCsv = (
    org: TestOrganization,
    csv: string,
    query = '',
    as: keyof TestOrganization['as'] = 'officer',
  ) =>
    org.as[as].raw('post', `/api/v1/certificates/import${query}`).set('Content-Type', 'text/csv').send(csv);

  const certificates = async (org: TestOrganization, registry: string) =>
    (await org.as.auditor.get(`/api/v1/certificates?registry=${registry}&limit=500`).expect(200)).body;

  const header = 'registry,instrumentType,serialStart,serialEnd,facilityId,vintageStart,vintageEnd';

  it('dry-runs a registry export, writing nothing, then imports it with an audit entry per certificate', async () => {
    const { org, wind, solar } = await organization('Import');
    const csv = fixture('ok/registry-export.csv');

    const dry = await importCsv(org, csv, '?dryRun=true').expect(200);
    expect(dry.body).toEqual({
      dryRun: true,
      committed: false,
      total: 3,
      created: 0,
      wouldCreate: 3,
      rejected: 0,
      rows: [2, 3, 4].map((row) => ({ row, status: 'would_create', problems: [] })),
    });
    expect((await certificates(org, 'AIB-NL')).total).toBe(0);
    expect((await certificates(org, 'KPX')).total).toBe(0);
    expect(await auditEntries(org, '&entityType=certificate')).toEqual([]);

    const done = await importCsv(org, csv).expect(200);
    expect(done.body).toMatchObject({
      dryRun: false,
      committed: true,
      total: 3,
      created: 3,
      wouldCreate: 0,
      rejected: 0,
    });
    const ids = done.body.rows.map((r: RowResult) => r.certificateId);
    expect(done.body.rows.map((r: RowResult) => [r.row, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
    ]);
    expect(ids).toEqual([
      expect.stringMatching(UUID),
      expect.stringMatching(UUID),
      expect.stringMatching(UUID),
    ]);

    const go = (await certificates(org, 'AIB-NL')).items;
    expect(go).toEqual([
      expect.objectContaining({
        id: ids[0],
        instrumentType: 'GO',
        serialStart: 'GO-NL-2026-000001',
        serialEnd: 'GO-NL-2026-000500',
        volumeWh: '500000000',
        facilityId: wind,
        issuanceDate: '2026-02-15',
        status: 'ACTIVE',
      }),
      expect.objectContaining({
        id: ids[1],
        volumeWh: '250000000',
        status: 'RETIRED',
        cancellationDate: '2026-04-01',
        beneficiary: 'Import Co., Ltd.',
        consumptionCountry: 'NL',
      }),
    ]);
    const [krec] = (await certificates(org, 'KPX')).items;
    expect(krec).toMatchObject({
      id: ids[2],
      instrumentType: 'K_REC',
      recCount: 10,
      volumeWh: '10500000',
      facilityId: solar,
    });

    for (const id of ids) {
      const [entry] = await auditEntries(org, `&entityType=certificate&entityId=${id}`);
      expect(entry).toMatchObject({
        action: 'create',
        actorId: org.userIds.officer,
        after: expect.objectContaining({ id }),
      });
    }

    // The same file again overlaps every range it created: refused as a whole, nothing more written.
    const again = await importCsv(org, csv);
    expectError(again, 422, 'BATCH_REJECTED', 'rows.2.serialStart');
    expect(new Set(errorCodes(again))).toEqual(new Set(['SERIAL_RANGE_OVERLAP']));
    expect(again.body.details[0].message).toContain(`certificate ${ids[0]}`);
    expect((await certificates(org, 'AIB-NL')).total).toBe(2);
  });

  it('takes ; files with CRLF and quoted line breaks, as multipart too, naming facilities by id', async () => {
    const { org, wind } = await organization('ImportSemicolon');
    const semicolon = await importCsv(org, fixture('ok/semicolon-crlf.csv')).expect(200);
    expect(semicolon.body.rows).toEqual([
      { row: 2, status: 'created', problems: [], certificateId: expect.stringMatching(UUID) },
    ]);
    expect((await certificates(org, 'M-RETS')).items[0]).toMatchObject({
      beneficiary: 'Import Co.,\nLtd.',
      volumeWh: '100000000',
    });

    const csv = `${header}\nAIB-BE,GO,GO-BE-1,GO-BE-2,${wind.toUpperCase()},2026-01-01,2026-01-31\n`;
    const multipart = await org.as.officer
      .raw('post', '/api/v1/certificates/import')
      .attach('file', Buffer.from(csv), { filename: 'export.csv', contentType: 'text/csv' })
      .expect(200);
    expect(multipart.body).toMatchObject({ committed: true, created: 1 });
    expect((await certificates(org, 'AIB-BE')).items[0]).toMatchObject({
      facilityId: wind,
      volumeWh: '2000000',
    });
  });

  it('names every refused row with its line, column and code, and writes nothing (422 or dry-run report)', async () => {
    const { org } = await organization('ImportBad');
    const csv = fixture('not-ok/bad-rows.csv');
    const expected: { row: number; path: string; code: string }[] = JSON.parse(
      fixture('not-ok/bad-rows.json'),
    ).rows;

    const dry = await importCsv(org, csv, '?dryRun=true').expect(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      committed: false,
      total: 17,
      wouldCreate: 1,
      rejected: 16,
    });
    const refused = (dry.body.rows as RowResult[]).filter((r) => r.status === 'rejected');
    expect(refused.map((r) => r.row)).toEqual(expected.map((e) => e.row));
    for (const e of expected) {
      const row = refused.find((r) => r.row === e.row)!;
      expect({ row: e.row, problems: row.problems.map((p) => [p.path, p.code]) }).toEqual({
        row: e.row,
        problems: expect.arrayContaining([[e.path, e.code]]),
      });
    }
    // The overlap within the file names the row it overlaps.
    expect(refused.find((r) => r.row === 15)!.problems[0].message).toContain('line 14');
    expect(dry.body.rows.find((r: RowResult) => r.row === 14)).toEqual({
      row: 14,
      status: 'would_create',
      problems: [],
    });

    const res = await importCsv(org, csv);
    expectError(res, 422, 'BATCH_REJECTED');
    for (const e of expected)
      expect(res.body.details).toContainEqual(
        expect.objectContaining({ path: `rows.${e.row}.${e.path}`, code: e.code }),
      );
    expect((await certificates(org, 'AIB-BAD')).total).toBe(0);
    expect(await auditEntries(org, '&entityType=certificate')).toEqual([]);
  });

  it("treats another organization's facility and contract like missing ones", async () => {
    const { org } = await organization('ImportMine');
    const { org: other, wind: theirs } = await organization('ImportTheirs');
    const contract = (
      await other.as.officer
        .post('/api/v1/contracts', {
          method: 'UNBUNDLED_EAC',
          counterparty: 'Broker',
          startDate: '2026-01-01',
          signedDate: '2025-12-01',
          eacsConveyed: true,
        })
        .expect(201)
    ).body.id;
    const missing = randomUUID();
    const csv = [
      `${header},contractId`,
      `AIB-X,GO,GO-1,GO-2,${theirs},2026-01-01,2026-01-31,`,
      `AIB-X,GO,GO-3,GO-4,${missing},2026-01-01,2026-01-31,`,
      `AIB-X,GO,GO-5,GO-6,not-a-uuid,2026-01-01,2026-01-31,`,
    ].join('\n');
    const res = await importCsv(org, `${csv}\n`, '?dryRun=true').expect(200);
    expect(res.body.rows.map((r: RowResult) => r.problems)).toEqual([
      [{ path: 'facilityId', code: 'NOT_FOUND', message: `Facility ${theirs} was not found` }],
      [{ path: 'facilityId', code: 'NOT_FOUND', message: `Facility ${missing} was not found` }],
      [expect.objectContaining({ path: 'facilityId', code: 'isUuid' })],
    ]);

    const { wind: mine } = {
      wind: (await org.as.auditor.get('/api/v1/facilities').expect(200)).body.items[0].id,
    };
    const withContract = await importCsv(
      org,
      `${header},contractId\nAIB-X,GO,GO-1,GO-2,${mine},2026-01-01,2026-01-31,${contract}\n`,
    );
    expectError(withContract, 422, 'BATCH_REJECTED', 'rows.2.contractId');
    expect(errorCodes(withContract)).toEqual(['NOT_FOUND']);
  });

  it('refuses files that are not a certificate CSV as a whole (422 MALFORMED_CSV), empty bodies with 400', async () => {
    const { org } = await organization('ImportMalformed');
    for (const [name, path] of [
      ['header-only.csv', 'file'],
      ['unknown-column.csv', 'benificiary'],
      ['no-facility-column.csv', 'facilityId'],
      ['unbalanced-quotes.csv', 'file'],
      ['json.csv', 'file'],
    ]) {
      expectError(await importCsv(org, fixture(`not-ok/${name}`)), 422, 'MALFORMED_CSV', path);
    }
    expectError(await importCsv(org, fixture('not-ok/empty.csv')), 400, 'FILE_REQUIRED');
    expectError(await importCsv(org, ' \n \n'), 422, 'MALFORMED_CSV');
    expectError(
      await org.as.officer
        .raw('post', '/api/v1/certificates/import')
        .attach('file', Buffer.alloc(0), { filename: 'empty.csv', contentType: 'text/csv' }),
      422,
      'MALFORMED_CSV',
    );
    expectError(
      await org.as.officer.post('/api/v1/certificates/import', { registry: 'AIB' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(
      await importCsv(org, fixture('ok/registry-export.csv'), '?dryRun=yes'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('limits an import to 2 MB and 2,000 rows (413), writing nothing', async () => {
    const { org, wind } = await organization('ImportLimits');
    const rows = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `AIB-L,GO,GO-${i * 10 + 1},GO-${i * 10 + 5},${wind},2026-01-01,2026-01-31`,
      );
    const tooMany = await importCsv(org, [header, ...rows(2001)].join('\n'));
    expectError(tooMany, 413, 'TOO_MANY_ROWS');
    const tooBig = `${header}\n${rows(1).join('')},${' '.repeat(2 * 1024 * 1024)}\n`;
    expectError(await importCsv(org, tooBig), 413, 'PAYLOAD_TOO_LARGE');
    expectError(
      await org.as.officer
        .raw('post', '/api/v1/certificates/import')
        .attach('file', Buffer.from(tooBig), { filename: 'big.csv', contentType: 'text/csv' }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect((await certificates(org, 'AIB-L')).total).toBe(0);

    const most = await importCsv(org, [header, ...rows(2000)].join('\n')).expect(200);
    expect(most.body).toMatchObject({ created: 2000, rejected: 0 });
    expect((await certificates(org, 'AIB-L')).total).toBe(2000);
    // Written in a few statements, still one chained audit entry per certificate.
    const verify = await org.as.auditor.get('/api/v1/audit-log/verify').expect(200);
    expect(verify.body).toMatchObject({ valid: true, firstBroken: null });
    const creates = await org.as.auditor
      .get('/api/v1/audit-log?entityType=certificate&action=create&limit=1')
      .expect(200);
    expect(creates.body.total).toBe(2000);
  });

  it('lets only officers and admins import (403), and checks the caller before the file', async () => {
    const { org, wind } = await organization('ImportRoles');
    const csv = `${header}\nAIB-R,GO,GO-1,GO-2,${wind},2026-01-01,2026-01-31\n`;
    for (const role of ['auditor', 'executive'] as const) {
      expectError(await importCsv(org, csv, '', role), 403, 'FORBIDDEN');
      expectError(await importCsv(org, 'not a csv', '?dryRun=true', role), 403, 'FORBIDDEN');
    }
    expectError(
      await request(t.http).post('/api/v1/certificates/import').set('Content-Type', 'text/csv').send(csv),
      401,
      'UNAUTHENTICATED',
    );
    expect((await certificates(org, 'AIB-R')).total).toBe(0);
    await importCsv(org, csv, '', 'admin').expect(200);
    expect((await certificates(org, 'AIB-R')).total).toBe(1);
  });
});
