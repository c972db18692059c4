import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync, deflateSync } from 'node:zlib';
import request from 'supertest';
import { expectError } from '../support/assertions';
import { meterIn, quarterHours } from '../support/readings';
import {
  createOrganization,
  PLATFORM_ADMIN,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

/**
 * A request to the app's own server on a real socket, bytes exactly as given (supertest would serialise a
 * Buffer sent as JSON), so Node's parser and the app's handlers judge it.
 */
async function raw(
  t: TestApp,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
  method = body ? 'POST' : 'GET',
) {
  const server = t.app.getHttpServer() as Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(text || '{}'), headers: res.headers }),
        );
      });
      req.on('error', reject);
      req.end(body);
    },
  );
}

/** The error shape, from a raw answer. */
function expectRawError(res: Awaited<ReturnType<typeof raw>>, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
}

/** A gzip that inflates to `mib` MiB of zeros, a few kilobytes on the wire. */
const bomb = (mib: number) => gzipSync(Buffer.alloc(mib * 1024 * 1024, 0x20), { level: 9 });

describe('request bodies are read after authentication, within limits', () => {
  let t: TestApp;
  let org: TestOrganization;
  let meter: { id: string };
  beforeAll(async () => {
    t = await startTestApp({ JSON_BODY_LIMIT: '64kb', READINGS_BODY_LIMIT: '2mb', UPLOAD_LIMIT: '2mb' });
    org = await createOrganization(t.http, 'Bodies');
    meter = await meterIn(org, 'Europe/Berlin');
  });
  afterAll(() => t.close());

  const post = (url: string, token?: string) => {
    const req = request(t.http).post(url);
    return token ? req.set('Authorization', `Bearer ${token}`).set('X-Organization-Id', org.id) : req;
  };
  const routes = [
    ['/api/v1/readings', 'application/json'],
    [`/api/v1/meters/${'0'.repeat(8)}-0000-4000-8000-000000000000/readings`, 'application/json'],
    ['/api/v1/readings/import/csv', 'text/csv'],
    ['/api/v1/readings/import/green-button', 'application/xml'],
    ['/api/v1/certificates/import', 'text/csv'],
    ['/api/v1/emission-factor-sets/csv?name=x&version=1', 'text/csv'],
    ['/api/v1/sites', 'application/json'],
  ];

  const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Organization-Id': org.id });
  const gzipped = (type: string) => ({ 'Content-Type': type, 'Content-Encoding': 'gzip' });

  it.each(routes)(
    'answers 401 to an anonymous %s without reading or inflating its body',
    async (url, type) => {
      for (const body of [gzipSync('{"broken'), bomb(8), Buffer.from('not gzip')]) {
        expectRawError(await raw(t, url, gzipped(type), body), 401, 'UNAUTHENTICATED');
      }
      expectRawError(
        await raw(t, url, { 'Content-Type': type }, Buffer.from('not even close')),
        401,
        'UNAUTHENTICATED',
      );
    },
  );

  it('answers 403 to a caller whose role may not use the route, before looking at the body', async () => {
    for (const [url, type] of routes) {
      const res = await raw(t, url, { ...auth(org.as.executive.token), ...gzipped(type) }, bomb(8));
      expectRawError(res, 403, 'FORBIDDEN');
    }
    const multipart = await post('/api/v1/certificates/import', org.as.auditor.token).attach(
      'file',
      Buffer.from('garbage'),
      'x.csv',
    );
    expectError(multipart, 403, 'FORBIDDEN');
  });

  it('closes the connection after refusing a large body it did not read', async () => {
    const res = await raw(
      t,
      '/api/v1/readings',
      { 'Content-Type': 'application/json' },
      Buffer.alloc(4 * 1024 * 1024, 0x20),
    );
    expectRawError(res, 401, 'UNAUTHENTICATED');
    expect(res.headers.connection).toBe('close');
  });

  it('refuses a decompression bomb early: 50 KB that would inflate to 49 MiB', async () => {
    const body = bomb(49);
    expect(body.length).toBeLessThan(60 * 1024);
    for (const [url, type] of [routes[0], routes[2], routes[3], routes[4]]) {
      const res = await raw(t, url, { ...auth(org.as.officer.token), ...gzipped(type) }, body);
      expectRawError(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(res.body.message).toMatch(
        /inflates more than 100-fold|decompressed request body|decompressed file/,
      );
    }
  });

  it('caps the decompressed size as well as the size on the wire', async () => {
    // Varied JSON compresses less than 100-fold: the decompressed limit (2mb) stops it.
    const readings = quarterHours(
      '2026-01-05T00:00:00Z',
      Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 100_003),
    );
    const json = Buffer.from(JSON.stringify({ readings }));
    expect(json.length).toBeGreaterThan(2 * 1024 * 1024);
    const body = gzipSync(json);
    expect(json.length / body.length).toBeLessThan(100);
    const res = await raw(
      t,
      '/api/v1/readings',
      { ...auth(org.as.officer.token), ...gzipped('application/json') },
      body,
    );
    expectRawError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.message).toContain('decompressed');
  });

  it('takes gzip and deflate bodies that are honest, and refuses corrupt or unknown encodings', async () => {
    const body = JSON.stringify({ readings: quarterHours('2026-01-06T00:00:00Z', [10, 20, 30]) });
    const url = `/api/v1/meters/${meter.id}/readings`;
    const headers = (encoding: string) => ({
      ...auth(org.as.officer.token),
      'Content-Type': 'application/json',
      'Content-Encoding': encoding,
    });
    const gz = await raw(t, url, headers('gzip'), gzipSync(body));
    expect({ status: gz.status, accepted: gz.body.accepted }).toEqual({ status: 200, accepted: 3 });
    const deflated = await raw(t, url, headers('deflate'), deflateSync(body));
    expect({ status: deflated.status, duplicates: deflated.body.duplicates }).toEqual({
      status: 200,
      duplicates: 3,
    });
    expectRawError(await raw(t, url, headers('gzip'), Buffer.from('not gzip at all')), 400, 'MALFORMED_BODY');
    expectRawError(await raw(t, url, headers('br'), Buffer.from(body)), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const externalId = (await org.as.officer.get(`/api/v1/meters/${meter.id}`)).body.externalId;
    const csv = await raw(
      t,
      '/api/v1/readings/import/csv?timeZone=site',
      { ...auth(org.as.officer.token), ...gzipped('text/csv') },
      gzipSync(`meter,timestamp,value\n${externalId},2026-01-06T01:00:00Z,5\n`),
    );
    expect({ status: csv.status, accepted: csv.body.accepted }).toEqual({ status: 200, accepted: 1 });
  });

  it('answers a broken multipart upload with 400, never a 500', async () => {
    const headers = { ...auth(org.as.officer.token), 'Content-Type': 'multipart/form-data; boundary=xyz' };
    const part = (name: string, body: string) =>
      `--xyz\r\nContent-Disposition: form-data; name="${name}"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n`;
    const csv = 'meter,timestamp,value\r\nM1,2025-01-01T00:00:00Z,1';
    for (const body of [
      part('file', csv), // cut off: no closing boundary
      `${part('file', csv)}${part('file', csv)}--xyz--\r\n`, // two files
      `${part('attachment', csv)}--xyz--\r\n`, // a file under another name
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n', // headers only
    ]) {
      for (const url of [
        '/api/v1/readings/import/csv?dryRun=true',
        '/api/v1/certificates/import?dryRun=true',
      ]) {
        const res = await raw(t, url, headers, Buffer.from(body));
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        expect(['MALFORMED_BODY', 'FILE_REQUIRED']).toContain(res.body.code);
      }
    }
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const res = await post('/api/v1/sites', org.as.officer.token)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(70 * 1024), country: 'DE', timeZone: 'Europe/Berlin' }));
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.message).toContain('64kb');
  });
});

