import fc from 'fast-check';
import { localDateOf } from '../../src/common/zoned-time';
import { meterIn, rollupsMatchReadings, withDb } from '../support/readings';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

/**
 * Property tests against the real database (invariants 1 and 2, M-4). Each run creates its own meter on a
 * Europe/Berlin site, so runs never see each other's readings. Kept small: a few dozen readings per run.
 */

const ZONE = 'Europe/Berlin';
const QUARTER = 15 * 60_000;
const ESTIMATED = new Set([8, 9, 12]);

interface Reading {
  slot: number;
  wh: number;
  quality: number;
}

interface Stored {
  wh: number;
  quality: number;
  revision: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Exact decimal text of `wh` in a unit (C-1): 1500 Wh = "1.500" kWh = "0.001500" MWh. */
const inUnit = (wh: number, decimals: number) =>
  decimals === 0 ? String(wh) : `${Math.floor(wh / 10 ** decimals)}.${pad(wh % 10 ** decimals, decimals)}`;

/** The same reading, written one of several equivalent ways (number or string, Wh/kWh/MWh, code or class). */
function render(
  r: Reading,
  from: number,
  style: number,
  meter: { id: string; externalId: string } | null,
): Record<string, unknown> {
  const value = [
    { value: r.wh },
    { value: String(r.wh), unit: 'Wh' },
    { value: inUnit(r.wh, 3), unit: 'kWh' },
    { value: inUnit(r.wh, 6), unit: 'MWh' },
  ][style % 4];
  const names: Record<number, unknown[]> = {
    0: [undefined, 0, 'ACTUAL', '0'],
    7: [7, 'EDITED', 'edited', '7'],
    8: [8, 'ESTIMATED', '8', 'estimated'],
    9: [9, '9', 9, '9'],
  };
  const quality = names[r.quality][Math.floor(style / 4) % 4];
  // An offset other than Z now and then: the same instant.
  const startMs = from + r.slot * QUARTER;
  const start =
    style % 3 === 0
      ? new Date(startMs + 3_600_000).toISOString().replace('.000Z', '+01:00')
      : new Date(startMs).toISOString();
  const ref = meter ? (style % 2 ? { meterId: meter.id } : { meterExternalId: meter.externalId }) : {};
  return { ...ref, start, ...value, ...(quality === undefined ? {} : { quality }) };
}

/** Readings of a meter as stored, by slot. */
async function storedReadings(meterId: string, from: number): Promise<Map<number, Stored>> {
  const rows = await withDb(
    async (db) =>
      (
        await db.query(
          `SELECT interval_start, duration_s, value_wh::text AS wh, quality, revision FROM readings
           WHERE meter_id = $1 ORDER BY interval_start`,
          [meterId],
        )
      ).rows as { interval_start: Date; duration_s: number; wh: string; quality: number; revision: number }[],
  );
  expect(rows.every((r) => r.duration_s === 900)).toBe(true);
  return new Map(
    rows.map((r) => [
      (r.interval_start.getTime() - from) / QUARTER,
      { wh: Number(r.wh), quality: r.quality, revision: r.revision },
    ]),
  );
}

/** Daily rollups of a meter as stored: local date → [Wh, readings, estimated Wh, estimated readings]. */
async function storedRollups(meterId: string): Promise<Record<string, number[]>> {
  const rows = await withDb(
    async (db) =>
      (
        await db.query(
          `SELECT to_char(local_date, 'YYYY-MM-DD') AS d, wh::text, readings, estimated_wh::text, estimated_readings
           FROM meter_daily_rollups WHERE meter_id = $1`,
          [meterId],
        )
      ).rows,
  );
  return Object.fromEntries(
    rows
      .filter((r) => Number(r.readings) !== 0 || r.wh !== '0')
      .map((r) => [r.d, [Number(r.wh), r.readings, Number(r.estimated_wh), r.estimated_readings]]),
  );
}

/** The rollups the readings should give, by site-local day (C-2). */
function expectedRollups(readings: Iterable<[number, { wh: number; quality: number }]>, from: number) {
  const days: Record<string, number[]> = {};
  for (const [slot, r] of readings) {
    const day = localDateOf(new Date(from + slot * QUARTER), ZONE);
    const sums = (days[day] ??= [0, 0, 0, 0]);
    const estimated = ESTIMATED.has(r.quality);
    sums[0] += r.wh;
    sums[1] += 1;
    sums[2] += estimated ? r.wh : 0;
    sums[3] += estimated ? 1 : 0;
  }
  return days;
}

describe('property: any order, duplication and batching of the same readings stores the same (invariants 1, 2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'PropOrder');
  });
  afterAll(() => t.close());

  // 120 quarter-hours from 22:00 local on 24 October 2026: across the 25-hour fall-back day in Berlin.
  const FROM = Date.parse('2026-10-24T20:00:00Z');

  const reading = fc.record({
    slot: fc.integer({ min: 0, max: 119 }),
    wh: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 2_000_000_000 })),
    quality: fc.constantFrom(0, 0, 7, 8, 9),
  });
  const scenario = fc
    .uniqueArray(reading, { minLength: 1, maxLength: 30, selector: (r) => r.slot })
    .chain((readings) =>
      fc.record({
        readings: fc.constant(readings),
        // Each reading sent 1 to 3 times, each copy written its own way; then shuffled and cut into batches.
        copies: fc.array(fc.array(fc.nat(15), { minLength: 1, maxLength: 3 }), {
          minLength: readings.length,
          maxLength: readings.length,
        }),
        order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: readings.length * 3,
          maxLength: readings.length * 3,
        }),
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: readings.length * 3 }), { maxLength: 4 }),
        concurrent: fc.boolean(),
        gateway: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      }),
    );

  it('gives the same stored readings and daily rollups as the set itself', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ readings, copies, order, cuts, concurrent, gateway }) => {
        const meter = await meterIn(org, ZONE);
        const sends = readings.flatMap((r, i) => copies[i].map((style) => ({ r, style })));
        const shuffled = sends
          .map((send, i) => ({ send, key: order[i] }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.send);
        const bounds = [0, ...cuts.filter((c) => c < shuffled.length).sort((a, b) => a - b), shuffled.length];
        const batches = bounds.slice(1).map((end, i) => shuffled.slice(bounds[i], end));
        const post = (batch: typeof shuffled, i: number) =>
          gateway[i]
            ? org.as.officer.post('/api/v1/readings', {
                readings: batch.map(({ r, style }) => render(r, FROM, style, meter)),
              })
            : org.as.officer.post(`/api/v1/meters/${meter.id}/readings`, {
                readings: batch.map(({ r, style }) => render(r, FROM, style, null)),
              });
        const answers = concurrent
          ? await Promise.all(batches.map(post))
          : await batches.reduce(
              async (done, batch, i) => [...(await done), await post(batch, i)],
              Promise.resolve([] as Awaited<ReturnType<typeof post>>[]),
            );
        for (const answer of answers) {
          expect(answer.status).toBe(200);
          expect(answer.body.rejected).toEqual([]);
          expect(answer.body.corrected).toBe(0);
        }
        const sum = (key: 'accepted' | 'duplicates') =>
          answers.reduce((acc, a) => acc + (a.body[key] as number), 0);
        expect({ accepted: sum('accepted'), duplicates: sum('duplicates') }).toEqual({
          accepted: readings.length,
          duplicates: sends.length - readings.length,
        });

        const expected = new Map(
          readings.map((r) => [r.slot, { wh: r.wh, quality: r.quality, revision: 0 }]),
        );
        expect(await storedReadings(meter.id, FROM)).toEqual(expected);
        expect(await storedRollups(meter.id)).toEqual(expectedRollups(expected, FROM));
        expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});

