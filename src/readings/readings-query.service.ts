import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { notFound } from '../common/app-error';
import {
  IntervalRevisionDto,
  ListReadingsQueryDto,
  ListRevisionsQueryDto,
  ReadingPageDto,
  RevisionDto,
  RevisionPageDto,
} from './dto/consumption.dto';
import { qualityClass } from './reading-quality';
import { periodAt } from './reading-range';
import { ReadingsRepository } from './readings.repository';

/** Rows of meter $2 of organization $1 whose interval starts within [$3, $4) (either bound may be null). */
const WHERE_METER_PERIOD = `organization_id = $1 AND meter_id = $2 AND ($3::timestamptz IS NULL OR interval_start >= $3)
  AND ($4::timestamptz IS NULL OR interval_start < $4)`;

/** Raw readings as stored, for auditors tracing a figure back (invariant 1: corrections keep their history). */
@Injectable()
export class ReadingsQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ReadingsRepository,
  ) {}

  /**
   * Raw readings of a meter with their revision history, oldest first; `from` and `to` are local dates in
   * the meter's site zone (as `/consumption` reads them) or instants.
   */
  async readings(ctx: RequestContext, meterId: string, query: ListReadingsQueryDto): Promise<ReadingPageDto> {
    const params = await this.meterPeriod(ctx, meterId, query);
    const where = WHERE_METER_PERIOD;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT r.interval_start, r.duration_s, r.value_wh, r.quality, r.revision, r.source, r.received_at,
                coalesce((SELECT json_agg(json_build_object(
                   'revision', v.revision, 'oldValueWh', v.old_value_wh::text, 'newValueWh', v.new_value_wh::text,
                   'oldQuality', v.old_quality, 'newQuality', v.new_quality, 'reason', v.reason, 'voidReason', v.void_reason, 'changedAt', v.changed_at,
                   'actorType', v.actor_type, 'actorId', v.actor_id, 'actorLabel', v.actor_label, 'requestId', v.request_id)
                   ORDER BY v.revision)
                 FROM reading_revisions v WHERE v.organization_id = r.organization_id AND v.meter_id = r.meter_id
                   AND v.interval_start = r.interval_start AND r.revision > 0), '[]') AS revisions
         FROM readings r WHERE ${where} ORDER BY r.interval_start LIMIT $5 OFFSET $6`,
        [...params, query.limit, query.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM readings WHERE ${where}`, params),
    ]);
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        start: r.interval_start as Date,
        durationMinutes: (r.duration_s as number) / 60,
        valueWh: r.value_wh as string,
        quality: r.quality as number,
        qualityClass: qualityClass(r.quality as number),
        revision: r.revision as number,
        source: r.source as string,
        receivedAt: r.received_at as Date,
        // json_build_object writes timestamps as PostgreSQL text (…21:40:07.30114+00:00): answer ISO instants as elsewhere.
        revisions: (r.revisions as RevisionDto[]).map((v) => ({ ...v, changedAt: new Date(v.changedAt) })),
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /**
   * The revision history of a meter's intervals starting within a period, oldest interval first: corrections
   * and voids, so a voided reading (no longer among the readings) can still be traced, who voided it and why.
   */
  async revisions(
    ctx: RequestContext,
    meterId: string,
    query: ListRevisionsQueryDto,
  ): Promise<RevisionPageDto> {
    const params = [...(await this.meterPeriod(ctx, meterId, query)), query.reason ?? null];
    const where = `${WHERE_METER_PERIOD} AND ($5::text IS NULL OR reason = $5)`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT interval_start, revision, old_value_wh::text, new_value_wh::text, old_quality, new_quality, reason,
                void_reason, changed_at, actor_type, actor_id, actor_label, request_id
         FROM reading_revisions WHERE ${where} ORDER BY interval_start, revision LIMIT $6 OFFSET $7`,
        [...params, query.limit, query.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM reading_revisions WHERE ${where}`, params),
    ]);
    return {
      items: rows.map((r: Record<string, unknown>): IntervalRevisionDto => ({
        start: r.interval_start as Date,
        revision: r.revision as number,
        oldValueWh: r.old_value_wh as string,
        newValueWh: r.new_value_wh as string | null,
        oldQuality: r.old_quality as number,
        newQuality: r.new_quality as number | null,
        reason: r.reason as string,
        voidReason: r.void_reason as string | null,
        changedAt: r.changed_at as Date,
        actorType: r.actor_type as string,
        actorId: r.actor_id as string | null,
        actorLabel: r.actor_label as string,
        requestId: r.request_id as string | null,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** [organization, meter, from, to] of a meter of the organization (404 otherwise) and a period at its site. */
  private async meterPeriod(ctx: RequestContext, meterId: string, query: ListReadingsQueryDto) {
    const [meter] = await this.repository.metersFor(ctx.organizationId, [meterId], []);
    if (!meter) throw notFound('Meter', meterId);
    const { from, to } = periodAt(query, meter.timeZone);
    return [ctx.organizationId, meterId, from, to];
  }
}
