import { randomUUID } from 'node:crypto';
import { expectError } from '../support/assertions';
import { meterIn, rollupsMatchReadings, withDb } from '../support/readings';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

/** Quarter-hour rows of one meter from `from` on: `meter,timestamp,value`. */
function rows(
  externalId: string,
  from: string,
  count: number,
  value = (i: number) => (i % 97) + 1,
): string[] {
  const start = Date.parse(from);
  return Array.from(
    { length: count },
    (_, i) => `${externalId},${new Date(start + i * 900_000).toISOString()},${value(i)}`,
  );
}
const file = (lines: string[]) => `meter,timestamp,value\n${lines.join('\n')}\n`;

describe('large readings CSV files: streamed, capped, summarised', () => {
  let t: TestApp;
  let org: TestOrganization;
  let meter: { id: string; externalId: string };
  beforeAll(async () => {
    t = await startTestApp({ READINGS_CSV_MAX_ROWS: '30000' });
    org = await createOrganization(t.http, 'LargeFiles');
    meter = await meterIn(org, 'Europe/Berlin', { unit: 'Wh' });
  });
  afterAll(() => t.close());

  const importCsv = (body: string, query = '') =>
    org.as.officer
      .raw('post', `/api/v1/readings/import/csv?${query}`)
      .set('Content-Type', 'text/csv')
      .send(body);
  const stored = () =>
    withDb(async (db) => {
      const {
        rows: [row],
      } = await db.query(
        'SELECT count(*)::int AS n, coalesce(sum(value_wh), 0)::text AS wh FROM readings WHERE meter_id = $1',
        [meter.id],
      );
      return row as { n: number; wh: string };
    });

  it('refuses a file over READINGS_CSV_MAX_ROWS with 413 TOO_MANY_ROWS and writes nothing', async () => {
    const before = await stored();
    const audit = (await auditEntries(org)).length;
    const res = await importCsv(file(rows(meter.externalId, '2025-01-01T00:00:00Z', 30_001)));
    expectError(res, 413, 'TOO_MANY_ROWS');
    expect(res.body.message).toContain('30000');
    expect(await stored()).toEqual(before);
    expect(await auditEntries(org)).toHaveLength(audit);
  });

  it('writes a file of many chunks in one transaction, with the answer and figures of a single batch', async () => {
    // 25,000 rows: three chunks of 10,000. The last row repeats the first (a duplicate across chunks).
    const lines = rows(meter.externalId, '2025-03-01T00:00:00Z', 25_000);
    const body = file([...lines, lines[0]]);
    const expectedWh = lines.reduce((sum, line) => sum + BigInt(line.split(',')[2]), 0n);

    const dry = await importCsv(body, 'dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ accepted: 25_000, duplicates: 1, rejectedTotal: 0, dryRun: true });
    expect((await stored()).n).toBe(0);

    const real = await importCsv(body).expect(200);
    expect(real.body).toEqual({ ...dry.body, dryRun: false });
    expect(await stored()).toEqual({ n: 25_000, wh: expectedWh.toString() });
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
    const [entry] = (await auditEntries(org, '&entityType=readings')).slice(-1);
    expect(entry.after).toMatchObject({ source: 'csv', accepted: 25_000, duplicates: 1 });
  });

  it('counts every refused row by code but lists only the first 1,000, in file order', async () => {
    const unknown = Array.from({ length: 2_500 }, (_, i) => `NO-SUCH-${i},2025-06-01T00:00:00Z,1`);
    const offGrid = rows(meter.externalId, '2024-06-02T00:07:00Z', 3);
    const res = await importCsv(
      file([...unknown, ...offGrid, ...rows(meter.externalId, '2024-06-03T00:00:00Z', 2)]),
    ).expect(200);
    expect(res.body.rejectedByCode).toEqual({ UNKNOWN_METER: 2_500, OFF_GRID: 3 });
    expect(res.body).toMatchObject({
      accepted: 2,
      rejectedTotal: 2_503,
      rejectedByCode: { UNKNOWN_METER: 2_500, OFF_GRID: 3 },
    });
    expect(res.body.rejected).toHaveLength(1_000);
    expect(res.body.rejected.slice(0, 2).map((r: { index: number }) => r.index)).toEqual([2, 3]);

    const atomic = await importCsv(file(unknown), 'atomic=true');
    expectError(atomic, 422, 'BATCH_REJECTED');
    expect(atomic.body.message).toContain('2500');
    expect(atomic.body.details).toHaveLength(1_000);
  });

  it('keeps a huge correction small in the audit log: counts them all, lists the first 1,000', async () => {
    const lines = rows(meter.externalId, '2023-01-01T00:00:00Z', 2_500);
    await importCsv(file(lines)).expect(200);
    const changed = lines.map((line) => line.replace(/,(\d+)$/, (_, v) => `,${Number(v) + 1}`));
    const res = await importCsv(file(changed), 'mode=upsert').expect(200);
    expect(res.body).toMatchObject({ corrected: 2_500, rejectedTotal: 0 });
    const [entry] = (await auditEntries(org, '&entityType=readings')).slice(-1);
    expect(entry.after).toMatchObject({ corrected: 2_500 });
    expect((entry.after as { corrections: unknown[] }).corrections).toHaveLength(1_000);
    const revisions = await withDb(
      async (db) =>
        (await db.query('SELECT count(*)::int AS n FROM reading_revisions WHERE meter_id = $1', [meter.id]))
          .rows[0].n,
    );
    expect(revisions).toBe(2_500);
  });

  it('caps a Green Button file at 8 MiB, as it is parsed whole, below UPLOAD_LIMIT', async () => {
    const res = await org.as.officer
      .raw('post', `/api/v1/readings/import/green-button?meterId=${meter.id}`)
      .set('Content-Type', 'application/xml')
      .send(`<feed>${' '.repeat(8 * 1024 * 1024)}</feed>`);
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.message).toContain('8mb');
  });

  it('replays an identical file sent with the same Idempotency-Key, and refuses another file under it', async () => {
    const key = `file-${randomUUID()}`;
    const body = file(rows(meter.externalId, '2024-07-01T00:00:00Z', 500));
    const first = await importCsv(body).set('Idempotency-Key', key).expect(200);
    expect(first.body).toMatchObject({ accepted: 500, rejectedTotal: 0 });
    const again = await importCsv(body).set('Idempotency-Key', key).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await importCsv(file(rows(meter.externalId, '2024-07-09T00:00:00Z', 5))).set(
      'Idempotency-Key',
      key,
    );
    expectError(other, 409, 'IDEMPOTENCY_MISMATCH');
  });
});