describe('request lines, headers and query parameters', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Shape');
  });
  afterAll(() => t.close());

  it('answers 431 in the error shape to headers over Node’s limit, and to a request line too long', async () => {
    for (const res of [
      await raw(t, '/health', { 'X-Padding': 'x'.repeat(20_000) }),
      await raw(t, `/api/v1/sites?${'a'.repeat(20_000)}=1`),
    ]) {
      expect(res.status).toBe(431);
      expect(res.body).toEqual({
        statusCode: 431,
        code: 'HEADERS_TOO_LARGE',
        message: expect.any(String),
        details: [],
        requestId: res.headers['x-request-id'],
      });
    }
    expect((await raw(t, '/health')).status).toBe(200);
  });

  it('refuses unknown query parameters on every route, with or without a query DTO', async () => {
    const site = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Q', country: 'DE', timeZone: 'Europe/Berlin' })
        .expect(201)
    ).body;
    for (const url of [
      '/api/v1/organization?debug=1',
      `/api/v1/sites/${site.id}?expand=all`,
      '/api/v1/sites?colour=red',
      '/api/v1/auth/me?x=1',
      '/api/v1/members?limit=5&role=admin',
      '/api/v1/audit-log/public-key?format=der',
    ]) {
      const res = await org.as.admin.get(url);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details[0].code).toBe('UNKNOWN_FIELD');
    }
    expectError(
      await org.as.officer.patch(`/api/v1/sites/${site.id}?force=true`, { address: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await org.as.officer.delete(`/api/v1/sites/${site.id}?cascade=true`),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await request(t.http).post('/api/v1/auth/login?remember=1').send(PLATFORM_ADMIN),
      400,
      'VALIDATION_FAILED',
    );
    await org.as.admin.get('/api/v1/members?limit=5&offset=0').expect(200);
  });

  it('refuses names every object inherits, in queries and bodies, and numbers that are not plain digits', async () => {
    for (const url of [
      '/api/v1/invitations?__proto__=1',
      '/api/v1/invitations?constructor=1',
      '/api/v1/sites?toString=1',
      '/api/v1/sites?limit=0x10',
      '/api/v1/sites?limit=1e1',
      '/api/v1/sites?limit=%2010',
    ]) {
      expectError(await org.as.admin.get(url), 400, 'VALIDATION_FAILED');
    }
    for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const res = await request(t.http)
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":"${PLATFORM_ADMIN.email}","password":"${PLATFORM_ADMIN.password}","${key}":"x"}`);
      expectError(res, 400, 'VALIDATION_FAILED', key);
    }
    const nested = await org.as.officer.post('/api/v1/sites', {
      name: 'Nested',
      country: 'DE',
      timeZone: 'Europe/Berlin',
      address: 'a "constructor": text value is fine',
    });
    expect(nested.status).toBe(201);
    await org.as.admin.get('/api/v1/sites?limit=10&offset=0').expect(200);
  });

  it('documents every query parameter in the OpenAPI document', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
    const names = (path: string, method = 'get') =>
      (doc.paths[path][method].parameters ?? [])
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name);
    for (const [path, operations] of Object.entries<
      Record<
        string,
        { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }
      >
    >(doc.paths)) {
      const ref = operations.get?.responses['200']?.content?.['application/json']?.schema?.$ref;
      const schema = ref && doc.components.schemas[ref.split('/').pop()!];
      if (schema?.properties?.items && schema.properties.total) {
        expect({ path, query: names(path) }).toEqual({
          path,
          query: expect.arrayContaining(['limit', 'offset']),
        });
      }
    }
    expect(names('/api/v1/readings/import/csv', 'post')).toEqual(
      expect.arrayContaining([
        'mode',
        'atomic',
        'dryRun',
        'timestampConvention',
        'timeZone',
        'ambiguous',
        'unit',
        'meter',
      ]),
    );
    expect(names('/api/v1/readings/import/green-button', 'post')).toEqual(
      expect.arrayContaining(['meterId', 'siteId', 'dryRun']),
    );
  });
});

describe('client addresses: X-Forwarded-For is believed only from named proxies', () => {
  const guess = (t: TestApp, forwardedFor: string) =>
    request(t.http)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', forwardedFor)
      .send({ email: PLATFORM_ADMIN.email, password: 'wrong-password-1' });

  it('does not let a rotated X-Forwarded-For escape the login limit by default', async () => {
    const t = await startTestApp({ LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_SECONDS: '600' });
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await guess(t, `203.0.113.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('uses the forwarded address behind a proxy the operator names (TRUST_PROXY)', async () => {
    // The e-mail limit still applies, so the address limit is seen on different e-mails.
    const t = await startTestApp({
      LOGIN_RATE_LIMIT: '3',
      LOGIN_RATE_WINDOW_SECONDS: '600',
      TRUST_PROXY: 'loopback',
    });
    try {
      const attempt = (ip: string, n: number) =>
        request(t.http)
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', ip)
          .send({ email: `nobody-${n}@test.local`, password: 'wrong-password-1' });
      const fromOne = [];
      for (let i = 0; i < 4; i++) fromOne.push((await attempt('198.51.100.1', i)).status);
      expect(fromOne).toEqual([401, 401, 401, 429]);
      expect((await attempt('198.51.100.2', 9)).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
