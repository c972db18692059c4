import { finalizeYear } from '../support/reports';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectError } from '../support/assertions';
import { meterIn, quarterHours, withDb } from '../support/readings';
import { Caller, createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

/**
 * Bad input for every way readings come in: the two JSON push forms, CSV and Green Button files. Each bad
 * reading is named by its index (CSV: its line) and code; each refused request writes nothing (design.md:
 * "a rejected request writes nothing"): readings, rollups, revisions, register reads, meters and the audit
 * log stay as they were.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'readings');
const BIG = '1' + '0'.repeat(30); // 10^30 Wh: beyond bigint

type Case = [label: string, reading: Record<string, unknown>, code: string];

/** Interval readings with one defect each, for a 15-minute Wh meter; valid ones start at 2026-01-14. */
const INTERVAL_CASES: Case[] = [
  ['unit GWh', { start: '2026-01-14T00:00:00Z', value: 1, unit: 'GWh' }, 'INVALID_UNIT'],
  ['unit W (power)', { start: '2026-01-14T00:00:00Z', value: 1, unit: 'W' }, 'INVALID_UNIT'],
  ['unit "k Wh"', { start: '2026-01-14T00:00:00Z', value: 1, unit: 'k Wh' }, 'INVALID_UNIT'],
  ['unit as a number', { start: '2026-01-14T00:00:00Z', value: 1, unit: 1000 }, 'INVALID_UNIT'],
  ['unit empty', { start: '2026-01-14T00:00:00Z', value: 1, unit: '' }, 'INVALID_UNIT'],
  ['value "NaN"', { start: '2026-01-14T00:00:00Z', value: 'NaN' }, 'INVALID_NUMBER'],
  ['value "Infinity"', { start: '2026-01-14T00:00:00Z', value: 'Infinity' }, 'INVALID_NUMBER'],
  ['value "-Infinity"', { start: '2026-01-14T00:00:00Z', value: '-Infinity' }, 'INVALID_NUMBER'],
  ['value negative', { start: '2026-01-14T00:00:00Z', value: -1 }, 'NEGATIVE_VALUE'],
  ['value negative kWh', { start: '2026-01-14T00:00:00Z', value: '-0.001', unit: 'kWh' }, 'NEGATIVE_VALUE'],
  ['value 1e30 (number)', { start: '2026-01-14T00:00:00Z', value: 1e30 }, 'INVALID_NUMBER'],
  ['value "1e30"', { start: '2026-01-14T00:00:00Z', value: '1e30' }, 'INVALID_NUMBER'],
  ['value 10^30 as digits', { start: '2026-01-14T00:00:00Z', value: BIG }, 'OUT_OF_RANGE'],
  ['value 2^63 Wh', { start: '2026-01-14T00:00:00Z', value: '9223372036854775808' }, 'OUT_OF_RANGE'],
  // Values a bigint holds but no meter reads: a day's rollup of them would overflow (see below).
  ['value 10^15 + 1 Wh', { start: '2026-01-14T00:00:00Z', value: '1000000000000001' }, 'OUT_OF_RANGE'],
  ['value 2^63 − 1 Wh', { start: '2026-01-14T00:00:00Z', value: '9223372036854775807' }, 'OUT_OF_RANGE'],
  [
    'value 10^16 MWh',
    { start: '2026-01-14T00:00:00Z', value: '10000000000000000', unit: 'MWh' },
    'OUT_OF_RANGE',
  ],
  ['value 0.5 Wh', { start: '2026-01-14T00:00:00Z', value: 0.5 }, 'FINER_THAN_WH'],
  ['value 0.0005 kWh', { start: '2026-01-14T00:00:00Z', value: '0.0005', unit: 'kWh' }, 'FINER_THAN_WH'],
  [
    'value 0.0000001 MWh',
    { start: '2026-01-14T00:00:00Z', value: '0.0000001', unit: 'MWh' },
    'FINER_THAN_WH',
  ],
  ['value true', { start: '2026-01-14T00:00:00Z', value: true }, 'INVALID_NUMBER'],
  ['value null', { start: '2026-01-14T00:00:00Z', value: null }, 'INVALID_NUMBER'],
  ['value missing', { start: '2026-01-14T00:00:00Z' }, 'INVALID_NUMBER'],
  ['value empty', { start: '2026-01-14T00:00:00Z', value: '' }, 'INVALID_NUMBER'],
  ['value decimal comma', { start: '2026-01-14T00:00:00Z', value: '1,5' }, 'INVALID_NUMBER'],
  ['start without offset', { start: '2026-01-14T00:15:00', value: 1 }, 'INVALID_TIMESTAMP'],
  ['start date only', { start: '2026-01-14', value: 1 }, 'INVALID_TIMESTAMP'],
  ['start 30 February', { start: '2026-02-30T00:00:00Z', value: 1 }, 'INVALID_TIMESTAMP'],
  ['start 24:00', { start: '2026-01-14T24:00:00Z', value: 1 }, 'INVALID_TIMESTAMP'],
  ['start offset +15:00', { start: '2026-01-14T00:00:00+15:00', value: 1 }, 'INVALID_TIMESTAMP'],
  ['start epoch number', { start: 1768348800000, value: 1 }, 'INVALID_TIMESTAMP'],
  ['start missing', { value: 1 }, 'INVALID_TIMESTAMP'],
  ['start in 1999', { start: '1999-12-31T23:45:00Z', value: 1 }, 'OUT_OF_RANGE'],
  ['start in 2100', { start: '2100-01-01T00:00:00Z', value: 1 }, 'OUT_OF_RANGE'],
  ['durationMinutes 7', { start: '2026-01-14T00:00:00Z', durationMinutes: 7, value: 1 }, 'INVALID_DURATION'],
  ['durationMinutes 0', { start: '2026-01-14T00:00:00Z', durationMinutes: 0, value: 1 }, 'INVALID_DURATION'],
  [
    'durationMinutes "15"',
    { start: '2026-01-14T00:00:00Z', durationMinutes: '15', value: 1 },
    'INVALID_DURATION',
  ],
  ['quality 13', { start: '2026-01-14T00:00:00Z', value: 1, quality: 13 }, 'INVALID_QUALITY'],
  ['an `at` on an interval meter', { at: '2026-01-14T00:00:00Z', value: 1 }, 'UNKNOWN_FIELD'],
  ['in the finalized year 2024', { start: '2024-06-01T00:00:00Z', value: 1 }, 'PERIOD_LOCKED'],
];

/** Register reads with one defect each. */
const REGISTER_CASES: Case[] = [
  ['at date only', { at: '2026-01-14', value: 1 }, 'INVALID_TIMESTAMP'],
  ['at without offset', { at: '2026-01-14T00:00:00', value: 1 }, 'INVALID_TIMESTAMP'],
  ['a `start` on a register meter', { start: '2026-01-14T00:00:00Z', value: 1 }, 'UNKNOWN_FIELD'],
  ['value "NaN"', { at: '2026-01-14T00:00:00Z', value: 'NaN' }, 'INVALID_NUMBER'],
  ['value negative', { at: '2026-01-14T00:00:00Z', value: -5 }, 'NEGATIVE_VALUE'],
  ['value 10^30', { at: '2026-01-14T00:00:00Z', value: BIG }, 'OUT_OF_RANGE'],
  ['value 2^63 − 1 Wh', { at: '2026-01-14T00:00:00Z', value: '9223372036854775807' }, 'OUT_OF_RANGE'],
  ['unit W', { at: '2026-01-14T00:00:00Z', value: 1, unit: 'W' }, 'INVALID_UNIT'],
  ['at in 2100', { at: '2100-01-01T00:00:00Z', value: 1 }, 'OUT_OF_RANGE'],
  ['at in the finalized year 2024', { at: '2024-06-01T00:00:00Z', value: 1 }, 'PERIOD_LOCKED'],
];

const codesOf = (res: request.Response) =>
  res.body.rejected.map((p: { index: number; code: string }) => [p.index, p.code]);

/**
 * A push of which no reading could be stored: 422 READINGS_REJECTED, each reading's problem in `details`
 * (path `readings.<index>`), as [index, code].
 */
function refusedCodes(res: request.Response): [number, string][] {
  expectError(res, 422, 'READINGS_REJECTED');
  return res.body.details.map((d: { path: string; code: string }) => [Number(d.path.split('.')[1]), d.code]);
}

/** Everything ingestion can write for an organization. */
async function footprint(organizationId: string) {
  return withDb(async (db) => {
    const one = async (sql: string) => (await db.query(sql, [organizationId])).rows[0];
    return {
      readings: await one(
        'SELECT count(*)::int AS n, coalesce(sum(value_wh), 0)::text AS wh, coalesce(sum(revision), 0)::int AS revisions FROM readings WHERE organization_id = $1',
      ),
      rollups: await one(
        `SELECT count(*)::int AS n, coalesce(sum(wh), 0)::text AS wh, coalesce(sum(readings), 0)::int AS readings,
                coalesce(sum(estimated_wh), 0)::text AS estimated FROM meter_daily_rollups WHERE organization_id = $1`,
      ),
      revisions: await one('SELECT count(*)::int AS n FROM reading_revisions WHERE organization_id = $1'),
      registerReads: await one('SELECT count(*)::int AS n FROM register_readings WHERE organization_id = $1'),
      meters: await one('SELECT count(*)::int AS n FROM meters WHERE organization_id = $1'),
      audit: await one('SELECT count(*)::int AS n FROM audit_log WHERE organization_id = $1'),
    };
  });
}

/** The lines of a feed where its IntervalReading elements start, in document order. */
const intervalReadingLines = (xml: string): number[] =>
  xml.split('\n').flatMap((text, i) => (text.includes('<IntervalReading>') ? [i + 1] : []));

/** A Green Button feed of one usage point with one series (M-3); each reading's fields as given. */
function greenButton(
  readings: { start: number | string; duration: number | string; value: number | string; quality?: number }[],
  type: {
    uom?: number;
    powerOfTen?: number;
    flow?: number;
    accumulation?: number;
    intervalLength?: number;
  } = {},
  usagePoint = 'UP-BAD',
): string {
  const { uom = 72, powerOfTen = 0, flow = 1, accumulation = 4, intervalLength = 900 } = type;
  const base = `/espi/1_1/resource/RetailCustomer/R1/UsagePoint/${usagePoint}`;
  const entry = (self: string, up: string, related: string[], content: string) => `
  <entry>
    <link rel="self" href="${self}"/>
    <link rel="up" href="${up}"/>
    ${related.map((href) => `<link rel="related" href="${href}"/>`).join('\n    ')}
    <title>Bad input</title>
    <content>${content}</content>
  </entry>`;
  const intervalReadings = readings
    .map(
      (r) => `
        <IntervalReading>
          ${r.quality === undefined ? '' : `<ReadingQuality><quality>${r.quality}</quality></ReadingQuality>`}
          <timePeriod><duration>${r.duration}</duration><start>${r.start}</start></timePeriod>
          <value>${r.value}</value>
        </IntervalReading>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:uuid:${randomUUID()}</id>
  <title>Green Button</title>
  <updated>2026-02-01T00:00:00Z</updated>
  ${entry(base, `${base}/..`, [`${base}/MeterReading`], '<UsagePoint xmlns="http://naesb.org/espi"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint>')}
  ${entry(`${base}/MeterReading/01`, `${base}/MeterReading`, [`${base}/MeterReading/01/IntervalBlock`, '/espi/1_1/resource/ReadingType/BAD'], '<MeterReading xmlns="http://naesb.org/espi"/>')}
  ${entry(
    '/espi/1_1/resource/ReadingType/BAD',
    '/espi/1_1/resource/ReadingType',
    [],
    `<ReadingType xmlns="http://naesb.org/espi">
      <accumulationBehaviour>${accumulation}</accumulationBehaviour><commodity>1</commodity>
      <flowDirection>${flow}</flowDirection><intervalLength>${intervalLength}</intervalLength><kind>12</kind>
      <powerOfTenMultiplier>${powerOfTen}</powerOfTenMultiplier><uom>${uom}</uom></ReadingType>`,
  )}
  ${entry(`${base}/MeterReading/01/IntervalBlock/1`, `${base}/MeterReading/01/IntervalBlock`, [], `<IntervalBlock xmlns="http://naesb.org/espi">${intervalReadings}</IntervalBlock>`)}
</feed>`;
}

const epoch = (iso: string) => Date.parse(iso) / 1000;

describe('bad readings are named and nothing is written', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let meter: { id: string; externalId: string; siteId: string };
  let register: string;
  let theirs: { id: string; externalId: string; siteId: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'BadInput');
    other = await createOrganization(t.http, 'BadInputOther');
    meter = await meterIn(org, 'Europe/Berlin');
    register = (await meterIn(org, 'Europe/Berlin', { kind: 'register', intervalMinutes: undefined })).id;
    theirs = await meterIn(other, 'Europe/Berlin');
    // Some data, so that a change to rollups would show.
    await org.as.officer
      .post(`/api/v1/meters/${meter.id}/readings`, {
        readings: quarterHours('2026-01-10T00:00:00Z', [10, 20, 30], { quality: 'ESTIMATED' }),
      })
      .expect(200);
    await org.as.officer
      .post(`/api/v1/meters/${register}/readings`, {
        readings: [
          { at: '2026-01-10T00:00:00Z', value: 100 },
          { at: '2026-01-11T00:00:00Z', value: 150 },
        ],
      })
      .expect(200);
    // The organization's 2024 is finalized (invariant 7).
    await finalizeYear(org.as.admin, 2024);
  });
  afterAll(() => t.close());

  /** Runs `work` and checks that the organization's data and audit log are as before. */
  async function writesNothing<T>(work: () => Promise<T>): Promise<T> {
    const before = await footprint(org.id);
    const result = await work();
    expect(await footprint(org.id)).toEqual(before);
    return result;
  }

  const pathPush = (readings: unknown[], query = '', caller: Caller = org.as.officer) =>
    caller.post(`/api/v1/meters/${meter.id}/readings${query}`, { readings });
  const gatewayPush = (readings: unknown[], query = '', caller: Caller = org.as.officer) =>
    caller.post(`/api/v1/readings${query}`, { readings });
  const csv = (body: string, query = '', caller: Caller = org.as.officer) =>
    caller.raw('post', `/api/v1/readings/import/csv${query}`).set('Content-Type', 'text/csv').send(body);
  const csvMultipart = (body: string, query = '') =>
    org.as.officer
      .raw('post', `/api/v1/readings/import/csv${query}`)
      .attach('file', Buffer.from(body), { filename: 'readings.csv', contentType: 'text/csv' });
  const xml = (body: string, query: string, caller: Caller = org.as.officer) =>
    caller
      .raw('post', `/api/v1/readings/import/green-button?${query}`)
      .set('Content-Type', 'application/xml')
      .send(body);

  describe('JSON push, per reading', () => {
    const expected = INTERVAL_CASES.map(([, , code], i) => [i, code]);

    it('names each bad interval reading by index and code in the meter form', async () => {
      const res = await writesNothing(() => pathPush(INTERVAL_CASES.map(([, r]) => r)));
      expect(refusedCodes(res)).toEqual(expected);
      expect(res.body.message).toBe(
        `All ${INTERVAL_CASES.length} readings were refused; nothing was written`,
      );
    });

    it('names each bad interval reading by index and code in the gateway form, by id or external id', async () => {
      const readings = INTERVAL_CASES.map(([, r], i) => ({
        ...(i % 2 ? { meterId: meter.id } : { meterExternalId: meter.externalId }),
        ...r,
      }));
      const res = await writesNothing(() => gatewayPush(readings));
      expect(refusedCodes(res)).toEqual(expected);
    });

    it('with atomic=true refuses the batch with 422 and every problem, writing not even the valid reading', async () => {
      const readings = [...INTERVAL_CASES.map(([, r]) => r), { start: '2026-01-20T00:00:00Z', value: 5 }];
      const res = await writesNothing(() => pathPush(readings, '?atomic=true'));
      expectError(res, 422, 'BATCH_REJECTED');
      expect(res.body.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual(
        expected.map(([i, code]) => [`readings.${i}`, code]),
      );
    });

    it('names each bad register read', async () => {
      const res = await writesNothing(() =>
        org.as.officer.post(`/api/v1/meters/${register}/readings`, {
          readings: REGISTER_CASES.map(([, r]) => r),
        }),
      );
      expect(refusedCodes(res)).toEqual(REGISTER_CASES.map(([, , code], i) => [i, code]));
    });

    it('refuses readings above 10^15 Wh one by one, so a day of them does not fail the batch', async () => {
      const meter2 = await meterIn(org, 'Europe/Berlin');
      const res = await org.as.officer
        .post(`/api/v1/meters/${meter2.id}/readings`, {
          readings: [
            { start: '2026-01-14T00:00:00Z', value: '5000000000000000000' },
            { start: '2026-01-14T00:15:00Z', value: '5000000000000000000' },
            { start: '2026-01-14T00:30:00Z', value: '1000000000000000' }, // 10^15 Wh: the most allowed
            { start: '2026-01-14T00:45:00Z', value: 7 },
          ],
        })
        .expect(200);
      expect(res.body.accepted).toBe(2);
      expect(codesOf(res)).toEqual([
        [0, 'OUT_OF_RANGE'],
        [1, 'OUT_OF_RANGE'],
      ]);
      const day = await org.as.auditor
        .get(`/api/v1/consumption?granularity=day&from=2026-01-14&to=2026-01-15&meterId=${meter2.id}`)
        .expect(200);
      expect(day.body.totals).toMatchObject({ importWh: '1000000000000007', readings: 2 });
    });

    it('refuses unknown meters, other organizations’ meters and meters outside an API key’s list', async () => {
      const reading = { start: '2026-01-14T00:00:00Z', value: 1 };
      const res = await writesNothing(() =>
        gatewayPush([
          { meterId: 'not-a-uuid', ...reading },
          { meterId: randomUUID(), ...reading },
          { meterExternalId: 'NO-SUCH-METER', ...reading },
          { meterId: theirs.id, ...reading },
          { meterExternalId: theirs.externalId, ...reading },
          { meterId: 42, ...reading },
          { meterId: meter.id, meterExternalId: 'NO-SUCH-METER', ...reading, unit: 'GWh' },
          reading,
        ]),
      );
      expect(refusedCodes(res)).toEqual([
        [0, 'UNKNOWN_METER'],
        [1, 'UNKNOWN_METER'],
        [2, 'UNKNOWN_METER'],
        [3, 'UNKNOWN_METER'],
        [4, 'UNKNOWN_METER'],
        [5, 'UNKNOWN_METER'],
        [6, 'INVALID_UNIT'],
        [7, 'METER_REQUIRED'],
      ]);
      const mismatch = await writesNothing(() =>
        pathPush([
          { meterId: theirs.id, ...reading },
          { meterExternalId: theirs.externalId, ...reading },
        ]),
      );
      expect(refusedCodes(mismatch)).toEqual([
        [0, 'METER_MISMATCH'],
        [1, 'METER_MISMATCH'],
      ]);
      // The path form answers 404 for a meter that is missing or another organization's (invariant 5).
      for (const id of [theirs.id, randomUUID()]) {
        expectError(
          await writesNothing(() =>
            org.as.officer.post(`/api/v1/meters/${id}/readings`, { readings: [reading] }),
          ),
          404,
          'NOT_FOUND',
        );
      }
      expectError(
        await writesNothing(() =>
          org.as.officer.post('/api/v1/meters/not-a-uuid/readings', { readings: [reading] }),
        ),
        400,
        'VALIDATION_FAILED',
        'params.meterId',
      );
      // A key limited to the register meter: the interval meter is not its to write.
      const key = (
        await org.as.admin.post('/api/v1/api-keys', { name: 'limited', meterIds: [register] }).expect(201)
      ).body.key;
      const keyed = await writesNothing(() =>
        request(t.http)
          .post('/api/v1/readings')
          .set('X-API-Key', key)
          .send({ readings: [{ meterId: meter.id, ...reading }] }),
      );
      expect(refusedCodes(keyed)).toEqual([[0, 'METER_NOT_ALLOWED']]);
    });

    it('answers 409 PERIOD_LOCKED when every reading falls in the finalized year', async () => {
      const locked = [
        { start: '2024-03-01T00:00:00Z', value: 1 },
        { start: '2024-12-31T14:45:00Z', value: 1 }, // 23:45 on 31 December in Seoul
      ];
      expectError(await writesNothing(() => pathPush(locked)), 409, 'PERIOD_LOCKED');
      expectError(
        await writesNothing(() => gatewayPush(locked.map((r) => ({ meterId: meter.id, ...r })))),
        409,
        'PERIOD_LOCKED',
      );
      expectError(
        await writesNothing(() =>
          org.as.officer.post(`/api/v1/meters/${register}/readings`, {
            readings: [{ at: '2024-05-01T00:00:00Z', value: 200 }],
          }),
        ),
        409,
        'PERIOD_LOCKED',
      );
    });
  });

  describe('CSV import, per row', () => {
    const rows: [string, string][] = [
      ['M,2026-01-14T00:00:00Z,1,GWh,,', 'INVALID_UNIT'],
      ['M,2026-01-14T00:00:00Z,1,W,,', 'INVALID_UNIT'],
      ['M,2026-01-14T00:00:00Z,NaN,,,', 'INVALID_NUMBER'],
      ['M,2026-01-14T00:00:00Z,Infinity,,,', 'INVALID_NUMBER'],
      ['M,2026-01-14T00:00:00Z,-1,,,', 'NEGATIVE_VALUE'],
      ['M,2026-01-14T00:00:00Z,1e30,,,', 'INVALID_NUMBER'],
      [`M,2026-01-14T00:00:00Z,${BIG},,,`, 'OUT_OF_RANGE'],
      ['M,2026-01-14T00:00:00Z,9223372036854775807,,,', 'OUT_OF_RANGE'],
      ['M,2026-01-14T00:00:00Z,0.5,Wh,,', 'FINER_THAN_WH'],
      ['M,2026-01-14T00:00:00Z,0.0005,kWh,,', 'FINER_THAN_WH'],
      ['M,2026-01-14T00:15:00,1,,,', 'NAIVE_TIMESTAMP'],
      ['M,2026-01-14,1,,,', 'NAIVE_TIMESTAMP'],
      ['M,2026-02-30T00:00:00Z,1,,,', 'INVALID_TIMESTAMP'],
      ['M,2026-01-14T25:00:00Z,1,,,', 'INVALID_TIMESTAMP'],
      ['M,14.01.2026 00:00,1,,,', 'INVALID_TIMESTAMP'],
      ['M,1999-12-31T23:45:00Z,1,,,', 'OUT_OF_RANGE'],
      ['M,2100-01-01T00:00:00Z,1,,,', 'OUT_OF_RANGE'],
      ['M,2026-01-14T00:00:00Z,1,,,7', 'INVALID_DURATION'],
      ['M,2026-01-14T00:00:00Z,1,,GOOD,', 'INVALID_QUALITY'],
      ['NO-SUCH-METER,2026-01-14T00:00:00Z,1,,,', 'UNKNOWN_METER'],
      ['THEIRS,2026-01-14T00:00:00Z,1,,,', 'UNKNOWN_METER'],
      ['M,2024-06-01T00:00:00Z,1,,,', 'PERIOD_LOCKED'],
      ['M,2026-01-14T00:00:00Z,1,,,,extra', 'TOO_MANY_COLUMNS'],
      // Unlike JSON, a CSV date alone or 24:00 is a documented local-day boundary (csv.parser.ts), not an error.
    ];
    const file = () =>
      [
        'meter,start,value,unit,quality,duration_minutes',
        ...rows.map(([row]) =>
          row.replace(/^M,/, `${meter.externalId},`).replace(/^THEIRS,/, `${theirs.externalId},`),
        ),
      ].join('\n');
    // Line 1 is the header: row i is on line i + 2.
    const expected = rows.map(([, code], i) => [i + 2, code]);

    it('names each bad row by line and code, sent as text/csv or multipart', async () => {
      const raw = await writesNothing(() => csv(file()).expect(200));
      expect(raw.body.accepted).toBe(0);
      expect(codesOf(raw)).toEqual(expected);
      const multipart = await writesNothing(() => csvMultipart(file()).expect(200));
      expect(codesOf(multipart)).toEqual(expected);
    });

    it('with atomic=true refuses the file with 422, writing not even the valid row', async () => {
      const res = await writesNothing(() =>
        csv(`${file()}\n${meter.externalId},2026-01-20T00:00:00Z,5,,,`, '?atomic=true'),
      );
      expectError(res, 422, 'BATCH_REJECTED');
      const details: { path: string; code: string }[] = res.body.details;
      expect(details.map((d) => [Number(d.path.split('.')[1]), d.code])).toEqual(expected);
      // Each at `rows.<line>.<column>`, or `rows.<line>` when the row as a whole is refused.
      const at = (code: string, column?: string) => {
        const line = expected.find(([, c]) => c === code)![0];
        return column ? `rows.${line}.${column}` : `rows.${line}`;
      };
      expect(details.map((d) => d.path)).toEqual(
        expect.arrayContaining([
          at('INVALID_UNIT', 'unit'),
          at('NEGATIVE_VALUE', 'value'),
          at('NAIVE_TIMESTAMP', 'start'),
          at('INVALID_DURATION', 'duration_minutes'),
          at('INVALID_QUALITY', 'quality'),
          at('UNKNOWN_METER', 'meter'),
          at('PERIOD_LOCKED'),
          at('TOO_MANY_COLUMNS'),
        ]),
      );
    });

    it('answers 409 when every row falls in the finalized year, and 404 for a named meter of another organization', async () => {
      expectError(
        await writesNothing(() => csv(`meter,start,value\n${meter.externalId},2024-02-01T00:00:00Z,1\n`)),
        409,
        'PERIOD_LOCKED',
      );
      expectError(
        await writesNothing(() =>
          csv('2026-01-14T00:00:00Z,1\n', `?meter=${encodeURIComponent(theirs.externalId)}`),
        ),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('Green Button import', () => {
    const ok = { duration: 900, value: 1 };
    const start = epoch('2026-01-14T00:00:00Z');
    // Readings the parser refuses, with the element at fault; their messages say their place in the feed.
    const parserCases: [Record<string, unknown>, string, string][] = [
      [{ start, duration: 900, value: 'NaN' }, 'INVALID_NUMBER', 'value'],
      [{ start, duration: 900, value: '1e30' }, 'INVALID_NUMBER', 'value'],
      [{ start, duration: 900, value: '-5' }, 'NEGATIVE_VALUE', 'value'],
      [{ start, duration: 900, value: '9'.repeat(25) }, 'OUT_OF_RANGE', 'value'],
      [{ start: '2026-01-14T00:00:00Z', duration: 900, value: 1 }, 'INVALID_NUMBER', 'timePeriod.start'],
      [{ start: -900, duration: 900, value: 1 }, 'INVALID_NUMBER', 'timePeriod.start'],
      [{ start, duration: 0, value: 1 }, 'INVALID_DURATION', 'timePeriod.duration'],
      [{ start, duration: 900, value: 1, quality: 99 }, 'INVALID_QUALITY', 'ReadingQuality'],
    ];
    // Readings the parser takes and ingestion refuses (the reading as a whole, but for its length).
    const ingestCases: [Record<string, unknown>, string, string?][] = [
      [{ start: epoch('1999-12-31T23:45:00Z'), ...ok }, 'OUT_OF_RANGE'],
      [{ start: epoch('2100-01-01T00:00:00Z'), ...ok }, 'OUT_OF_RANGE'],
      [{ start: epoch('2024-06-01T00:00:00Z'), ...ok }, 'PERIOD_LOCKED'],
      [
        { start: epoch('2026-01-15T00:00:00Z'), duration: 420, value: 1 },
        'INVALID_DURATION',
        'timePeriod.duration',
      ],
      [{ start: epoch('2026-01-16T00:00:00Z'), duration: 900, value: '9'.repeat(16) }, 'OUT_OF_RANGE'],
      [{ start: epoch('2099-06-01T00:00:00Z'), ...ok }, 'FUTURE_INTERVAL'],
    ];

    it('names each bad reading by its line and element, as file rows are, and writes nothing', async () => {
      const cases = [...parserCases, ...ingestCases];
      const body = greenButton(cases.map(([r]) => r as { start: number; duration: number; value: number }));
      const res = await writesNothing(() => xml(body, `meterId=${meter.id}`).expect(200));
      expect(res.body.accepted).toBe(0);
      // Every reading is refused, listed in file order.
      const lines = intervalReadingLines(body);
      expect(
        res.body.rejected.map((p: { index: number; path: string; code: string }) => [
          p.index,
          p.path,
          p.code,
        ]),
      ).toEqual(
        cases.map(([, code, element], i) => [
          lines[i],
          element ? `rows.${lines[i]}.${element}` : `rows.${lines[i]}`,
          code,
        ]),
      );
      expect(
        res.body.rejected
          .slice(0, parserCases.length)
          .map((p: { message: string }) => p.message.split(' ')[0]),
      ).toEqual(parserCases.map((_, i) => `IntervalBlock[0].IntervalReading[${i}]`));
    });

    it('refuses a fraction of a Wh after the multiplier, per reading', async () => {
      const body = greenButton(
        [
          { start, duration: 900, value: 2000 }, // 2 Wh
          { start: start + 900, duration: 900, value: 1501 }, // 1.501 Wh
        ],
        { powerOfTen: -3 },
      );
      const res = await writesNothing(() => xml(body, `meterId=${meter.id}&dryRun=true`).expect(200));
      expect(res.body).toMatchObject({ accepted: 1, dryRun: true });
      const line = intervalReadingLines(body)[1];
      expect(res.body.rejected.map((p: { path: string; code: string }) => [p.path, p.code])).toEqual([
        [`rows.${line}.value`, 'FINER_THAN_WH'],
      ]);
    });

    it.each([
      ['uom 38 (W)', 'UNSUPPORTED_UOM', { uom: 38 }],
      ['flowDirection 4 (net)', 'UNSUPPORTED_FLOW_DIRECTION', { flow: 4 }],
      ['powerOfTenMultiplier 30', 'UNSUPPORTED_MULTIPLIER', { powerOfTen: 30 }],
      ['accumulationBehaviour 3', 'UNSUPPORTED_ACCUMULATION', { accumulation: 3 }],
    ])('refuses a file whose series has %s with 422 %s', async (_label, code, type) => {
      const body = greenButton([{ start, ...ok }], type);
      expectError(await writesNothing(() => xml(body, `meterId=${meter.id}`)), 422, code);
      expectError(await writesNothing(() => xml(body, `siteId=${meter.siteId}`)), 422, code);
    });

    it('refuses a malformed, truncated or non-XML file with 422, never a 500', async () => {
      const good = greenButton([{ start, ...ok }]);
      for (const [body, code] of [
        [good.slice(0, good.length / 2), 'XML_MALFORMED'],
        [good.replace('<feed', '<feed><feed'), 'XML_MALFORMED'],
        ['meter,start,value\nA,2026-01-01T00:00:00Z,1\n', 'XML_MALFORMED'],
        ['<?xml version="1.0"?><html><body>not a feed</body></html>', 'NOT_GREEN_BUTTON'],
        [
          readFileSync(path.join(FIXTURES, 'not-ok', 'green-button-xxe.xml'), 'utf8'),
          'XML_DOCTYPE_FORBIDDEN',
        ],
      ]) {
        const res = await writesNothing(() => xml(body, `meterId=${meter.id}`));
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code });
      }
    });

    it('answers 404 for a missing or foreign meter, 400 for a bad id', async () => {
      const body = greenButton([{ start, ...ok }]);
      for (const id of [theirs.id, randomUUID()]) {
        expectError(await writesNothing(() => xml(body, `meterId=${id}`)), 404, 'NOT_FOUND');
      }
      expectError(await writesNothing(() => xml(body, `siteId=${theirs.siteId}`)), 404, 'NOT_FOUND');
      expectError(
        await writesNothing(() => xml(body, 'meterId=not-a-uuid')),
        400,
        'VALIDATION_FAILED',
        'meterId',
      );
    });

    it('answers 409 when every reading falls in the finalized year, creating no meter', async () => {
      const body = greenButton(
        [{ start: epoch('2024-06-01T00:00:00Z'), ...ok }],
        {},
        `UP-${randomUUID().slice(0, 8)}`,
      );
      expectError(await writesNothing(() => xml(body, `meterId=${meter.id}`)), 409, 'PERIOD_LOCKED');
      expectError(await writesNothing(() => xml(body, `siteId=${meter.siteId}`)), 409, 'PERIOD_LOCKED');
    });

    it('creates no meter for a file refused with atomic=true', async () => {
      const body = greenButton(
        [
          { start, ...ok },
          { start: start + 900, duration: 900, value: '-1' },
        ],
        {},
        `UP-${randomUUID().slice(0, 8)}`,
      );
      expectError(
        await writesNothing(() => xml(body, `siteId=${meter.siteId}&atomic=true`)),
        422,
        'BATCH_REJECTED',
      );
    });
  });

  describe('malformed requests', () => {
    const url = () => `/api/v1/meters/${meter.id}/readings`;
    const rawJson = (target: string, body: string, type = 'application/json') =>
      org.as.officer.raw('post', target).set('Content-Type', type).send(body);

    it('answers 400 MALFORMED_BODY for JSON that does not parse or is not an object or array', async () => {
      for (const target of [url(), '/api/v1/readings']) {
        for (const body of [
          '{"readings": [',
          '{readings: []}',
          '{"readings": [],}',
          '"readings"',
          '42',
          'null',
          'true',
        ]) {
          expectError(await writesNothing(() => rawJson(target, body)), 400, 'MALFORMED_BODY');
        }
        expectError(
          await writesNothing(() => rawJson(target, '{"readings": []}', 'text/plain')),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
      }
    });

    it('answers 400 when the body is not an object with a readings array', async () => {
      for (const target of [url(), '/api/v1/readings']) {
        for (const body of [
          '[]',
          '[{"start": "2026-01-14T00:00:00Z", "value": 1}]',
          '{}',
          '{"readings": {}}',
          '{"readings": null}',
          '{"readings": "x"}',
          '{"readings": 5}',
        ]) {
          expectError(await writesNothing(() => rawJson(target, body)), 400, 'VALIDATION_FAILED', 'readings');
        }
        expectError(
          await writesNothing(() => rawJson(target, '{"readings": [], "meterId": "x"}')),
          400,
          'VALIDATION_FAILED',
          'meterId',
        );
      }
    });

    it('answers 400 for bad mode, atomic and dryRun values and unknown query fields, on all four routes', async () => {
      const reading = { start: '2026-01-14T00:00:00Z', value: 1 };
      const routes: [string, (query: string) => request.Test][] = [
        ['meter', (q) => pathPush([reading], q)],
        ['gateway', (q) => gatewayPush([{ meterId: meter.id, ...reading }], q)],
        ['csv', (q) => csv(`meter,start,value\n${meter.externalId},2026-01-14T00:00:00Z,1\n`, q)],
        [
          'green-button',
          (q) =>
            xml(
              greenButton([{ start: epoch(reading.start), duration: 900, value: 1 }]),
              `meterId=${meter.id}&${q.slice(1)}`,
            ),
        ],
      ];
      const queries: [string, string][] = [
        ['?mode=UPSERT', 'mode'],
        ['?mode=', 'mode'],
        ['?mode=merge', 'mode'],
        ['?atomic=yes', 'atomic'],
        ['?atomic=1', 'atomic'],
        ['?dryRun=TRUE', 'dryRun'],
        ['?dryRun=', 'dryRun'],
        ['?dryRun=true&dryRun=false', 'dryRun'],
        ['?force=true', 'force'],
      ];
      for (const [name, send] of routes) {
        for (const [query, field] of queries) {
          const res = await writesNothing(() => send(query));
          expect({ name, query, status: res.status }).toEqual({ name, query, status: 400 });
          expectError(res, 400, 'VALIDATION_FAILED', field);
        }
      }
    });

    it('answers 400 for an Idempotency-Key that is too long or not printable, on all four routes', async () => {
      const reading = { start: '2026-01-14T00:00:00Z', value: 1 };
      const sends = [
        () => pathPush([reading]),
        () => gatewayPush([{ meterId: meter.id, ...reading }]),
        () => csv(`meter,start,value\n${meter.externalId},2026-01-14T00:00:00Z,1\n`),
        () =>
          xml(greenButton([{ start: epoch(reading.start), duration: 900, value: 1 }]), `meterId=${meter.id}`),
      ];
      for (const send of sends) {
        for (const key of ['k'.repeat(201), 'two words', '']) {
          expectError(
            await writesNothing(() => send().set('Idempotency-Key', key)),
            400,
            'VALIDATION_FAILED',
            'headers.idempotency-key',
          );
        }
      }
      // 200 characters is the longest key accepted (checked without writing).
      const ok = await pathPush([reading], '?dryRun=true').set('Idempotency-Key', 'k'.repeat(200));
      expect(ok.status).toBe(200);
    });

    it('answers 413 with the limit for 10,001 readings in the gateway form', async () => {
      const readings = quarterHours('2020-01-01T00:00:00Z', new Array(10_001).fill(1), { meterId: meter.id });
      const res = await writesNothing(() => gatewayPush(readings));
      expectError(res, 413, 'TOO_MANY_ROWS');
      expect(res.body.message).toContain('10000');
    });
  });
});

describe('size limits (413)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let meter: { id: string; externalId: string };
  let officer: Caller;
  beforeAll(async () => {
    t = await startTestApp({ READINGS_BODY_LIMIT: '100kb', UPLOAD_LIMIT: '10kb', READINGS_MAX_BATCH: '50' });
    org = await createOrganization(t.http, 'Limits');
    officer = org.as.officer;
    meter = await meterIn(org, 'Europe/Berlin');
  });
  afterAll(() => t.close());

  const writesNothing = async <T>(work: () => Promise<T>) => {
    const before = await footprint(org.id);
    const result = await work();
    expect(await footprint(org.id)).toEqual(before);
    return result;
  };

  it('refuses a push body over READINGS_BODY_LIMIT with 413 and the limit', async () => {
    // 40 readings padded to about 150 KB: under the batch limit, over the body limit.
    const readings = quarterHours('2026-01-01T00:00:00Z', new Array(40).fill(1)).map((r) => ({
      ...r,
      value: `${'0'.repeat(3_800)}1`,
    }));
    for (const target of [`/api/v1/meters/${meter.id}/readings`, '/api/v1/readings']) {
      const body =
        target === '/api/v1/readings' ? readings.map((r) => ({ meterId: meter.id, ...r })) : readings;
      const res = await writesNothing(() => officer.post(target, { readings: body }));
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(res.body.message).toContain('100kb');
    }
    // The same readings without padding fit.
    const small = await officer
      .post(`/api/v1/meters/${meter.id}/readings?dryRun=true`, {
        readings: readings.map((r) => ({ ...r, value: 1 })),
      })
      .expect(200);
    expect(small.body).toMatchObject({ accepted: 40, dryRun: true });
  });

  it('applies READINGS_MAX_BATCH: 51 readings answer 413 with the limit', async () => {
    const res = await writesNothing(() =>
      officer.post(`/api/v1/meters/${meter.id}/readings`, {
        readings: quarterHours('2026-01-02T00:00:00Z', new Array(51).fill(1)),
      }),
    );
    expectError(res, 413, 'TOO_MANY_ROWS');
    expect(res.body.message).toContain('50');
  });

  it('refuses uploads over UPLOAD_LIMIT with 413, raw and multipart, CSV and Green Button', async () => {
    const lines = ['meter,start,value'];
    for (let q = 0; lines.join('\n').length < 20_000; q++) {
      lines.push(
        `${meter.externalId},${new Date(Date.parse('2026-01-03T00:00:00Z') + q * 900_000).toISOString()},1`,
      );
    }
    const bigCsv = lines.join('\n');
    const bigXml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><!-- ${'x'.repeat(20_000)} --></feed>`;
    const cases: [string, string, string][] = [
      ['csv', bigCsv, 'text/csv'],
      [`green-button?meterId=${meter.id}`, bigXml, 'application/xml'],
    ];
    for (const [route, body, type] of cases) {
      const raw = await writesNothing(() =>
        officer.raw('post', `/api/v1/readings/import/${route}`).set('Content-Type', type).send(body),
      );
      expectError(raw, 413, 'PAYLOAD_TOO_LARGE');
      expect(raw.body.message).toContain('10kb');
      const multipart = await writesNothing(() =>
        officer
          .raw('post', `/api/v1/readings/import/${route}`)
          .attach('file', Buffer.from(body), { filename: 'upload', contentType: type }),
      );
      expectError(multipart, 413, 'PAYLOAD_TOO_LARGE');
    }
    // A file under the limit is read.
    const small = await officer
      .raw('post', '/api/v1/readings/import/csv?dryRun=true')
      .set('Content-Type', 'text/csv')
      .send(lines.slice(0, 20).join('\n'))
      .expect(200);
    expect(small.body).toMatchObject({ accepted: 19, rejected: [] });
  });
});
