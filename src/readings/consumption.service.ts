import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { AppError, invalid } from '../common/app-error';
import { findInOrganization } from '../database/find-in-organization';
import { Meter } from '../meters/meter.entity';
import { Site } from '../sites/site.entity';
import { CONSUMPTION_SQL } from '../figures/consumption';
import { ConsumptionBucketDto, ConsumptionDto, ConsumptionQueryDto } from './dto/consumption.dto';

const MAX_HOURLY_DAYS = 92;
const DAY_MS = 86_400_000;

/** One bucket's sums: flows summed over sites, consumption summed per site and day (or hour). */
interface Row {
  period: string;
  import_wh: string;
  export_wh: string;
  generation_wh: string;
  consumption_wh: string;
  estimated_wh: string;
  readings: string;
  expected?: string | null;
}

/** The flows of one site on one day (or hour), as `CONSUMPTION_SQL` takes them. */
const SITE_FLOWS = { imp: 'f.imp', exp: 'f.exp', gen: 'f.gen' };
const FLOW_SUMS = (wh: string) => `coalesce(sum(${wh}) FILTER (WHERE m.direction = 'import'), 0) AS imp,
  coalesce(sum(${wh}) FILTER (WHERE m.direction = 'export'), 0) AS exp,
  coalesce(sum(${wh}) FILTER (WHERE m.direction = 'generation'), 0) AS gen`;
const BUCKET_SUMS = `sum(f.imp)::text AS import_wh, sum(f.exp)::text AS export_wh, sum(f.gen)::text AS generation_wh,
  sum(${CONSUMPTION_SQL.consumptionWh(SITE_FLOWS)})::text AS consumption_wh,
  sum(f.estimated)::text AS estimated_wh, sum(f.readings)::text AS readings`;

function bucket(period: string, rows: Row[]): ConsumptionBucketDto {
  const sum = (pick: (r: Row) => string) => rows.reduce((acc, r) => acc + BigInt(pick(r)), 0n);
  const importWh = sum((r) => r.import_wh);
  const exportWh = sum((r) => r.export_wh);
  const generationWh = sum((r) => r.generation_wh);
  const metered = importWh + exportWh + generationWh;
  const estimatedWh = sum((r) => r.estimated_wh);
  const expected = rows.find((r) => r.expected != null)?.expected;
  return {
    period,
    importWh: importWh.toString(),
    exportWh: exportWh.toString(),
    generationWh: generationWh.toString(),
    consumptionWh: sum((r) => r.consumption_wh).toString(),
    estimatedWh: estimatedWh.toString(),
    estimatedShare: metered === 0n ? 0 : Number((estimatedWh * 1_000_000n) / metered) / 1_000_000,
    readings: rows.reduce((acc, r) => acc + Number(r.readings), 0),
    ...(expected != null ? { expectedReadings: Number(expected) } : {}),
  };
}

/** Consumption for a meter, a site, a country or the organization, in site-local periods. */
@Injectable()
export class ConsumptionService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async series(ctx: RequestContext, query: ConsumptionQueryDto): Promise<ConsumptionDto> {
    const scopes = (['meterId', 'siteId', 'country'] as const).filter((name) => query[name] !== undefined);
    if (scopes.length > 1) {
      const message = 'Give at most one of meterId, siteId, country';
      throw new AppError('VALIDATION_FAILED', message, [
        { path: scopes[1], code: 'EXCLUSIVE_FIELDS', message },
      ]);
    }
    const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS;
    if (!(days > 0)) throw invalid('to', 'PERIOD_REVERSED', 'to must be after from');
    if (query.granularity === 'hour' && days > MAX_HOURLY_DAYS) {
      throw invalid('to', 'RANGE_TOO_LONG', `hourly series cover at most ${MAX_HOURLY_DAYS} days`);
    }
    if (query.meterId) await findInOrganization(this.dataSource.manager, Meter, ctx, query.meterId, 'Meter');
    if (query.siteId) await findInOrganization(this.dataSource.manager, Site, ctx, query.siteId, 'Site');

