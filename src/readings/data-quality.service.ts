import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { startOfLocalDay } from '../common/zoned-time';
import { findInOrganization } from '../database/find-in-organization';
import { Meter } from '../meters/meter.entity';
import { Organization } from '../organizations/organization.entity';
import { DataQualityPageDto, DataQualityQueryDto, GapDto, MeterDataQualityDto } from './dto/consumption.dto';
import { reportingYearDates } from './reporting-year';

const MAX_GAPS = 200;
const DEFAULT_STALE_HOURS = 48;

/**
 * A reporting year as local dates. Each meter's year runs between these dates in its site's zone: the
 * days its rollups are kept by (C-2), so that expected and received intervals and the gaps cover one span.
 */
interface YearWindow {
  year: number;
  fromDate: string;
  toDate: string;
}

/** Completeness of meter data (M-4, auditors' check 1): expected vs received intervals, gaps, estimates, staleness. */
@Injectable()
export class DataQualityService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One meter's reporting year, with its missing ranges. */
  async forMeter(ctx: RequestContext, meterId: string, year: number): Promise<MeterDataQualityDto> {
    const meter = await findInOrganization(this.dataSource.manager, Meter, ctx, meterId, 'Meter');
    const window = await this.reportingYear(ctx, year);
    const [summary] = await this.summaries(ctx, window, DEFAULT_STALE_HOURS, meterId);
    if (meter.kind !== 'interval') return summary;
    const [from, to] = [summary.checkedFrom, summary.checkedTo];
    const gaps: { from: Date; to: Date }[] =
      to > from
        ? await this.dataSource.query(
            `WITH r AS (
               SELECT interval_start AS s, interval_start + duration_s * interval '1 second' AS e FROM readings
               WHERE organization_id = $1 AND meter_id = $2 AND interval_start >= $3 AND interval_start < $4),
             bounds AS (SELECT $3::timestamptz AS e, min(s) AS next FROM r
                        UNION ALL SELECT e, lead(s, 1, $4::timestamptz) OVER (ORDER BY s) FROM r
                        UNION ALL SELECT $3::timestamptz, $4::timestamptz WHERE NOT EXISTS (SELECT 1 FROM r))
             SELECT e AS "from", next AS "to" FROM bounds WHERE next > e ORDER BY e`,
            [ctx.organizationId, meterId, from.toISOString(), to.toISOString()],
          )
        : [];
    const intervalMs = meter.intervalMinutes! * 60_000;
    const listed: GapDto[] = gaps.slice(0, MAX_GAPS).map((g) => ({
      from: g.from,
      to: g.to,
      missingIntervals: Math.floor((g.to.getTime() - g.from.getTime()) / intervalMs),
    }));
    return { ...summary, gaps: listed, gapCount: gaps.length };
  }

  /** Meters with missing intervals or stale data in a reporting year. */
  async withProblems(ctx: RequestContext, query: DataQualityQueryDto): Promise<DataQualityPageDto> {
    const window = await this.reportingYear(ctx, query.year);
    const all = await this.summaries(ctx, window, query.staleAfterHours);
    const flagged = all.filter((m) => (m.missingIntervals ?? 0) > 0 || m.stale);
    return {
      items: flagged.slice(query.offset, query.offset + query.limit),
      total: flagged.length,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Every meter's completeness in a reporting year (the RE100 explanation shows it beside the energy). */
  async yearSummaries(ctx: RequestContext, year: number): Promise<MeterDataQualityDto[]> {
    return this.summaries(ctx, await this.reportingYear(ctx, year), DEFAULT_STALE_HOURS);
  }

  /** The local dates of a reporting year (the organization's start month). */
  private async reportingYear(ctx: RequestContext, year: number): Promise<YearWindow> {
    const org = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: ctx.organizationId });
    const { from, to } = reportingYearDates(year, org.reportingYearStartMonth);
    return { year, fromDate: from, toDate: to };
  }

  /**
   * The part of the year a meter is expected to report: the year's local dates in its site's zone, within
   * its active period, and not in the future.
   */
  private checkedPeriod(
    meter: { activeFrom: Date | null; activeTo: Date | null; intervalMinutes: number | null },
    window: YearWindow,
    timeZone: string,
  ) {
    const intervalMs = (meter.intervalMinutes ?? 15) * 60_000;
    const now = Math.floor(Date.now() / intervalMs) * intervalMs;
    const yearFrom = startOfLocalDay(window.fromDate, timeZone).getTime();
    const yearTo = startOfLocalDay(window.toDate, timeZone).getTime();
    const from = new Date(Math.max(yearFrom, meter.activeFrom?.getTime() ?? -Infinity));
    const to = new Date(Math.min(yearTo, meter.activeTo?.getTime() ?? Infinity, now));
    return { from, to };
  }

  /**
   * Expected intervals come from elapsed time (UTC arithmetic, so a 23-hour local day expects 92
   * quarter-hours); received ones from the daily rollups, so no raw reading is scanned.
   */
  private async summaries(
    ctx: RequestContext,
    window: YearWindow,
    staleAfterHours: number,
    meterId?: string,
  ): Promise<MeterDataQualityDto[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT m.id, m.external_id, m.site_id, m.kind, m.interval_minutes, m.active_from, m.active_to, s.time_zone,
              coalesce(sum(u.readings), 0)::int AS received, coalesce(sum(u.wh), 0)::text AS wh,
              coalesce(sum(u.estimated_wh), 0)::text AS estimated_wh,
              -- The latest interval also ends last (a meter's intervals never overlap): one index probe.
              (SELECT r.interval_start + r.duration_s * interval '1 second' FROM readings r
               WHERE r.organization_id = m.organization_id AND r.meter_id = m.id
               ORDER BY r.interval_start DESC LIMIT 1) AS last_reading_at
       FROM meters m
       JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
       LEFT JOIN meter_daily_rollups u ON u.organization_id = m.organization_id AND u.meter_id = m.id
         AND u.local_date >= $2::date AND u.local_date < $3::date
       WHERE m.organization_id = $1 AND ($4::uuid IS NULL OR m.id = $4)
       GROUP BY m.organization_id, m.id, s.time_zone ORDER BY m.external_id`,
      [ctx.organizationId, window.fromDate, window.toDate, meterId ?? null],
    );
    const staleBefore = Date.now() - staleAfterHours * 3_600_000;
    return rows.map((r) => {
      const meter = {
        activeFrom: r.active_from as Date | null,
        activeTo: r.active_to as Date | null,
        intervalMinutes: r.interval_minutes as number | null,
      };
      const { from, to } = this.checkedPeriod(meter, window, r.time_zone as string);
      const expected =
        r.kind === 'interval'
          ? Math.max(0, Math.floor((to.getTime() - from.getTime()) / (meter.intervalMinutes! * 60_000)))
          : null;
      const received = r.received as number;
      const wh = BigInt(r.wh as string);
      const lastReadingAt = r.last_reading_at as Date | null;
      // Stale: the meter should still be reporting, and its last reading ended too long ago.
      const reporting = !meter.activeTo || meter.activeTo.getTime() > Date.now();
      return {
        meterId: r.id as string,
        externalId: r.external_id as string,
        siteId: r.site_id as string,
        year: window.year,
        checkedFrom: from,
        checkedTo: to > from ? to : from,
        expectedIntervals: expected,
        receivedIntervals: received,
        missingIntervals: expected === null ? null : Math.max(0, expected - received),
        completeness: expected ? Math.min(1, received / expected) : null,
        estimatedShare:
          wh === 0n ? 0 : Number((BigInt(r.estimated_wh as string) * 1_000_000n) / wh) / 1_000_000,
        lastReadingAt,
        stale: reporting && (lastReadingAt === null || lastReadingAt.getTime() < staleBefore),
      };
    });
  }
}
