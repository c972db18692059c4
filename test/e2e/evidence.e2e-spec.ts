import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectError, ISO_INSTANT, UUID } from '../support/assertions';
import { withDb } from '../support/readings';
import {
  auditEntries,
  Caller,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);
// Every byte value, after the PNG signature: the download must give back exactly these bytes.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  randomBytes(4096),
]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(64)]);
const CSV = Buffer.from('serial,volume_mwh\nGO-1,1\n');
const TEXT = Buffer.from('Retirement confirmed – 발급 확인\n');

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Reads any answer body as raw bytes. */
const bytes = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('evidence files of contracts and certificates (domain §5)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let contractId: string;
  let certificateId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [org, other] = await Promise.all([
      createOrganization(t.http, 'Evidence'),
      createOrganization(t.http, 'EvidenceOther'),
    ]);
    contractId = (
      await org.as.officer
        .post('/api/v1/contracts', {
          method: 'PPA_PHYSICAL',
          counterparty: 'Solar Park GmbH',
          startDate: '2026-01-01',
          signedDate: '2025-06-01',
          eacsConveyed: true,
        })
        .expect(201)
    ).body.id;
    certificateId = await newCertificate(org, 'GO-EV-1', 'GO-EV-10');
  });
  afterAll(() => t.close());

  async function newCertificate(o: TestOrganization, serialStart: string, serialEnd: string) {
    const facility = await o.as.officer
      .post('/api/v1/facilities', {
        name: `Wind ${randomUUID().slice(0, 8)}`,
        country: 'NL',
        technology: 'WIND',
        commissioningDate: '2020-01-01',
      })
      .expect(201);
    const certificate = await o.as.officer
      .post('/api/v1/certificates', {
        registry: 'AIB-NL',
        instrumentType: 'GO',
        serialStart,
        serialEnd,
        facilityId: facility.body.id,
        vintageStart: '2026-01-01',
        vintageEnd: '2026-01-31',
      })
      .expect(201);
    return certificate.body.id as string;
  }

  const upload = (
    as: Caller,
    url: string,
    content: Buffer,
    filename: string,
    contentType: string,
    fields: Record<string, string> = {},
  ) => {
    const req = as.raw('post', url).attach('file', content, { filename, contentType });
    for (const [name, value] of Object.entries(fields)) req.field(name, value);
    return req;
  };
  const download = (as: Caller, url: string) => as.get(url).buffer(true).parse(bytes);

  it('stores a certificate statement and gives back exactly its bytes, type and name, audited without the content', async () => {
    const url = `/api/v1/certificates/${certificateId}/evidence`;
    const created = await upload(org.as.officer, url, PNG, 'statement.png', 'image/png', {
      description: 'AIB cancellation statement',
      kind: 'CANCELLATION_STATEMENT',
    }).expect(201);
    expect(created.body).toEqual({
      organizationId: org.id,
      id: expect.stringMatching(UUID),
      contractId: null,
      certificateId,
      filename: 'statement.png',
      contentType: 'image/png',
      sizeBytes: PNG.length,
      sha256: sha256(PNG),
      description: 'AIB cancellation statement',
      kind: 'CANCELLATION_STATEMENT',
      uploadedBy: org.userIds.officer,
      uploadedAt: expect.stringMatching(ISO_INSTANT),
    });

    for (const reader of [org.as.auditor, org.as.executive]) {
      const res = await download(reader, `${url}/${created.body.id}`).expect(200);
      expect(Buffer.compare(res.body, PNG)).toBe(0);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-length']).toBe(String(PNG.length));
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="statement.png"; filename*=UTF-8''statement.png`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const asJson = await org.as.auditor
      .get(`${url}/${created.body.id}`)
      .set('Accept', 'application/json')
      .expect(200);
    expect(asJson.body).toEqual(created.body);

    const list = await org.as.executive.get(url).expect(200);
    expect(list.body).toEqual({ items: [created.body], total: 1, limit: 50, offset: 0 });

    const [entry] = await auditEntries(org, `&entityType=evidence&entityId=${created.body.id}`);
    expect(entry).toMatchObject({ action: 'create', actorId: org.userIds.officer, after: created.body });
    expect(JSON.stringify(entry)).not.toContain('content"');
    const stored = await withDb((db) =>
      db.query('SELECT content, sha256 FROM evidence_files WHERE organization_id = $1 AND id = $2', [
        org.id,
        created.body.id,
      ]),
    );
    expect(Buffer.compare(stored.rows[0].content, PNG)).toBe(0);
  });

  it.each([
    ['application/pdf', PDF, 'ppa.pdf'],
    ['image/jpeg', JPEG, 'site.jpg'],
    [XLSX, ZIP, 'volumes.xlsx'],
    ['text/csv', CSV, 'volumes.csv'],
    ['text/plain', TEXT, 'note.txt'],
  ])('accepts %s for a contract and round-trips it', async (type, content, filename) => {
    const url = `/api/v1/contracts/${contractId}/evidence`;
    const created = await upload(org.as.admin, url, content, filename, type).expect(201);
    expect(created.body).toMatchObject({
      contractId,
      certificateId: null,
      contentType: type,
      description: null,
    });
    const res = await download(org.as.auditor, `${url}/${created.body.id}`).expect(200);
    expect(Buffer.compare(res.body, content)).toBe(0);
    expect(res.headers['content-type']).toBe(type.startsWith('text/') ? `${type}; charset=utf-8` : type);
  });

  it('quotes a file name safely for download and keeps it exactly in the metadata', async () => {
    const url = `/api/v1/contracts/${contractId}/evidence`;
    const name = "Übertragung 발급 it's (1).pdf";
    const created = await upload(org.as.officer, url, PDF, name, 'application/pdf').expect(201);
    expect(created.body.filename).toBe(name);
    const res = await download(org.as.officer, `${url}/${created.body.id}`).expect(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_bertragung __ it's (1).pdf"; filename*=UTF-8''${encodeURIComponent(name)
        .replace(/'/g, '%27')
        .replace(/\(/g, '%28')
        .replace(/\)/g, '%29')}`,
    );
    const pathName = await upload(
      org.as.officer,
      url,
      PDF,
      '..\\..\\secret\\x.pdf',
      'application/pdf',
    ).expect(201);
    expect(pathName.body.filename).toBe('x.pdf');
  });

  it('refuses types it does not take and content that is not of the declared type (415), writing nothing', async () => {
    const url = `/api/v1/certificates/${certificateId}/evidence`;
    const before = (await org.as.officer.get(url).expect(200)).body.total;
    const cases: [Buffer, string, string][] = [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'text/html', 'UNSUPPORTED_MEDIA_TYPE'],
      [ZIP, 'application/zip', 'UNSUPPORTED_MEDIA_TYPE'],
      [PNG, 'application/pdf', 'CONTENT_TYPE_MISMATCH'],
      [PDF, 'image/png', 'CONTENT_TYPE_MISMATCH'],
      [PDF, XLSX, 'CONTENT_TYPE_MISMATCH'],
      [Buffer.from([0x89, 0x00, 0xff, 0xfe]), 'text/plain', 'CONTENT_TYPE_MISMATCH'],
      [PDF, 'text/csv', 'CONTENT_TYPE_MISMATCH'],
    ];
    for (const [content, type, code] of cases) {
      expectError(await upload(org.as.officer, url, content, 'file.bin', type), 415, code, 'file');
    }
    const raw = await org.as.officer.raw('post', url).set('Content-Type', 'application/pdf').send(PDF);
    expectError(raw, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect((await org.as.officer.get(url).expect(200)).body.total).toBe(before);
  });

  it('refuses malformed, empty and oversized uploads', async () => {
    const url = `/api/v1/certificates/${certificateId}/evidence`;
    const before = (await org.as.officer.get(url).expect(200)).body.total;
    expectError(await org.as.officer.raw('post', url).field('description', 'no file'), 400, 'FILE_REQUIRED');
    expectError(
      await org.as.officer
        .raw('post', url)
        .attach('upload', PDF, { filename: 'a.pdf', contentType: 'application/pdf' }),
      400,
      'MALFORMED_BODY',
    );
    expectError(
      await upload(org.as.officer, url, Buffer.alloc(0), 'empty.pdf', 'application/pdf'),
      400,
      'FILE_REQUIRED',
    );
    expectError(
      await upload(org.as.officer, url, PDF, 'a.pdf', 'application/pdf', { note: 'x' }),
      400,
      'VALIDATION_FAILED',
      'note',
    );
    expectError(
      await upload(org.as.officer, url, PDF, 'a.pdf', 'application/pdf', { description: 'x'.repeat(2001) }),
      400,
      'VALIDATION_FAILED',
      'description',
    );
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]);
    expectError(
      await upload(org.as.officer, url, big, 'big.pdf', 'application/pdf'),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    const limit = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 - 9)]);
    const atLimit = await upload(org.as.officer, url, limit, 'limit.pdf', 'application/pdf').expect(201);
    expect(atLimit.body.sizeBytes).toBe(10 * 1024 * 1024);
    await org.as.officer.delete(`${url}/${atLimit.body.id}`).expect(204);
    expect((await org.as.officer.get(url).expect(200)).body.total).toBe(before);
  });

  it('lets auditors and executives read but not write (403)', async () => {
    const url = `/api/v1/contracts/${contractId}/evidence`;
    const created = await upload(org.as.officer, url, PDF, 'kept.pdf', 'application/pdf').expect(201);
    for (const reader of [org.as.auditor, org.as.executive]) {
      expectError(await upload(reader, url, PDF, 'x.pdf', 'application/pdf'), 403, 'FORBIDDEN');
      expectError(await reader.delete(`${url}/${created.body.id}`), 403, 'FORBIDDEN');
      await reader.get(url).expect(200);
    }
    await download(org.as.auditor, `${url}/${created.body.id}`).expect(200);
  });

  it("answers 404 for another organization's contract, certificate or evidence, and for evidence of another owner", async () => {
    const url = `/api/v1/certificates/${certificateId}/evidence`;
    const created = await upload(org.as.officer, url, PDF, 'mine.pdf', 'application/pdf').expect(201);
    const item = `${url}/${created.body.id}`;
    for (const outsider of [other.as.admin, other.as.auditor]) {
      expectError(await outsider.get(url), 404, 'NOT_FOUND');
      expectError(await outsider.get(item), 404, 'NOT_FOUND');
    }
    expectError(await upload(other.as.officer, url, PDF, 'x.pdf', 'application/pdf'), 404, 'NOT_FOUND');
    expectError(
      await upload(
        other.as.officer,
        `/api/v1/contracts/${contractId}/evidence`,
        PDF,
        'x.pdf',
        'application/pdf',
      ),
      404,
      'NOT_FOUND',
    );
    expectError(await other.as.officer.delete(item), 404, 'NOT_FOUND');
    // The same evidence id under another owner of the same organization, or an unknown one.
    expectError(
      await org.as.officer.get(`/api/v1/contracts/${contractId}/evidence/${created.body.id}`),
      404,
      'NOT_FOUND',
    );
    expectError(await org.as.officer.get(`${url}/${randomUUID()}`), 404, 'NOT_FOUND');
    expectError(await org.as.officer.get(`/api/v1/certificates/${randomUUID()}/evidence`), 404, 'NOT_FOUND');
    expectError(await org.as.officer.get(`${url}/not-a-uuid`), 400, 'VALIDATION_FAILED', 'params.evidenceId');
    // The other organization's own certificate with the same serials is its own.
    const theirs = await newCertificate(other, 'GO-EV-1', 'GO-EV-10');
    await other.as.officer.get(`/api/v1/certificates/${theirs}/evidence`).expect(200);
    expect((await org.as.auditor.get(item).set('Accept', 'application/json').expect(200)).body.filename).toBe(
      'mine.pdf',
    );
  });

  it('deletes evidence (audited), and keeps a certificate with evidence from being deleted (409)', async () => {
    const id = await newCertificate(org, 'GO-EV-100', 'GO-EV-101');
    const url = `/api/v1/certificates/${id}/evidence`;
    const created = await upload(org.as.officer, url, PDF, 'statement.pdf', 'application/pdf').expect(201);
    expectError(await org.as.officer.delete(`/api/v1/certificates/${id}`), 409, 'IN_USE');
    await org.as.officer.delete(`${url}/${created.body.id}`).expect(204);
    expectError(await org.as.officer.delete(`${url}/${created.body.id}`), 404, 'NOT_FOUND');
    const entries = await auditEntries(org, `&entityType=evidence&entityId=${created.body.id}`);
    expect(entries.map((e) => e.action)).toEqual(['create', 'delete']);
    expect(entries[1].before).toEqual(created.body);
    await org.as.officer.delete(`/api/v1/certificates/${id}`).expect(204);
  });
});