    const filter = `AND ($4::uuid IS NULL OR m.id = $4) AND ($5::uuid IS NULL OR m.site_id = $5) AND ($6::text IS NULL OR s.country = $6)`;
    const params = [
      ctx.organizationId,
      query.from,
      query.to,
      query.meterId ?? null,
      query.siteId ?? null,
      query.country ?? null,
    ];
    const rows: Row[] =
      query.granularity === 'hour'
        ? await this.hourly(filter, params, !!query.meterId)
        : await this.fromRollups(query, filter, params);
    // One row per bucket, in the queries' order: chronological (labels alone would sort a fall-back
    // night's +01:00 hour first). Consumption is summed per site and day (hour), so the totals are the
    // sum of the buckets and agree with the RE100 figures (figures/consumption.ts).
    return {
      granularity: query.granularity,
      from: query.from,
      to: query.to,
      totals: bucket(
        `${query.from}/${query.to}`,
        rows.map((r) => ({ ...r, expected: null })),
      ),
      series: rows.map((r) => bucket(r.period, [r])),
    };
  }

  /** Day, month and year buckets from the daily rollups: no raw reading is read. */
  private fromRollups(query: ConsumptionQueryDto, filter: string, params: unknown[]): Promise<Row[]> {
    const format = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY' }[
      query.granularity as 'day' | 'month' | 'year'
    ];
    // One interval meter, daily buckets: the DST-aware number of intervals in each local day (M-4).
    const expected =
      query.meterId && query.granularity === 'day'
        ? `, sum(CASE WHEN m.kind = 'interval' THEN extract(epoch FROM ((u.local_date + 1)::timestamp AT TIME ZONE s.time_zone)
               - (u.local_date::timestamp AT TIME ZONE s.time_zone)) / (m.interval_minutes * 60) END)::int AS expected`
        : '';
    return this.dataSource.query(
      `WITH f AS (
         SELECT to_char(u.local_date, '${format}') AS period, ${FLOW_SUMS('u.wh')},
                sum(u.estimated_wh) AS estimated, sum(u.readings) AS readings ${expected}
         FROM meter_daily_rollups u
         JOIN meters m ON m.organization_id = u.organization_id AND m.id = u.meter_id
         JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
         WHERE u.organization_id = $1 AND u.local_date >= $2::date AND u.local_date < $3::date ${filter}
         GROUP BY 1, m.site_id, u.local_date)
       SELECT f.period, ${BUCKET_SUMS} ${expected ? ', sum(f.expected)::text AS expected' : ''}
       FROM f GROUP BY f.period ORDER BY f.period`,
      params,
    );
  }

  /**
   * Hour buckets from the readings, labelled with the local hour and its UTC offset, so the two 02:00 hours
   * of a fall-back night stay apart. Consumption is taken per site and hour.
   */
  private hourly(filter: string, params: unknown[], oneMeter: boolean): Promise<Row[]> {
    return this.dataSource.query(
      `WITH r AS (
         SELECT r.value_wh, r.quality, m.direction, m.kind, m.interval_minutes, m.site_id, r.interval_start AS start_utc,
                r.interval_start AT TIME ZONE s.time_zone AS local,
                (r.interval_start AT TIME ZONE s.time_zone) - (r.interval_start AT TIME ZONE 'UTC') AS utc_offset
         FROM readings r
         JOIN meters m ON m.organization_id = r.organization_id AND m.id = r.meter_id
         JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
         WHERE r.organization_id = $1
           AND r.interval_start >= ($2::date::timestamp AT TIME ZONE s.time_zone) - interval '1 day'
           AND r.interval_start < ($3::date::timestamp AT TIME ZONE s.time_zone) + interval '1 day'
           AND (r.interval_start AT TIME ZONE s.time_zone) >= $2::date AND (r.interval_start AT TIME ZONE s.time_zone) < $3::date
           ${filter}),
       f AS (
         SELECT to_char(date_trunc('hour', local), 'YYYY-MM-DD"T"HH24:MI') ||
                  CASE WHEN utc_offset < interval '0' THEN '-' ELSE '+' END || to_char(abs(extract(epoch FROM utc_offset)) * interval '1 second', 'HH24:MI')
                  AS period,
                min(start_utc) AS first_start, ${FLOW_SUMS('value_wh').replace(/m\.direction/g, 'direction')},
                sum(CASE WHEN quality IN (8, 9, 12) THEN value_wh ELSE 0 END) AS estimated, count(*) AS readings
                ${oneMeter ? `, CASE WHEN min(kind) = 'interval' AND min(interval_minutes) <= 60 THEN 60 / min(interval_minutes) END AS expected` : ''}
         FROM r GROUP BY 1, site_id)
       SELECT f.period, ${BUCKET_SUMS} ${oneMeter ? ', min(f.expected)::text AS expected' : ''}
       FROM f GROUP BY f.period ORDER BY min(f.first_start)`,
      params,
    );
  }
}