describe('interval readings start on the meter’s grid in the site’s local time (M-1)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Grid');
  });
  afterAll(() => t.close());

  const push = (meterId: string, readings: object[]) =>
    org.as.officer.post(`/api/v1/meters/${meterId}/readings`, { readings }).expect(200);
  const codes = (body: { rejected: { index: number; code: string }[] }) =>
    body.rejected.map((r) => [r.index, r.code]);

  it('refuses a quarter-hour at :07 instead of storing it and then blocking the aligned ones', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const res = await push(meter.id, [
      { start: '2026-02-01T00:07:00Z', value: 5 },
      { start: '2026-02-01T00:15:00+01:00', value: 5 },
      { start: '2026-02-01T00:00:30Z', value: 5 },
    ]);
    expect(codes(res.body)).toEqual([
      [0, 'OFF_GRID'],
      [2, 'OFF_GRID'],
    ]);
    expect(res.body.rejected[0].message).toMatch(/15-minute grid.*:00, :15, :30, :45/);
    // The aligned readings that follow are taken.
    expect((await push(meter.id, [{ start: '2026-02-01T00:00:00Z', value: 5 }])).body.accepted).toBe(1);
  });

  it('reads the grid in local time: a 30-minute meter in Kathmandu (UTC+05:45) starts at local :00 and :30', async () => {
    const meter = await meterIn(org, 'Asia/Kathmandu', { intervalMinutes: 30 });
    const res = await push(meter.id, [
      { start: '2026-02-01T00:00:00+05:45', value: 1 }, // 18:15 UTC: on the local grid
      { start: '2026-02-01T00:30:00Z', value: 1 }, // 06:15 local: off
    ]);
    expect(res.body.accepted).toBe(1);
    expect(codes(res.body)).toEqual([[1, 'OFF_GRID']]);
  });

  it('starts daily readings at local midnight, also on a DST day and where DST skips midnight', async () => {
    const berlin = await meterIn(org, 'Europe/Berlin', { intervalMinutes: 1440 });
    const santiago = await meterIn(org, 'America/Santiago', { intervalMinutes: 1440 });
    const ok = await push(berlin.id, [
      { start: '2026-03-29T00:00:00+01:00', value: 1 }, // 23-hour day
      { start: '2026-03-30T00:00:00Z', value: 1 }, // 02:00 local: off
    ]);
    expect(ok.body.accepted).toBe(1);
    expect(codes(ok.body)).toEqual([[1, 'OFF_GRID']]);
    // 6 September 2026: Chile's clocks jump from 00:00 to 01:00, so the day starts at 01:00 local.
    const chile = await push(santiago.id, [{ start: '2026-09-06T01:00:00-03:00', value: 1 }]);
    expect(chile.body).toMatchObject({ accepted: 1, rejectedTotal: 0 });
  });

  it('applies the same rule to CSV files', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const res = await org.as.officer
      .raw('post', '/api/v1/readings/import/csv')
      .set('Content-Type', 'text/csv')
      .send(
        `meter,timestamp,value\n${meter.externalId},2026-02-02T10:10:00Z,4\n${meter.externalId},2026-02-02T10:15:00Z,4\n`,
      )
      .expect(200);
    expect(res.body).toMatchObject({ accepted: 1, rejectedByCode: { OFF_GRID: 1 } });
    expect(codes(res.body)).toEqual([[2, 'OFF_GRID']]);
  });
});