describe('property: rollups equal the sum of the latest readings after random corrections (invariant 2, M-4)', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'PropCorrect');
  });
  afterAll(() => t.close());

  // 12 quarter-hours from 23:00 local on 28 March 2026, across midnight into the 23-hour spring-forward day.
  const FROM = Date.parse('2026-03-28T22:00:00Z');

  const batch = fc.record({
    mode: fc.constantFrom('insert', 'upsert'),
    readings: fc.array(
      fc.record({
        slot: fc.integer({ min: 0, max: 11 }),
        wh: fc.oneof(fc.constantFrom(0, 100, 250), fc.integer({ min: 0, max: 10_000_000 })),
        quality: fc.constantFrom(0, 0, 7, 8, 9),
        style: fc.nat(15),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  });

  /**
   * What the ingestion should decide for each reading of a batch (batch-classifier.ts, M-4): the first
   * reading of an interval in a batch wins; against what is stored, an equal value is a duplicate unless it
   * turns an estimate into an actual; a different value is a correction with upsert or when an actual
   * supersedes an estimate, else CONFLICTING_VALUE.
   */
  function decide(stored: Map<number, Stored>, readings: Reading[], mode: string) {
    const decisions: ('new' | 'duplicate' | 'correction' | 'CONFLICTING_VALUE')[] = [];
    const kept = new Map<number, Reading>();
    const next = new Map(stored);
    const byStart = readings
      .map((r, index) => ({ r, index }))
      .sort((a, b) => a.r.slot - b.r.slot || a.index - b.index);
    for (const { r, index } of byStart) {
      const twin = kept.get(r.slot);
      const same = stored.get(r.slot);
      const upgrades = !!same && ESTIMATED.has(same.quality) && !ESTIMATED.has(r.quality);
      let d: (typeof decisions)[number];
      if (twin) d = twin.wh === r.wh && twin.quality === r.quality ? 'duplicate' : 'CONFLICTING_VALUE';
      else if (!same) d = 'new';
      else if (same.wh === r.wh && !upgrades) d = 'duplicate';
      else if (mode === 'upsert' || upgrades) d = 'correction';
      else d = 'CONFLICTING_VALUE';
      decisions[index] = d;
      if (d === 'new' || d === 'correction') {
        kept.set(r.slot, r);
        next.set(r.slot, { wh: r.wh, quality: r.quality, revision: d === 'new' ? 0 : same!.revision + 1 });
      } else if (d === 'duplicate' && !twin) kept.set(r.slot, r);
    }
    return { decisions, next };
  }
  it('keeps every rollup equal to its readings, and the consumption total equal to the latest values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 7 }), async (batches) => {
        const meter = await meterIn(org, ZONE);
        const url = `/api/v1/meters/${meter.id}/readings`;
        let model = new Map<number, Stored>();
        let corrections = 0;
        for (const b of batches) {
          const { decisions, next } = decide(model, b.readings, b.mode);
          const res = await org.as.officer.post(`${url}?mode=${b.mode}`, {
            readings: b.readings.map((r) => render(r, FROM, r.style, null)),
          });
          const count = (kind: string) => decisions.filter((d) => d === kind).length;
          const refused = decisions.flatMap((d, i) => (d === 'CONFLICTING_VALUE' ? [[i, d]] : []));
          if (refused.length === decisions.length) {
            // No reading could be stored: 422 with each conflict, and nothing changes.
            expect(res.status).toBe(422);
            expect(res.body.code).toBe('READINGS_REJECTED');
            expect(
              res.body.details.map((p: { path: string; code: string }) => [Number(p.path.slice(9)), p.code]),
            ).toEqual(refused);
            continue;
          }
          expect(res.status).toBe(200);
          expect({
            accepted: res.body.accepted,
            duplicates: res.body.duplicates,
            corrected: res.body.corrected,
            rejected: res.body.rejected.map((p: { index: number; code: string }) => [p.index, p.code]),
          }).toEqual({
            accepted: count('new'),
            duplicates: count('duplicate'),
            corrected: count('correction'),
            rejected: decisions.flatMap((d, i) => (d === 'CONFLICTING_VALUE' ? [[i, d]] : [])),
          });
          corrections += count('correction');
          model = next;
        }

        // The stored readings are the latest values, each with its number of revisions.
        expect(await storedReadings(meter.id, FROM)).toEqual(model);
        const revisions = await withDb(
          async (db) =>
            (
              await db.query('SELECT count(*)::int AS n FROM reading_revisions WHERE meter_id = $1', [
                meter.id,
              ])
            ).rows[0].n,
        );
        expect(revisions).toBe(corrections);
        // Invariant 2, and the rollups are the model's sums per local day.
        expect((await rollupsMatchReadings(meter.id)).mismatches).toEqual([]);
        expect(await storedRollups(meter.id)).toEqual(expectedRollups(model, FROM));
        // The API's totals (from the rollups) are the sums of the latest values.
        const latest = [...model.values()];
        const total = latest.reduce((acc, r) => acc + r.wh, 0);
        const estimated = latest.filter((r) => ESTIMATED.has(r.quality)).reduce((acc, r) => acc + r.wh, 0);
        const res = await org.as.auditor
          .get(`/api/v1/consumption?granularity=day&from=2026-03-28&to=2026-03-30&meterId=${meter.id}`)
          .expect(200);
        expect(res.body.totals).toMatchObject({
          importWh: String(total),
          consumptionWh: String(total),
          estimatedWh: String(estimated),
          readings: latest.length,
        });
        // The hourly series reads the raw readings: the same total.
        const hours = await org.as.auditor
          .get(`/api/v1/consumption?granularity=hour&from=2026-03-28&to=2026-03-30&meterId=${meter.id}`)
          .expect(200);
        expect(hours.body.totals).toMatchObject({ importWh: String(total), estimatedWh: String(estimated) });
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
