import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/principal';
import { CorrectionReason, StoredReading } from './batch-classifier';
import { IntervalInput, MeterForIngest, RegisterInput } from './reading-input';
import { isEstimated } from './reading-quality';
import { RegisterState } from './register-deltas';
import { localDateOf } from '../common/zoned-time';
import { reportingYearOfLocalDate } from './reporting-year';

// Advisory-lock namespace: one lock per meter serializes its writers (7_301_005 guards partition DDL, in
// the create_readings_partition function).
const METER_LOCK_NAMESPACE = 7_301_004;
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
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

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
      `SELECT m.id, m.external_id, m.kind, m.direction, m.interval_minutes, m.unit, m.rollover_modulus, m.active_from, m.active_to,
              s.time_zone
       FROM meters m JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
       WHERE m.organization_id = $1 AND (($2::uuid[] IS NULL AND $3::text[] IS NULL) OR m.id = ANY($2::uuid[]) OR m.external_id = ANY($3::text[]))`,
      [organizationId, ids, externalIds],
    );
    return rows.map((r) => ({
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
    }));
  }

  /**
   * Whether an instant falls in a finalized reporting year (invariant 7). Years are read in each site's
   * local dates, as the rollups are kept.
   */
  async periodLock(organizationId: string): Promise<(instant: Date, timeZone: string) => boolean> {
    const years = new Set(await this.finalizedYears(organizationId));
    if (years.size === 0) return () => false;
    const [{ start_month }] = await this.dataSource.query(
      'SELECT reporting_year_start_month AS start_month FROM organizations WHERE id = $1',
      [organizationId],
    );
    return (instant, timeZone) =>
      years.has(reportingYearOfLocalDate(localDateOf(instant, timeZone), start_month));
  }

  /** Finalized reporting years of the organization (invariant 7). */
  async finalizedYears(organizationId: string): Promise<number[]> {
    const rows: { year: number }[] = await this.dataSource.query(
      `SELECT year FROM reporting_periods WHERE organization_id = $1 AND status = 'finalized'`,
      [organizationId],
    );
    return rows.map((r) => r.year);
  }

  /**
   * Creates the monthly partitions that the given instants fall in, each in its own short transaction
   * outside the ingestion transaction (partition DDL locks the parent table).
   */
  async ensurePartitions(instants: Date[]): Promise<void> {
    const months = [...new Set(instants.map(monthKey))].filter((m) => !this.knownPartitions.has(m));
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

  /** Serializes writers of the same meters for the rest of the transaction; in id order, so no deadlock. */
  async lockMeters(em: EntityManager, meterIds: string[]): Promise<void> {
    const sorted = [...new Set(meterIds)].sort();
    await em.query(
      'SELECT pg_advisory_xact_lock($1, hashtext(id)) FROM unnest($2::text[]) AS id ORDER BY id',
      [METER_LOCK_NAMESPACE, sorted],
    );
  }

  /** Stored readings of the meters that may coincide with or overlap [from, to). */
  async storedAround(
    em: EntityManager,
    organizationId: string,
    meterIds: string[],
    from: Date,
    to: Date,
  ): Promise<StoredReading[]> {
    const rows: {
      meter_id: string;
      interval_start: Date;
      duration_s: number;
      value_wh: string;
      quality: number;
      revision: number;
    }[] = await em.query(
      `SELECT meter_id, interval_start, duration_s, value_wh, quality, revision FROM readings
         WHERE organization_id = $1 AND meter_id = ANY($2::uuid[]) AND interval_start >= $3 AND interval_start < $4`,
      [
        organizationId,
        meterIds,
        new Date(from.getTime() - LONGEST_INTERVAL_MS).toISOString(),
        to.toISOString(),
      ],
    );
    return rows.map((r) => ({
      meterId: r.meter_id,
      start: r.interval_start,
      durationS: r.duration_s,
      valueWh: BigInt(r.value_wh),
      quality: r.quality,
      revision: r.revision,
    }));
  }

  async insertReadings(
    em: EntityManager,
    organizationId: string,
    inputs: IntervalInput[],
    source: ReadingSource,
  ): Promise<void> {
    if (inputs.length === 0) return;
    await em.query(
      `INSERT INTO readings (organization_id, meter_id, interval_start, duration_s, value_wh, quality, source)
       SELECT $1, m, s, d, v, q, $7 FROM unnest($2::uuid[], $3::timestamptz[], $4::int[], $5::bigint[], $6::smallint[]) AS t(m, s, d, v, q)`,
      [
        organizationId,
        inputs.map((r) => r.meterId),
        isoList(inputs.map((r) => r.start)),
        inputs.map((r) => r.durationS),
        inputs.map((r) => r.valueWh.toString()),
        inputs.map((r) => r.quality),
        source,
      ],
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
