import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('health and API docs', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('reports the database as up', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up' } });
    expect(res.body.database.version).toBeUndefined(); // the server version is not told to anonymous callers
    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    const [{ server_version_num }] = (await db.query('SHOW server_version_num')).rows;
    await db.end();
    expect(Number(server_version_num)).toBeGreaterThanOrEqual(150000); // design.md: PostgreSQL 15 or newer
  });

  it('echoes a well-formed X-Request-Id and makes one up otherwise', async () => {
    const mine = await request(t.http).get('/health').set('X-Request-Id', 'abc-123');
    expect(mine.headers['x-request-id']).toBe('abc-123');
    const bad = await request(t.http).get('/health').set('X-Request-Id', 'a b<script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document with every DTO and the error shape', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    const schemas = Object.keys(res.body.components.schemas);
    expect(schemas).toEqual(
      expect.arrayContaining([
        'ErrorResponseDto',
        'CreateSiteDto',
        'CreateMeterDto',
        'CreateApiKeyDto',
        'LoginDto',
        'CreateOrganizationDto',
        'CreateInvitationDto',
        'AcceptInvitationDto',
      ]),
    );
    expect(res.body.components.schemas.CreateSiteDto.properties.country).toBeDefined();
    const createSite = res.body.paths['/api/v1/sites'].post;
    expect(createSite.responses['400'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorResponseDto',
    );
    await request(t.http).get('/api/docs').expect(200);
  });

  it('describes the body of every JSON answer', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries<
      Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>
    >(res.body.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const schema = response.content?.['application/json']?.schema as
            { $ref?: string; type?: string; items?: { $ref?: string } } | undefined;
          if (status === '204') continue;
          // A download that is not JSON (a report's PDF or workbook) is described by its own media type.
          if (response.content && !response.content['application/json']) continue;
          const described = schema?.$ref || (schema?.type === 'array' && schema.items?.$ref);
          if (!described) undocumented.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await request(t.http).get('/api/v1/nowhere').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', requestId: expect.any(String) });
  });
});
