import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/principal';
import { CorrectionReason, StoredReading } from './batch-classifier';
import { IntervalInput, MeterForIngest, RegisterInput } from './reading-input';
import { ESTIMATED_QUALITY_CODES, isEstimated } from './reading-quality';
import { RegisterState } from './register-deltas';
import { lockMeterWriters } from './meter-lock';
import { localDateOf } from '../common/zoned-time';
import { reportingYearOfLocalDate } from './reporting-year';

/** The longest interval reading (daily): stored readings that may overlap a batch start this much earlier. */
const LONGEST_INTERVAL_MS = 86_400_000;

export type ReadingSource = 'api' | 'csv' | 'green_button' | 'register';

/** A change to one meter's site-local day: added energy, readings and their estimated part. */
export interface RollupDelta {
  meterId: string;
  timeZone: string;
  start: Date;
  wh: bigint;
  readings: number;
  estimatedWh: bigint;
  estimatedReadings: number;
}

export interface Correction {
  input: IntervalInput;
  stored: StoredReading;
  reason: CorrectionReason;
}

const isoList = (dates: Date[]) => dates.map((d) => d.toISOString());

/** A PostgreSQL array literal of numbers (or digit strings): what the driver would build, without escaping each. */
const arrayLiteral = (values: (number | string)[]) => `{${values.join(',')}}`;

/**
 * New readings as the parameters of `insertReadings`: meters by position, (meter, day) groups with their
 * sums, and per reading its group, its instant as an offset from the earliest (in seconds when all are
 * whole seconds), and its length, value, quality and revision (a column of one value sent once).
 */
function encodeReadings(
  inputs: IntervalInput[],
  zoneOf: (meterId: string) => string,
  dayOf: (input: IntervalInput) => string,
  revisionOf: (input: IntervalInput) => number,
) {
  const meters: string[] = [];
  const meterPosition = new Map<string, number>();
  const groups: { meter: number; day: string; wh: bigint; n: number; ewh: bigint; en: number }[] = [];
  const groupOf = new Map<string, number>();
  const n = inputs.length;
  const group = new Array<number>(n);
  const ms = new Array<number>(n);
  const seconds = new Array<number>(n);
  const wh = new Array<string>(n);
  const quality = new Array<number>(n);
  const revision = new Array<number>(n);
  let base = Infinity;
  let lastMeter = '';
  let lastDay = '';
  let lastGroup = 0;
  for (let i = 0; i < n; i++) {
    const r = inputs[i];
    const day = dayOf(r);
    if (r.meterId !== lastMeter || day !== lastDay) {
      lastMeter = r.meterId;
      lastDay = day;
      const key = `${r.meterId} ${day}`;
      lastGroup = groupOf.get(key) ?? 0;
      if (lastGroup === 0) {
        let meter = meterPosition.get(r.meterId);
        if (meter === undefined) meterPosition.set(r.meterId, (meter = meters.push(r.meterId)));
        lastGroup = groups.push({ meter, day, wh: 0n, n: 0, ewh: 0n, en: 0 });
        groupOf.set(key, lastGroup);
      }
    }
    const g = groups[lastGroup - 1];
    g.wh += r.valueWh;
    g.n++;
    if (isEstimated(r.quality)) {
      g.ewh += r.valueWh;
      g.en++;
    }
    group[i] = lastGroup;
    ms[i] = r.start.getTime();
    if (ms[i] < base) base = ms[i];
    seconds[i] = r.durationS;
    wh[i] = r.valueWh.toString();
    quality[i] = r.quality;
    revision[i] = revisionOf(r);
  }
  const wholeSeconds = ms.every((t) => (t - base) % 1000 === 0);
  const offsets = wholeSeconds ? ms.map((t) => (t - base) / 1000) : ms.map((t) => t - base);
  const duration = compactColumn(seconds);
  const q = compactColumn(quality);
  const rev = compactColumn(revision);
  return {
    meters,
    params: (organizationId: string, source: ReadingSource) => [
      organizationId,
      meters,
      meters.map(zoneOf),
      new Date(base).toISOString(),
      wholeSeconds ? '1 second' : '1 millisecond',
      arrayLiteral(group),
      arrayLiteral(offsets),
      duration.values,
      duration.same,
      arrayLiteral(wh),
      q.values,
      q.same,
      rev.values,
      rev.same,
      source,
      groups.map((g) => g.meter),
      groups.map((g) => g.day),
    ],
    /** The groups' sums: parameters 18 to 21 of the statement that adds them. */
    sums: [
      groups.map((g) => g.wh.toString()),
      groups.map((g) => g.n),
      groups.map((g) => g.ewh.toString()),
      groups.map((g) => g.en),
    ],
  };
}

