import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expectError } from '../support/assertions';
import { rollupsMatchReadings } from '../support/readings';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

const SAMPLE = path.join(__dirname, '..', 'fixtures', 'greenbutton', 'espi-15min-two-weeks.xml');
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'readings');

describe('Green Button import (M-3, M-5)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let siteId: string;
  const xml = readFileSync(SAMPLE, 'utf8');

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'GreenButton');
    siteId = (
      await org.as.officer
        .post('/api/v1/sites', {
          name: 'Front',
          country: 'US',
          gridRegion: 'RFCE',
          timeZone: 'America/New_York',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const upload = (query: string, body = xml, type = 'application/xml') =>
    org.as.officer
      .raw('post', `/api/v1/readings/import/green-button?${query}`)
      .set('Content-Type', type)
      .send(body);

  it('imports the sample into a meter it creates: 1,340 readings totalling 1,391,666 Wh', async () => {
    const dry = await upload(`siteId=${siteId}&dryRun=true`).expect(200);
    expect(dry.body).toMatchObject({ accepted: 1340, dryRun: true });
    expect((await org.as.auditor.get(`/api/v1/meters?siteId=${siteId}`)).body.total).toBe(0);

    const res = await upload(`siteId=${siteId}`).expect(200);
    expect(res.body).toEqual({
      accepted: 1340,
      duplicates: 0,
      corrected: 0,
      rejected: [],
      rejectedTotal: 0,
      rejectedByCode: {},
      dryRun: false,
    });
    const meters = (await org.as.auditor.get(`/api/v1/meters?siteId=${siteId}`)).body.items;
    expect(meters).toEqual([
      expect.objectContaining({
        externalId: 'GB-5446AF3F-delivered',
        direction: 'import',
        intervalMinutes: 15,
        name: 'Front Electric Meter',
      }),
    ]);

    const month = await org.as.executive
      .get(`/api/v1/consumption?granularity=month&from=2012-03-01&to=2012-04-01&siteId=${siteId}`)
      .expect(200);
    expect(month.body.totals).toMatchObject({
      importWh: '1391666',
      consumptionWh: '1391666',
      readings: 1340,
    });
    expect((await rollupsMatchReadings(meters[0].id)).mismatches).toEqual([]);
  });

  it('shows the DST-start day (11 March 2012, US Eastern) with 92 intervals, and 96 the day before', async () => {
    const [meter] = (await org.as.auditor.get(`/api/v1/meters?siteId=${siteId}`)).body.items;
    const days = await org.as.auditor
      .get(`/api/v1/consumption?granularity=day&from=2012-03-10&to=2012-03-12&meterId=${meter.id}`)
      .expect(200);
    expect(
      days.body.series.map((d: { period: string; readings: number; expectedReadings: number }) => [
        d.period,
        d.readings,
        d.expectedReadings,
      ]),
    ).toEqual([
      ['2012-03-10', 96, 96],
      ['2012-03-11', 92, 92],
    ]);
    const hours = await org.as.auditor
      .get(`/api/v1/consumption?granularity=hour&from=2012-03-11&to=2012-03-12&meterId=${meter.id}`)
      .expect(200);
    expect(hours.body.series).toHaveLength(23);
    expect(hours.body.series[1].period).toBe('2012-03-11T01:00-05:00');
    expect(hours.body.series[2].period).toBe('2012-03-11T03:00-04:00');
  });

  it('reports a second import as duplicates, and accepts multipart uploads', async () => {
    const res = await org.as.officer
      .raw('post', `/api/v1/readings/import/green-button?siteId=${siteId}`)
      .attach('file', Buffer.from(xml), { filename: 'usage.xml', contentType: 'application/xml' })
      .expect(200);
    expect(res.body).toMatchObject({ accepted: 0, duplicates: 1340 });
  });

  it('imports into a named meter of the matching direction', async () => {
    const site = (
      await org.as.officer
        .post('/api/v1/sites', {
          name: `NY ${randomUUID().slice(0, 4)}`,
          country: 'US',
          timeZone: 'America/New_York',
        })
        .expect(201)
    ).body.id;
    const meter = (
      await org.as.officer
        .post('/api/v1/meters', {
          siteId: site,
          externalId: `NY-${randomUUID().slice(0, 6)}`,
          kind: 'interval',
          intervalMinutes: 15,
          direction: 'import',
          unit: 'kWh',
        })
        .expect(201)
    ).body;
    expect((await upload(`meterId=${meter.id}`).expect(200)).body.accepted).toBe(1340);
    const exportMeter = (
      await org.as.officer
        .post('/api/v1/meters', {
          siteId: site,
          externalId: `NYX-${randomUUID().slice(0, 6)}`,
          kind: 'interval',
          intervalMinutes: 15,
          direction: 'export',
          unit: 'Wh',
        })
        .expect(201)
    ).body;
    expectError(await upload(`meterId=${exportMeter.id}`), 422, 'NO_MATCHING_SERIES');
  });

  it.each([
    ['green-button-billion-laughs.xml', 'XML_DOCTYPE_FORBIDDEN'],
    ['green-button-xxe.xml', 'XML_DOCTYPE_FORBIDDEN'],
    ['green-button-truncated.xml', 'XML_MALFORMED'],
    ['green-button-not-atom.xml', 'NOT_GREEN_BUTTON'],
  ])('refuses %s with 422 %s and writes nothing', async (file, code) => {
    const body = readFileSync(path.join(FIXTURES, 'not-ok', file), 'utf8');
    expectError(await upload(`siteId=${siteId}`, body), 422, code);
  });

  it('refuses other content types, empty files, both or neither target, and other organizations', async () => {
    expectError(
      await upload(`siteId=${siteId}`, '{"a":1}', 'application/json'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await upload(`siteId=${siteId}`, '', 'application/xml'), 400, 'FILE_REQUIRED');
    expectError(await upload(''), 400, 'VALIDATION_FAILED');
    expectError(await upload(`siteId=${siteId}&meterId=${randomUUID()}`), 400, 'VALIDATION_FAILED');
    const other = await createOrganization(t.http, 'GBOther');
    const res = await other.as.officer
      .raw('post', `/api/v1/readings/import/green-button?siteId=${siteId}`)
      .set('Content-Type', 'application/xml')
      .send(xml);
    expectError(res, 404, 'NOT_FOUND');
    await org.as.auditor
      .raw('post', `/api/v1/readings/import/green-button?siteId=${siteId}`)
      .set('Content-Type', 'application/xml')
      .send(xml)
      .expect(403);
  });
});

describe('CSV import (M-1, C-2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  const fixture = (kind: 'ok' | 'not-ok', name: string) =>
    readFileSync(path.join(FIXTURES, kind, name), 'utf8');

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Csv');
    const berlin = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Berlin', country: 'DE', timeZone: 'Europe/Berlin' })
        .expect(201)
    ).body.id;
    const seoul = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul' })
        .expect(201)
    ).body.id;
    await org.as.officer
      .post('/api/v1/meters', {
        siteId: seoul,
        externalId: 'MTR-UTIL-001',
        kind: 'interval',
        intervalMinutes: 15,
        direction: 'import',
        unit: 'kWh',
      })
      .expect(201);
    for (const externalId of ['DE-BER-0001', 'GW-17/CH1']) {
      await org.as.officer
        .post('/api/v1/meters', {
          siteId: berlin,
          externalId,
          kind: 'interval',
          intervalMinutes: 15,
          direction: 'import',
          unit: externalId.startsWith('GW') ? 'Wh' : 'kWh',
        })
        .expect(201);
    }
  });
  afterAll(() => t.close());

  const upload = (query: string, body: string) =>
    org.as.officer
      .raw('post', `/api/v1/readings/import/csv?${query}`)
      .set('Content-Type', 'text/csv')
      .send(body);
  const meterId = async (externalId: string) =>
    (await org.as.auditor.get('/api/v1/meters?limit=500')).body.items.find(
      (m: { externalId: string }) => m.externalId === externalId,
    ).id;

  it('imports an end-labelled Berlin file across the fall-back night: 100 quarter-hours on 25 October 2026', async () => {
    const csv = fixture('ok', 'csv-end-labelled-berlin-fallback.csv');
    const res = await upload('timestampConvention=end&timeZone=site', csv).expect(200);
    expect(res.body.rejected).toEqual([]);
    const id = await meterId('DE-BER-0001');
    const day = await org.as.auditor
      .get(`/api/v1/consumption?granularity=day&from=2026-10-25&to=2026-10-26&meterId=${id}`)
      .expect(200);
    expect(day.body.series[0]).toMatchObject({ period: '2026-10-25', readings: 100, expectedReadings: 100 });
    const hours = await org.as.auditor
      .get(`/api/v1/consumption?granularity=hour&from=2026-10-25&to=2026-10-26&meterId=${id}`)
      .expect(200);
    expect(
      hours.body.series.map((h: { period: string }) => h.period).filter((p: string) => p.includes('T02:')),
    ).toEqual(['2026-10-25T02:00+02:00', '2026-10-25T02:00+01:00']);
    expect((await rollupsMatchReadings(id)).mismatches).toEqual([]);
    // The same file again: duplicates only.
    expect((await upload('timestampConvention=end&timeZone=site', csv).expect(200)).body).toMatchObject({
      accepted: 0,
      duplicates: res.body.accepted,
    });
  });

  it('refuses naive timestamps without a zone, row by row with line numbers', async () => {
    const res = await upload(
      '',
      'meter,start,value\nGW-17/CH1,2026-07-01 00:00,5\nGW-17/CH1,2026-07-01T00:15:00+02:00,5\n',
    ).expect(200);
    expect(res.body).toMatchObject({ accepted: 1, rejected: [{ index: 2, code: 'NAIVE_TIMESTAMP' }] });
  });

  it.each([
    ['csv-unknown-meter.csv', 'UNKNOWN_METER'],
    ['csv-finer-than-wh.csv', 'FINER_THAN_WH'],
    ['csv-bad-units.csv', 'INVALID_UNIT'],
    ['csv-decimal-comma.csv', 'INVALID_NUMBER'],
  ])('reports the rows of %s with %s and their line numbers', async (file, code) => {
    const res = await upload('timeZone=site', fixture('not-ok', file)).expect(200);
    expect(res.body.rejected.map((r: { code: string }) => r.code)).toContain(code);
    expect(res.body.rejected.every((r: { index: number }) => r.index > 0)).toBe(true);
  });

  it.each(['csv-unbalanced-quotes.csv', 'csv-not-csv.csv', 'csv-header-only.csv'])(
    'refuses the whole of %s with 422 MALFORMED_CSV',
    async (file) => {
      expectError(await upload('timeZone=site', fixture('not-ok', file)), 422, 'MALFORMED_CSV');
    },
  );

  it('checks its options and refuses readings of a finalized-year or another organization', async () => {
    expectError(await upload('timeZone=Mars/Olympus', 'a,b'), 400, 'VALIDATION_FAILED', 'timeZone');
    expectError(
      await upload('timestampConvention=middle', 'a,b'),
      400,
      'VALIDATION_FAILED',
      'timestampConvention',
    );
    expectError(await upload('meter=NOPE', '2026-01-01T00:00:00Z,5'), 404, 'NOT_FOUND');
    const other = await createOrganization(t.http, 'CsvOther');
    const res = await other.as.officer
      .raw('post', '/api/v1/readings/import/csv')
      .set('Content-Type', 'text/csv')
      .send('meter,start,value\nDE-BER-0001,2026-07-01T00:00:00Z,5\n')
      .expect(200);
    expect(res.body.rejected.map((r: { code: string }) => r.code)).toEqual(['UNKNOWN_METER']);
  });
});
