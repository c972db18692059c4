import { finalizeYear } from '../support/reports';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { RequestContext } from '../../src/auth/principal';
import { IngestOptions, ReadingIngestionService } from '../../src/readings/reading-ingestion.service';
import { IntervalInput } from '../../src/readings/reading-input';
import { ReadingsRepository } from '../../src/readings/readings.repository';
import { meterIn, quarterHours, rollupsMatchReadings, withDb } from '../support/readings';
import {
  auditEntries,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

/**
 * The ingestion core without HTTP: a context and readings in, a result out (`ingest`), as a file import or
 * a message-queue adapter would call it. Its verdicts carry no HTTP status; a refusal writes nothing.
 */
describe('the ingestion core, without HTTP', () => {
  let t: TestApp;
  let org: TestOrganization;
  let ingestion: ReadingIngestionService;
  let ctx: RequestContext;
  const options: IngestOptions = { mode: 'insert', atomic: false, dryRun: false };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Core');
    ingestion = t.app.get(ReadingIngestionService);
    ctx = {
      organizationId: org.id,
      actor: { type: 'system', id: null, label: 'mqtt-adapter' },
      requestId: `core-${randomUUID()}`,
    };
  });
  afterAll(() => t.close());

  const stored = (meterId: string) =>
    withDb(
      async (db) =>
        (await db.query('SELECT count(*)::int AS n FROM readings WHERE meter_id = $1', [meterId])).rows[0].n,
    );

  it('answers verdicts, not statuses: ok, all_rejected, batch_rejected, period_locked', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const parse = async (readings: unknown[]) =>
      ingestion.parseJson(ctx, readings, await ingestion.meter(ctx, meter.id));
    const good = quarterHours('2026-02-24T00:00:00Z', [1, 2]);
    const bad = [{ start: '2026-02-24T00:07:00Z', value: 1 }];

    const ok = await ingestion.ingest(ctx, 'api', await parse([...good, ...bad]), options);
    expect(ok).toEqual({
      verdict: 'ok',
      summary: expect.objectContaining({ accepted: 2, rejectedTotal: 1 }),
      problems: [expect.objectContaining({ index: 2, code: 'OFF_GRID' })],
      replayed: false,
    });
    expect(ok).not.toHaveProperty('statusCode');
    const [entry] = (await auditEntries(org, `&entityId=${meter.id}&action=ingest`)).slice(-1);
    expect(entry).toMatchObject({
      actorType: 'system',
      actorLabel: 'mqtt-adapter',
      requestId: ctx.requestId,
    });

    const refused = await ingestion.ingest(ctx, 'api', await parse(bad), options);
    expect(refused).toMatchObject({ verdict: 'all_rejected', summary: { accepted: 0, rejectedTotal: 1 } });
    const atomic = await ingestion.ingest(
      ctx,
      'api',
      await parse([...quarterHours('2026-02-24T01:00:00Z', [3]), ...bad]),
      { ...options, atomic: true },
    );
    expect(atomic.verdict).toBe('batch_rejected');
    expect(await stored(meter.id)).toBe(2);

    await finalizeYear(org.as.admin, 2024);
    const locked = await ingestion.ingest(
      ctx,
      'api',
      await parse(quarterHours('2024-02-24T00:00:00Z', [4])),
      options,
    );
    expect(locked.verdict).toBe('period_locked');
    expect(await stored(meter.id)).toBe(2);
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });

  it('replays an Idempotency-Key from the core too, and keeps no HTTP status with the answer', async () => {
    const meter = await meterIn(org, 'Europe/Berlin');
    const pathMeter = await ingestion.meter(ctx, meter.id);
    const key = { key: `core-${meter.id}`, fingerprint: 'f'.repeat(64) };
    const first = await ingestion.ingest(
      ctx,
      'api',
      await ingestion.parseJson(ctx, quarterHours('2026-02-25T00:00:00Z', [5, 6]), pathMeter),
      { ...options, idempotency: key },
    );
    const again = await ingestion.ingest(
      ctx,
      'api',
      await ingestion.parseJson(ctx, quarterHours('2026-02-25T00:00:00Z', [5, 6]), pathMeter),
      { ...options, idempotency: key },
    );
    expect(again).toEqual({ ...first, replayed: true });
    const [row] = await withDb(
      async (db) =>
        (await db.query('SELECT status_code, response FROM idempotency_keys WHERE key = $1', [key.key])).rows,
    );
    expect(row).toEqual({ status_code: null, response: first.summary });
  });
});

describe('rollups by site-local day, as PostgreSQL reads the zone (invariant 2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'CoreRollups');
  });
  afterAll(() => t.close());

  /**
   * The service groups new readings by the site-local day it computes, and PostgreSQL checks every row:
   * should the two zone databases ever disagree, the readings go to PostgreSQL's day. Here the service is
   * made to misdate on purpose.
   */
  it('moves readings the service dated otherwise to PostgreSQL’s day, leaving no empty day behind', async () => {
    const repository = t.app.get(ReadingsRepository);
    const dataSource = t.app.get(DataSource);
    const meter = await meterIn(org, 'Europe/Berlin');
    // 23:30 and 23:45 on 25 February in Berlin, then 00:00 and 00:15 on the 26th; one estimate on each day.
    const inputs: IntervalInput[] = [
      ['2026-02-25T22:30:00Z', 10, 0],
      ['2026-02-25T22:45:00Z', 20, 8],
      ['2026-02-25T23:00:00Z', 30, 9],
      ['2026-02-25T23:15:00Z', 40, 0],
    ].map(([start, wh, quality], index) => ({
      index,
      meterId: meter.id,
      start: new Date(start as string),
      durationS: 900,
      valueWh: BigInt(wh),
      quality: quality as number,
    }));
    await repository.ensurePartitions(inputs.map((r) => r.start));
    const zone = () => 'Europe/Berlin';
    const rollups = () =>
      withDb(
        async (db) =>
          (
            await db.query(
              `SELECT to_char(local_date, 'YYYY-MM-DD') AS day, wh::text, readings, estimated_wh::text, estimated_readings
               FROM meter_daily_rollups WHERE meter_id = $1 ORDER BY local_date`,
              [meter.id],
            )
          ).rows,
      );
    // Every reading said to be of the 25th: the last two move to the 26th.
    await dataSource.transaction((em) =>
      repository.insertReadings(em, org.id, inputs.slice(0, 4), 'api', zone, () => '2026-02-25'),
    );
    expect(await rollups()).toEqual([
      { day: '2026-02-25', wh: '30', readings: 2, estimated_wh: '20', estimated_readings: 1 },
      { day: '2026-02-26', wh: '70', readings: 2, estimated_wh: '30', estimated_readings: 1 },
    ]);
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);

    // Readings said to be of a day that is none of theirs: that day does not stay behind, empty.
    const later = inputs.map((r) => ({ ...r, start: new Date(r.start.getTime() + 7 * 86_400_000) }));
    await repository.ensurePartitions(later.map((r) => r.start));
    await dataSource.transaction((em) =>
      repository.insertReadings(em, org.id, later, 'api', zone, () => '2026-01-01'),
    );
    expect((await rollups()).map((r: { day: string }) => r.day)).toEqual([
      '2026-02-25',
      '2026-02-26',
      '2026-03-04',
      '2026-03-05',
    ]);
    expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
  });
});