/**
 * The non-negative integers of a text packed by `storedAround` (digits separated by ',' and ';'), read in
 * one pass without a string per field. Every one is exact as a double: instants in milliseconds, and
 * values of at most 10^15 Wh (MAX_READING_WH), below 2^53.
 */
export function unpackIntegers(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      value = value * 10 + c;
      digits++;
    } else {
      if (digits === 0) throw new Error(`unexpected packed readings near ${i}`);
      out.push(value);
      value = 0;
      digits = 0;
    }
  }
  if (digits > 0) out.push(value);
  return out;
}

/**
 * A column of integers for an unnest: `same` when every value is it (the array is then left out and
 * PostgreSQL pads it with nulls), else the array literal.
 */
function compactColumn(values: number[]): { values: string | null; same: number | null } {
  const first = values[0];
  for (let i = 1; i < values.length; i++)
    if (values[i] !== first) return { values: arrayLiteral(values), same: null };
  return { values: null, same: first };
}

/** The months ('YYYY-MM', UTC) the instants fall in; one comparison per instant while they stay in a month. */
export function monthsOf(instants: Iterable<Date>): string[] {
  const months: string[] = [];
  let from = 0;
  let to = -1;
  for (const instant of instants) {
    const ms = instant.getTime();
    if (ms >= from && ms < to) continue;
    const year = instant.getUTCFullYear();
    const month = instant.getUTCMonth();
    from = Date.UTC(year, month, 1);
    to = Date.UTC(year, month + 1, 1);
    const key = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`;
    if (!months.includes(key)) months.push(key);
  }
  return months;
}

const METER_COLUMNS = `m.id, m.external_id, m.kind, m.direction, m.interval_minutes, m.unit, m.rollover_modulus,
       m.active_from, m.active_to, s.time_zone`;

const meterOfRow = (r: Record<string, unknown>): MeterForIngest => ({
  id: r.id as string,
  externalId: r.external_id as string,
  kind: r.kind as MeterForIngest['kind'],
  direction: r.direction as MeterForIngest['direction'],
  intervalMinutes: r.interval_minutes as number | null,
  unit: r.unit as MeterForIngest['unit'],
  rolloverModulusWh: r.rollover_modulus === null ? null : BigInt(r.rollover_modulus as string),
  activeFrom: r.active_from as Date | null,
  activeTo: r.active_to as Date | null,
  timeZone: r.time_zone as string,
});

/** Rollup deltas of new readings (invariant 2: rollups are the sums of the readings under them). */
export function rollupsOfNew(inputs: IntervalInput[], zoneOf: (meterId: string) => string): RollupDelta[] {
  return inputs.map((r) => ({
    meterId: r.meterId,
    timeZone: zoneOf(r.meterId),
    start: r.start,
    wh: r.valueWh,
    readings: 1,
    estimatedWh: isEstimated(r.quality) ? r.valueWh : 0n,
    estimatedReadings: isEstimated(r.quality) ? 1 : 0,
  }));
}

/** Rollup deltas of corrections: the difference between the new and the stored reading. */
export function rollupsOfCorrections(
  corrections: Correction[],
  zoneOf: (meterId: string) => string,
): RollupDelta[] {
  return corrections.map(({ input, stored }) => {
    const estimated = (quality: number, wh: bigint) => (isEstimated(quality) ? wh : 0n);
    return {
      meterId: input.meterId,
      timeZone: zoneOf(input.meterId),
      start: input.start,
      wh: input.valueWh - stored.valueWh,
      readings: 0,
      estimatedWh: estimated(input.quality, input.valueWh) - estimated(stored.quality, stored.valueWh),
      estimatedReadings: (isEstimated(input.quality) ? 1 : 0) - (isEstimated(stored.quality) ? 1 : 0),
    };
  });
}

@Injectable()
export class ReadingsRepository {
  private readonly knownPartitions = new Set<string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every meter of the organization, for files that name meters by external id. */
  allMeters(organizationId: string): Promise<MeterForIngest[]> {
    return this.metersFor(organizationId, null, null);
  }

  /** Meters of the organization by id or external id (null: all), with their site's time zone. */
  async metersFor(
    organizationId: string,
    ids: string[] | null,
    externalIds: string[] | null,
  ): Promise<MeterForIngest[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${METER_COLUMNS}
       FROM meters m JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
       WHERE m.organization_id = $1 AND (($2::uuid[] IS NULL AND $3::text[] IS NULL) OR m.id = ANY($2::uuid[]) OR m.external_id = ANY($3::text[]))`,
      [organizationId, ids, externalIds],
    );
    return rows.map(meterOfRow);
  }

  /** The month (1–12) the organization's reporting years start in. */
  async reportingStartMonth(
    organizationId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [{ start_month }] = await em.query(
      'SELECT reporting_year_start_month AS start_month FROM organizations WHERE id = $1',
      [organizationId],
    );
    return start_month;
  }

  /** The reporting year of an instant at a site: its local date there, by the organization's start month. */
  async reportingYearOf(organizationId: string): Promise<(instant: Date, timeZone: string) => number> {
    const startMonth = await this.reportingStartMonth(organizationId);
    const years = new Map<string, number>();
    return (instant, timeZone) => {
      const date = localDateOf(instant, timeZone);
      let year = years.get(date);
      if (year === undefined) years.set(date, (year = reportingYearOfLocalDate(date, startMonth)));
      return year;
    };
  }

  /**
   * Creates the monthly partitions that the given instants fall in, each in its own short transaction
   * outside the ingestion transaction (partition DDL locks the parent table).
   */
  async ensurePartitions(instants: Iterable<Date>): Promise<void> {
    const months = monthsOf(instants).filter((m) => !this.knownPartitions.has(m));
    if (months.length === 0) return;
    const existing: { name: string }[] = await this.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'readings'::regclass`,
    );
    for (const { name } of existing)
      this.knownPartitions.add(name.replace(/^readings_y(\d{4})m(\d{2})$/, '$1-$2'));
    for (const month of months.filter((m) => !this.knownPartitions.has(m))) {
      // Created by a function of the schema's owner: the service's role may not run DDL (least privilege).
      await this.dataSource.query('SELECT create_readings_partition($1::date)', [`${month}-01`]);
      this.knownPartitions.add(month);
    }
  }

  /**
   * The meters of the organization among `meterIds`, as they are now, taken under the writers' lock and
   * held: each meter's row and its site's are locked `FOR KEY SHARE` to the end of the transaction, as a
   * foreign key from the readings would lock them, so a meter (or its site's zone) cannot be deleted or
   * changed under the write. A meter that is missing, or of another organization, is not in the answer.
   */
  async lockAndLoadMeters(
    em: EntityManager,
    organizationId: string,
    meterIds: string[],
  ): Promise<Map<string, MeterForIngest>> {
    await lockMeterWriters(em, meterIds);
    if (meterIds.length === 0) return new Map();
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT ${METER_COLUMNS}
       FROM meters m JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
       WHERE m.organization_id = $1 AND m.id = ANY($2::uuid[])
       ORDER BY m.id FOR KEY SHARE OF m, s`,
      [organizationId, [...new Set(meterIds)]],
    );
    return new Map(rows.map((r) => [r.id as string, meterOfRow(r)]));
  }

  /**
   * Stored readings of the meters that may coincide with or overlap [from, to), and, for intervals whose
   * reading was voided, the last revision of their history (a new reading there continues it). One round
   * trip; rows come packed per meter (text), which costs a fraction of a row each to read.
   */
  async storedAround(
    em: EntityManager,
    organizationId: string,
    meterIds: string[],
    from: Date,
    to: Date,
  ): Promise<{ stored: StoredReading[]; voidedRevisions: Map<string, number> }> {
    const rows: { meter_id: string; kind: 'r' | 'v'; packed: string }[] = await em.query(
      `SELECT meter_id, 'r' AS kind,
              string_agg(concat_ws(',', (extract(epoch FROM interval_start) * 1000)::int8, duration_s, value_wh, quality, revision), ';') AS packed
         FROM readings
         WHERE organization_id = $1 AND meter_id = ANY($2::uuid[]) AND interval_start >= $3 AND interval_start < $4
         GROUP BY meter_id
       UNION ALL
       SELECT meter_id, 'v', string_agg(concat_ws(',', ms, revision), ';')
         FROM (SELECT meter_id, (extract(epoch FROM interval_start) * 1000)::int8 AS ms, max(revision) AS revision
               FROM reading_revisions
               WHERE organization_id = $1 AND meter_id = ANY($2::uuid[]) AND interval_start >= $3 AND interval_start < $4
                 AND reason = 'void'
               GROUP BY meter_id, interval_start) v
         GROUP BY meter_id`,
      [
        organizationId,
        meterIds,
        new Date(from.getTime() - LONGEST_INTERVAL_MS).toISOString(),
        to.toISOString(),
      ],
    );
    const stored: StoredReading[] = [];
    const voidedRevisions = new Map<string, number>();
    for (const row of rows) {
      const f = unpackIntegers(row.packed);
      if (row.kind === 'v') {
        for (let i = 0; i < f.length; i += 2) voidedRevisions.set(`${row.meter_id}|${f[i]}`, f[i + 1]);
        continue;
      }
      for (let i = 0; i < f.length; i += 5) {
        stored.push({
          meterId: row.meter_id,
          start: new Date(f[i]),
          durationS: f[i + 1],
          valueWh: BigInt(f[i + 2]),
          quality: f[i + 3],
          revision: f[i + 4],
        });
      }
      // A value beyond 2^53 (stored before values were bounded at 10^15 Wh) is read exactly, as text.
      if (f.some((v) => !Number.isSafeInteger(v))) {
        stored.splice(stored.length - f.length / 5, f.length / 5);
        for (const item of row.packed.split(';')) {
          const [start, durationS, valueWh, quality, revision] = item.split(',');
          stored.push({
            meterId: row.meter_id,
            start: new Date(Number(start)),
            durationS: Number(durationS),
            valueWh: BigInt(valueWh),
            quality: Number(quality),
            revision: Number(revision),
          });
        }
      }
    }
    return { stored, voidedRevisions };
  }

  /**
   * Stores new interval readings and adds them to their meters' rollups by site-local day (invariant 2),
   * in one statement. The rows travel once, compactly: each as the index of its (meter, day) group, its
   * instant as an offset from the first, and a column whose values are all the same (length, quality,
   * revision) as one value; the rollups are the groups' sums, added up here. `dayOf` gives a reading's
   * site-local date as the service reads zones; PostgreSQL's reading of the zone is the rule for rollups
   * (as for voids, corrections and every report), so the statement checks every row against it, and
   * should one differ (the two zone databases disagreeing), moves it to PostgreSQL's day before returning.
   * `revisionOf` gives a reading whose interval was voided the revision its history is at (0 otherwise).
   */
  async insertReadings(
    em: EntityManager,
    organizationId: string,
    inputs: IntervalInput[],
    source: ReadingSource,
    zoneOf: (meterId: string) => string,
    dayOf: (input: IntervalInput) => string,
    revisionOf: (input: IntervalInput) => number = () => 0,
  ): Promise<void> {
    if (inputs.length === 0) return;
    const encoded = encodeReadings(inputs, zoneOf, dayOf, revisionOf);
    const rows = `unnest($6::int[], $7::int8[], $8::int[], $10::int8[], $11::int2[], $13::int[]) AS t(g, o, d, v, q, rev)`;
    const row = `($2::uuid[])[($16::int[])[g]] AS meter_id, ($3::text[])[($16::int[])[g]] AS zone, ($17::date[])[g] AS day,
                 $4::timestamptz + o * $5::interval AS interval_start, coalesce(d, $9) AS d, v, coalesce(q, $12) AS q,
                 coalesce(rev, $14) AS rev, $15::text AS source`;
    const [{ misplaced }] = await em.query(
      `WITH t AS NOT MATERIALIZED (SELECT ${row} FROM ${rows}),
       stored AS (
         INSERT INTO readings (organization_id, meter_id, interval_start, duration_s, value_wh, quality, revision, source)
         SELECT $1, meter_id, interval_start, d, v, q, rev, source FROM t),
       rolled AS (
         INSERT INTO meter_daily_rollups (organization_id, meter_id, local_date, wh, readings, estimated_wh, estimated_readings)
         SELECT $1, ($2::uuid[])[m], day, wh, n, ewh, en
         FROM unnest($16::int[], $17::date[], $18::int8[], $19::int[], $20::int8[], $21::int[]) AS g(m, day, wh, n, ewh, en)
         ON CONFLICT (organization_id, meter_id, local_date) DO UPDATE SET
           wh = meter_daily_rollups.wh + excluded.wh,
           readings = meter_daily_rollups.readings + excluded.readings,
           estimated_wh = meter_daily_rollups.estimated_wh + excluded.estimated_wh,
           estimated_readings = meter_daily_rollups.estimated_readings + excluded.estimated_readings)
       SELECT count(*) FILTER (WHERE (interval_start AT TIME ZONE zone)::date <> day)::int AS misplaced FROM t`,
      [...encoded.params(organizationId, source), ...encoded.sums],
    );
    if (misplaced === 0) return;
    // Rare: PostgreSQL dates some readings otherwise. Their energy moves from the day they were added to
    // to PostgreSQL's day; a day left without readings leaves the rollups.
    await em.query(
      `WITH t AS NOT MATERIALIZED (SELECT ${row} FROM ${rows}),
       moved AS (
         SELECT meter_id, (interval_start AT TIME ZONE zone)::date AS day, 1 AS sign, v, q FROM t
           WHERE (interval_start AT TIME ZONE zone)::date <> day
         UNION ALL
         SELECT meter_id, day, -1, v, q FROM t WHERE (interval_start AT TIME ZONE zone)::date <> day)
       INSERT INTO meter_daily_rollups (organization_id, meter_id, local_date, wh, readings, estimated_wh, estimated_readings)
       SELECT $1, meter_id, day, sum(sign * v), sum(sign), coalesce(sum(sign * v) FILTER (WHERE q = ANY($18::int2[])), 0),
              coalesce(sum(sign) FILTER (WHERE q = ANY($18::int2[])), 0)
       FROM moved GROUP BY 2, 3
       ON CONFLICT (organization_id, meter_id, local_date) DO UPDATE SET
         wh = meter_daily_rollups.wh + excluded.wh,
         readings = meter_daily_rollups.readings + excluded.readings,
         estimated_wh = meter_daily_rollups.estimated_wh + excluded.estimated_wh,
         estimated_readings = meter_daily_rollups.estimated_readings + excluded.estimated_readings`,
      [...encoded.params(organizationId, source), ESTIMATED_QUALITY_CODES],
    );
    await em.query(
      `DELETE FROM meter_daily_rollups WHERE organization_id = $1 AND meter_id = ANY($2::uuid[]) AND readings = 0`,
      [organizationId, encoded.meters],
    );
  }

  /** Applies corrections and keeps each previous value in the revision history (who, when, old, new). */
  async applyCorrections(
    em: EntityManager,
    organizationId: string,
    corrections: Correction[],
    by: { actor: Actor; requestId: string | null },
  ): Promise<void> {
    if (corrections.length === 0) return;
    const columns = [
      organizationId,
      corrections.map((c) => c.input.meterId),
      isoList(corrections.map((c) => c.input.start)),
      corrections.map((c) => c.input.valueWh.toString()),
      corrections.map((c) => c.input.quality),
      corrections.map((c) => c.stored.valueWh.toString()),
      corrections.map((c) => c.stored.quality),
      corrections.map((c) => c.stored.revision + 1),
      corrections.map((c) => c.reason),
    ];
    await em.query(
      `UPDATE readings r SET value_wh = t.v, quality = t.q, revision = t.rev, received_at = now()
       FROM unnest($2::uuid[], $3::timestamptz[], $4::bigint[], $5::smallint[], $6::bigint[], $7::smallint[], $8::int[], $9::text[])
         AS t(m, s, v, q, ov, oq, rev, reason)
       WHERE r.organization_id = $1 AND r.meter_id = t.m AND r.interval_start = t.s`,
      columns,
    );
    await em.query(
      `INSERT INTO reading_revisions (organization_id, meter_id, interval_start, revision, old_value_wh, new_value_wh,
                                      old_quality, new_quality, reason, changed_at, actor_type, actor_id, actor_label, request_id)
       SELECT $1, m, s, rev, ov, v, oq, q, reason, now(), $10, $11, $12, $13
       FROM unnest($2::uuid[], $3::timestamptz[], $4::bigint[], $5::smallint[], $6::bigint[], $7::smallint[], $8::int[], $9::text[])
         AS t(m, s, v, q, ov, oq, rev, reason)`,
      [...columns, by.actor.type, by.actor.id, by.actor.label, by.requestId],
    );
  }

  /** Adds deltas to the rollups of each meter's site-local day, in the writing transaction (invariant 2). */
  async addToRollups(em: EntityManager, organizationId: string, deltas: RollupDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await em.query(
      `INSERT INTO meter_daily_rollups (organization_id, meter_id, local_date, wh, readings, estimated_wh, estimated_readings)
       SELECT $1, m, (s AT TIME ZONE z)::date, sum(wh), sum(n), sum(ewh), sum(en)
       FROM unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::bigint[], $6::int[], $7::bigint[], $8::int[])
         AS t(m, s, z, wh, n, ewh, en)
       GROUP BY m, (s AT TIME ZONE z)::date
       ON CONFLICT (organization_id, meter_id, local_date) DO UPDATE SET
         wh = meter_daily_rollups.wh + excluded.wh,
         readings = meter_daily_rollups.readings + excluded.readings,
         estimated_wh = meter_daily_rollups.estimated_wh + excluded.estimated_wh,
         estimated_readings = meter_daily_rollups.estimated_readings + excluded.estimated_readings`,
      [
        organizationId,
        deltas.map((d) => d.meterId),
        isoList(deltas.map((d) => d.start)),
        deltas.map((d) => d.timeZone),
        deltas.map((d) => d.wh.toString()),
        deltas.map((d) => d.readings),
        deltas.map((d) => d.estimatedWh.toString()),
        deltas.map((d) => d.estimatedReadings),
      ],
    );
  }

  /**
   * Keeps an ingestion's answer for replays of its `Idempotency-Key` (claimed in the same transaction).
   * Only answers of writes that committed are kept, so the key's HTTP status stays unset: the carrier
   * that replays the answer gives it its status.
   */
  async keepAnswer(em: EntityManager, organizationId: string, key: string, answer: object): Promise<void> {
    await em.query('UPDATE idempotency_keys SET response = $3 WHERE organization_id = $1 AND key = $2', [
      organizationId,
      key,
      JSON.stringify(answer),
    ]);
  }

  /**
   * Voids a meter's readings that start within [from, to): each row leaves `readings` for its revision
   * history (reason 'void', no new value, the person's reason, who, when, request), and the rollups of
   * its site-local days lose it, a day left without readings leaving them (invariant 2). One statement.
   */
  async voidReadings(
    em: EntityManager,
    organizationId: string,
    meter: { id: string; timeZone: string },
    period: { from: Date; to: Date },
    reason: string,
    by: { actor: Actor; requestId: string | null },
  ): Promise<{ readings: number; wh: bigint; days: number; first: Date | null; lastEnd: Date | null }> {
    const [row] = await em.query(
      `WITH gone AS (
         DELETE FROM readings
         WHERE organization_id = $1 AND meter_id = $2 AND interval_start >= $3 AND interval_start < $4
         RETURNING interval_start, duration_s, value_wh, quality, revision),
       history AS (
         INSERT INTO reading_revisions (organization_id, meter_id, interval_start, revision, old_value_wh, new_value_wh,
                                        old_quality, new_quality, reason, void_reason, changed_at, actor_type, actor_id,
                                        actor_label, request_id)
         SELECT $1, $2, interval_start, revision + 1, value_wh, NULL, quality, NULL, 'void', $5, now(), $6, $7, $8, $9
         FROM gone),
       days AS (
         SELECT (interval_start AT TIME ZONE $10)::date AS local_date, sum(value_wh) AS wh, count(*)::int AS n,
                coalesce(sum(value_wh) FILTER (WHERE quality = ANY($11::int2[])), 0) AS ewh,
                count(*) FILTER (WHERE quality = ANY($11::int2[]))::int AS en
         FROM gone GROUP BY 1),
       emptied AS (
         DELETE FROM meter_daily_rollups u USING days d
         WHERE u.organization_id = $1 AND u.meter_id = $2 AND u.local_date = d.local_date AND u.readings = d.n
         RETURNING u.local_date),
       lowered AS (
         UPDATE meter_daily_rollups u SET wh = u.wh - d.wh, readings = u.readings - d.n,
           estimated_wh = u.estimated_wh - d.ewh, estimated_readings = u.estimated_readings - d.en
         FROM days d
         WHERE u.organization_id = $1 AND u.meter_id = $2 AND u.local_date = d.local_date AND u.readings <> d.n
         RETURNING u.local_date)
       SELECT count(*)::int AS readings, coalesce(sum(value_wh), 0)::text AS wh, min(interval_start) AS first,
              max(interval_start + duration_s * interval '1 second') AS last_end,
              (SELECT count(*) FROM emptied)::int + (SELECT count(*) FROM lowered)::int AS days
       FROM gone`,
      [
        organizationId,
        meter.id,
        period.from.toISOString(),
        period.to.toISOString(),
        reason,
        by.actor.type,
        by.actor.id,
        by.actor.label,
        by.requestId,
        meter.timeZone,
        ESTIMATED_QUALITY_CODES,
      ],
    );
    return {
      readings: row.readings,
      wh: BigInt(row.wh),
      days: row.days,
      first: row.first,
      lastEnd: row.last_end,
    };
  }

  /** The site-local months ('YYYY-MM') in which a meter has readings starting within [from, to). */
  async localMonthsWithReadings(
    em: EntityManager,
    organizationId: string,
    meter: { id: string; timeZone: string },
    period: { from: Date; to: Date },
  ): Promise<string[]> {
    const rows: { month: string }[] = await em.query(
      `SELECT DISTINCT to_char(interval_start AT TIME ZONE $5, 'YYYY-MM') AS month FROM readings
       WHERE organization_id = $1 AND meter_id = $2 AND interval_start >= $3 AND interval_start < $4`,
      [organizationId, meter.id, period.from.toISOString(), period.to.toISOString(), meter.timeZone],
    );
    return rows.map((r) => r.month);
  }

  /** The latest register value (reading or reset) of each meter. */
  async latestRegisters(
    em: EntityManager,
    organizationId: string,
    meterIds: string[],
  ): Promise<Map<string, RegisterState>> {
    const rows: { meter_id: string; read_at: Date; register_wh: string; series: number }[] = await em.query(
      `SELECT DISTINCT ON (meter_id) meter_id, read_at, register_wh, series FROM register_readings
       WHERE organization_id = $1 AND meter_id = ANY($2::uuid[]) ORDER BY meter_id, read_at DESC`,
      [organizationId, meterIds],
    );
    return new Map(
      rows.map((r) => [r.meter_id, { at: r.read_at, registerWh: BigInt(r.register_wh), series: r.series }]),
    );
  }

  /** Stored register values of the meters within [from, to], by meter and instant. */
  async storedRegisterReads(
    em: EntityManager,
    organizationId: string,
    meterIds: string[],
    from: Date,
    to: Date,
  ): Promise<Map<string, Map<number, bigint>>> {
    const rows: { meter_id: string; read_at: Date; register_wh: string }[] = await em.query(
      `SELECT meter_id, read_at, register_wh FROM register_readings
       WHERE organization_id = $1 AND meter_id = ANY($2::uuid[]) AND read_at >= $3 AND read_at <= $4`,
      [organizationId, meterIds, from.toISOString(), to.toISOString()],
    );
    const byMeter = new Map<string, Map<number, bigint>>();
    for (const r of rows) {
      const reads = byMeter.get(r.meter_id) ?? new Map<number, bigint>();
      reads.set(r.read_at.getTime(), BigInt(r.register_wh));
      byMeter.set(r.meter_id, reads);
    }
    return byMeter;
  }

  async insertRegisterReads(
    em: EntityManager,
    organizationId: string,
    reads: (RegisterInput & { series: number; kind?: 'reading' | 'reset' })[],
  ): Promise<void> {
    if (reads.length === 0) return;
    await em.query(
      `INSERT INTO register_readings (organization_id, meter_id, read_at, series, kind, register_wh, quality)
       SELECT $1, m, a, s, k, v, q FROM unnest($2::uuid[], $3::timestamptz[], $4::int[], $5::text[], $6::bigint[], $7::smallint[])
         AS t(m, a, s, k, v, q)`,
      [
        organizationId,
        reads.map((r) => r.meterId),
        isoList(reads.map((r) => r.at)),
        reads.map((r) => r.series),
        reads.map((r) => r.kind ?? 'reading'),
        reads.map((r) => r.registerWh.toString()),
        reads.map((r) => r.quality),
      ],
    );
  }
}
