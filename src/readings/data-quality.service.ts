import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { findInOrganization } from '../database/find-in-organization';
import { DEFAULT_STALE_HOURS, hasGapsOrIsStale, yearCoverage } from '../figures/meter-coverage';
import { YearFiguresService } from '../figures/year-figures.service';
import { Meter } from '../meters/meter.entity';
import {
  DataQualityPageDto,
  DataQualityQueryDto,
  GapDto,
  MeterCoverageDto,
  MeterDataQualityDto,
} from './dto/consumption.dto';

const MAX_GAPS = 200;

/**
 * Completeness of meter data (M-4, auditors' check 1): expected vs received intervals, gaps, estimates,
 * staleness; a presenter of the year's figures (`YearFigures.meters`), so it agrees with the explanations.
 */
@Injectable()
export class DataQualityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly figures: YearFiguresService,
  ) {}

  /** One meter's reporting year, with its missing ranges. */
  async forMeter(ctx: RequestContext, meterId: string, year: number): Promise<MeterDataQualityDto> {
    const meter = await findInOrganization(this.dataSource.manager, Meter, ctx, meterId, 'Meter');
    const [summary] = yearCoverage(await this.figures.meterYear(ctx.organizationId, year, meterId));
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

  /**
   * Every meter of the organization in a reporting year, in one read (by site, then external id): the
   * coverage `withProblems` filters, with each meter's kind, direction and site zone.
   */
  async everyMeter(
    ctx: RequestContext,
    year: number,
    staleAfterHours = DEFAULT_STALE_HOURS,
  ): Promise<MeterCoverageDto[]> {
    const figures = await this.figures.meterYear(ctx.organizationId, year, null);
    const coverage = yearCoverage(figures, staleAfterHours);
    return figures.meters.map((m, i) => ({
      ...coverage[i],
      kind: m.kind,
      direction: m.direction,
      intervalMinutes: m.intervalMinutes,
      timeZone: m.timeZone,
    }));
  }

  /** Meters with missing intervals or stale data in a reporting year. */
  async withProblems(ctx: RequestContext, query: DataQualityQueryDto): Promise<DataQualityPageDto> {
    const figures = await this.figures.year(ctx.organizationId, { year: query.year });
    const flagged = yearCoverage(figures, query.staleAfterHours)
      .filter(hasGapsOrIsStale)
      .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
    return {
      items: flagged.slice(query.offset, query.offset + query.limit),
      total: flagged.length,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
