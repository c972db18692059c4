import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { notFound } from '../common/app-error';
import { ListReadingsQueryDto, ReadingPageDto, RevisionDto } from './dto/consumption.dto';
import { qualityClass } from './reading-quality';
import { periodAt } from './reading-range';
import { ReadingsRepository } from './readings.repository';

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
    const [meter] = await this.repository.metersFor(ctx.organizationId, [meterId], []);
    if (!meter) throw notFound('Meter', meterId);
    const { from, to } = periodAt(query, meter.timeZone);
    const params = [ctx.organizationId, meterId, from, to];
    const where = `organization_id = $1 AND meter_id = $2 AND ($3::timestamptz IS NULL OR interval_start >= $3)
                   AND ($4::timestamptz IS NULL OR interval_start < $4)`;
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
}
