import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { AppError, notFound } from '../common/app-error';
import { claimIdempotencyKey, storeIdempotentAnswer } from '../common/idempotency';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { localDateOf, localDayLengthMinutes, startOfLocalDay } from '../common/zoned-time';
import { classifyIntervals, WriteMode } from './batch-classifier';
import { IngestResultDto } from './dto/ingest-result.dto';
import {
  boundsProblem,
  IntervalInput,
  isProblem,
  MeterForIngest,
  parseIntervalReading,
  parseRegisterReading,
  ReadingProblem,
  readingProblem,
  RegisterInput,
  valueProblem,
} from './reading-input';
import {
  Correction,
  ReadingSource,
  ReadingsRepository,
  rollupsOfCorrections,
  rollupsOfNew,
} from './readings.repository';
import { registerDeltas } from './register-deltas';

export interface IngestOptions {
  mode: WriteMode;
  atomic: boolean;
  dryRun: boolean;
  source: ReadingSource;
  idempotency?: { key: string; fingerprint: string } | null;
}

/** Readings already parsed (from JSON, CSV or Green Button), with the problems found while parsing. */
export interface ParsedBatch {
  meters: Map<string, MeterForIngest>;
  intervals: IntervalInput[];
  registers: RegisterInput[];
  problems: ReadingProblem[];
}

export interface IngestAnswer {
  statusCode: number;
  body: IngestResultDto;
  replayed: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ReadingIngestionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReadingsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * A JSON push: `{ readings: [...] }` for the meter in the path, or for the meters each reading names.
   * Idempotent with an `Idempotency-Key`: a replay answers the first answer.
   */
  async pushJson(
    ctx: RequestContext,
    pathMeterId: string | null,
    body: unknown,
    options: IngestOptions,
  ): Promise<IngestAnswer> {
    const readings = (body as { readings?: unknown } | null)?.readings;
    const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'readings') : [];
    if (!Array.isArray(readings) || extra.length > 0) {
      const message = Array.isArray(readings)
        ? `${extra[0]} is not a known field`
        : 'readings must be an array of readings';
      throw new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, [
        { path: Array.isArray(readings) ? extra[0] : 'readings', code: 'isArray', message },
      ]);
    }
    let pathMeter: MeterForIngest | null = null;
    if (pathMeterId) {
      [pathMeter] = await this.repository.metersFor(ctx.organizationId, [pathMeterId], []);
      if (!pathMeter) throw notFound('Meter', pathMeterId);
      if (!mayWrite(ctx, pathMeter.id)) {
        throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'This API key may not write this meter');
      }
    }
    return this.write(ctx, await this.parseJson(ctx, readings, pathMeter), options);
  }

  /** Checks the batch size against the configured limit (413 with the limit in the message). */
  assertBatchSize(count: number): void {
    if (count > this.config.readingsMaxBatch) {
      throw new AppError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'BATCH_TOO_LARGE',
        `A batch holds at most ${this.config.readingsMaxBatch} readings; this one holds ${count}`,
      );
    }
  }

  /**
   * Parses JSON readings. With `pathMeter`, every reading belongs to it; otherwise each names its meter by
   * `meterId` or `meterExternalId` (the gateway form). Unknown meters, and meters outside an API key's
   * scope, are per-reading problems.
   */
  async parseJson(
    ctx: RequestContext,
    raw: unknown[],
    pathMeter: MeterForIngest | null,
  ): Promise<ParsedBatch> {
    this.assertBatchSize(raw.length);
    const meters = new Map<string, MeterForIngest>();
    if (pathMeter) meters.set(pathMeter.id, pathMeter);
    else {
      const refs = raw.map((r) =>
        typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : {},
      );
      const ids = [
        ...new Set(
          refs.map((r) => r.meterId).filter((v): v is string => typeof v === 'string' && UUID.test(v)),
        ),
      ];
      const externalIds = [
        ...new Set(refs.map((r) => r.meterExternalId).filter((v): v is string => typeof v === 'string')),
      ];
      for (const meter of await this.repository.metersFor(ctx.organizationId, ids, externalIds))
        meters.set(meter.id, meter);
    }
    const byExternalId = new Map([...meters.values()].map((m) => [m.externalId, m]));
    const batch: ParsedBatch = { meters, intervals: [], registers: [], problems: [] };
    const now = Date.now();
    raw.forEach((reading, index) => {
      const meter = this.meterOf(reading, index, pathMeter, meters, byExternalId, ctx);
      if (isProblem(meter)) return batch.problems.push(meter);
      const parsed =
        meter.kind === 'interval'
          ? parseIntervalReading(reading, index, meter, now)
          : parseRegisterReading(reading, index, meter, now);
      if (isProblem(parsed)) batch.problems.push(parsed);
      else if ('at' in parsed) batch.registers.push(parsed);
      else batch.intervals.push(parsed);
    });
    return batch;
  }

  /** Writes a parsed batch in one transaction and answers per reading. */
  async write(ctx: RequestContext, batch: ParsedBatch, options: IngestOptions): Promise<IngestAnswer> {
    const problems = [...batch.problems];
    const now = Date.now();
    const inBounds = <T extends { index: number; meterId: string }>(
      items: T[],
      span: (item: T) => [Date, Date],
      wh: (item: T) => bigint,
    ) =>
      items.filter((item) => {
        const outside =
          boundsProblem(item.index, ...span(item), batch.meters.get(item.meterId)!, now) ??
          valueProblem(item.index, wh(item));
        if (outside) problems.push(outside);
        return !outside;
      });
    batch = {
      ...batch,
      intervals: inBounds(
        batch.intervals.map((r) => localDay(r, batch.meters.get(r.meterId)!)),
        (r) => [r.start, end(r)],
        (r) => r.valueWh,
      ),
      registers: inBounds(
        batch.registers,
        (r) => [r.at, r.at],
        (r) => r.registerWh,
      ),
    };
    const isLocked = await this.repository.periodLock(ctx.organizationId);
    const zoneOf = (meterId: string) => batch.meters.get(meterId)!.timeZone;
    const keep = <T extends { index: number; meterId: string }>(
      items: T[],
      startOf: (item: T) => Date,
    ): T[] =>
      items.filter((item) => {
        if (!isLocked(startOf(item), zoneOf(item.meterId))) return true;
        problems.push(
          readingProblem(
            item.index,
            'PERIOD_LOCKED',
            'the reading falls in a finalized reporting year (invariant 7)',
          ),
        );
        return false;
      });
    const intervals = keep(batch.intervals, (r) => r.start);
    const registers = keep(batch.registers, (r) => r.at);
    const registerMeters = [...new Set(registers.map((r) => r.meterId))];

    if (!options.dryRun) {
      const latest = await this.repository.latestRegisters(
        this.dataSource.manager,
        ctx.organizationId,
        registerMeters,
      );
      await this.repository.ensurePartitions([
        ...intervals.map((r) => r.start),
        ...registers.map((r) => r.at),
        ...[...latest.values()].map((s) => s.at),
      ]);
    }

    return this.dataSource.transaction(async (em) => {
      if (options.idempotency && !options.dryRun) {
        const replay = await claimIdempotencyKey(
          em,
          ctx.organizationId,
          options.idempotency.key,
          options.idempotency.fingerprint,
        );
        if (replay)
          return { statusCode: replay.statusCode, body: replay.body as IngestResultDto, replayed: true };
      }
      const meterIds = [...new Set([...intervals.map((r) => r.meterId), ...registerMeters])];
      await this.repository.lockMeters(em, meterIds);

      // Interval readings against what is stored (invariant 1).
      const span = intervals.reduce(
        (acc, r) => ({
          from: r.start < acc.from ? r.start : acc.from,
          to: end(r) > acc.to ? end(r) : acc.to,
        }),
        { from: new Date(8.64e15), to: new Date(-8.64e15) },
      );
      const intervalMeters = [...new Set(intervals.map((r) => r.meterId))];
      const stored = intervals.length
        ? await this.repository.storedAround(em, ctx.organizationId, intervalMeters, span.from, span.to)
        : [];
      const decisions = classifyIntervals(intervals, stored, options.mode);
      const fresh: IntervalInput[] = [];
      const corrections: Correction[] = [];
      let duplicates = 0;
      for (const d of decisions) {
        if (d.kind === 'new') fresh.push(d.input);
        else if (d.kind === 'correction')
          corrections.push({ input: d.input, stored: d.stored, reason: d.reason });
        else if (d.kind === 'duplicate') duplicates++;
        else problems.push(d.problem);
      }

      // Register readings become consumption between consecutive reads (M-2).
      const latest = await this.repository.latestRegisters(em, ctx.organizationId, registerMeters);
      const times = registers.map((r) => r.at.getTime());
      const storedReads = registers.length
        ? await this.repository.storedRegisterReads(
            em,
            ctx.organizationId,
            registerMeters,
            new Date(Math.min(...times)),
            new Date(Math.max(...times)),
          )
        : new Map<string, Map<number, bigint>>();
      const registerReads: (RegisterInput & { series: number })[] = [];
      const derived: IntervalInput[] = [];
      for (const meterId of registerMeters) {
        const meter = batch.meters.get(meterId)!;
        const outcome = registerDeltas(
          registers.filter((r) => r.meterId === meterId),
          latest.get(meterId) ?? null,
          meter.rolloverModulusWh,
          storedReads.get(meterId),
          (from) => isLocked(from, meter.timeZone),
        );
        registerReads.push(...outcome.reads);
        derived.push(...outcome.intervals);
        duplicates += outcome.duplicates.length;
        problems.push(...outcome.rejected);
      }

      problems.sort((a, b) => a.index - b.index);
      const written = fresh.length + registerReads.length + corrections.length + duplicates;
      if (written === 0 && problems.length > 0 && problems.every((p) => p.code === 'PERIOD_LOCKED')) {
        throw new AppError(
          HttpStatus.CONFLICT,
          'PERIOD_LOCKED',
          'Every reading falls in a finalized reporting year (invariant 7)',
        );
      }
      if (options.atomic && problems.length > 0) {
        throw new AppError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'BATCH_REJECTED',
          `${problems.length} of the readings are invalid; with atomic=true nothing was written`,
          problems.map((p) => ({ path: `readings.${p.index}`, code: p.code, message: p.message })),
        );
      }
      const body: IngestResultDto = {
        accepted: fresh.length + registerReads.length,
        duplicates,
        corrected: corrections.length,
        rejected: problems.map((p) => ({ index: p.index, code: p.code, message: p.message })),
        dryRun: options.dryRun,
      };
      if (options.dryRun) return { statusCode: 200, body, replayed: false };

      await this.repository.insertReadings(em, ctx.organizationId, fresh, options.source);
      await this.repository.insertReadings(em, ctx.organizationId, derived, 'register');
      await this.repository.applyCorrections(em, ctx.organizationId, corrections, ctx);
      await this.repository.addToRollups(em, ctx.organizationId, [
        ...rollupsOfNew([...fresh, ...derived], zoneOf),
        ...rollupsOfCorrections(corrections, zoneOf),
      ]);
      await this.repository.insertRegisterReads(em, ctx.organizationId, registerReads);
      if (body.accepted + body.corrected > 0) {
        await this.audit.record(em, ctx, {
          action: 'ingest',
          entityType: 'readings',
          entityId: meterIds.length === 1 ? meterIds[0] : `batch:${ctx.requestId}`,
          after: auditSummary(options.source, body, [...fresh, ...derived], corrections),
        });
      }
      if (options.idempotency) {
        await storeIdempotentAnswer(em, ctx.organizationId, options.idempotency.key, {
          statusCode: 200,
          body,
        });
      }
      return { statusCode: 200, body, replayed: false };
    });
  }

  private meterOf(
    reading: unknown,
    index: number,
    pathMeter: MeterForIngest | null,
    meters: Map<string, MeterForIngest>,
    byExternalId: Map<string, MeterForIngest>,
    ctx: RequestContext,
  ): MeterForIngest | ReadingProblem {
    const r = typeof reading === 'object' && reading !== null ? (reading as Record<string, unknown>) : {};
    if (pathMeter) {
      const names =
        (r.meterId !== undefined && String(r.meterId).toLowerCase() !== pathMeter.id) ||
        (r.meterExternalId !== undefined && r.meterExternalId !== pathMeter.externalId);
      return names
        ? readingProblem(index, 'METER_MISMATCH', 'the reading names another meter than the path')
        : pathMeter;
    }
    const meter =
      typeof r.meterId === 'string'
        ? meters.get(r.meterId.toLowerCase())
        : typeof r.meterExternalId === 'string'
          ? byExternalId.get(r.meterExternalId)
          : undefined;
    if (r.meterId === undefined && r.meterExternalId === undefined) {
      return readingProblem(
        index,
        'METER_REQUIRED',
        'each reading names its meter by meterId or meterExternalId',
      );
    }
    if (!meter) return readingProblem(index, 'UNKNOWN_METER', 'no meter of this organization has that id');
    if (!mayWrite(ctx, meter.id)) {
      return readingProblem(index, 'METER_NOT_ALLOWED', 'this API key may not write that meter');
    }
    return meter;
  }
}

/** An API key limited to listed meters may write only those. */
export const mayWrite = (ctx: RequestContext, meterId: string): boolean =>
  ctx.actor.type !== 'api_key' || ctx.actor.meterIds === null || ctx.actor.meterIds.includes(meterId);

/**
 * A daily reading that starts at local midnight covers that local day, which lasts 23 or 25 hours on DST
 * days (C-2): its length becomes the day's.
 */
function localDay(r: IntervalInput, meter: MeterForIngest): IntervalInput {
  if (r.durationS !== 86_400) return r;
  const date = localDateOf(r.start, meter.timeZone);
  if (startOfLocalDay(date, meter.timeZone).getTime() !== r.start.getTime()) return r;
  return { ...r, durationS: localDayLengthMinutes(date, meter.timeZone) * 60 };
}

const end = (r: IntervalInput) => new Date(r.start.getTime() + r.durationS * 1000);

/** What the audit entry of a batch says: counts, each meter's range, and every correction (old and new). */
function auditSummary(
  source: ReadingSource,
  body: IngestResultDto,
  written: IntervalInput[],
  corrections: Correction[],
) {
  const meters = new Map<string, { meterId: string; readings: number; from: string; to: string }>();
  for (const r of written) {
    const m = meters.get(r.meterId);
    const from = r.start.toISOString();
    const to = end(r).toISOString();
    if (!m) meters.set(r.meterId, { meterId: r.meterId, readings: 1, from, to });
    else
      Object.assign(m, {
        readings: m.readings + 1,
        from: from < m.from ? from : m.from,
        to: to > m.to ? to : m.to,
      });
  }
  return {
    source,
    accepted: body.accepted,
    duplicates: body.duplicates,
    corrected: body.corrected,
    rejected: body.rejected.length,
    meters: [...meters.values()],
    corrections: corrections.map((c) => ({
      meterId: c.input.meterId,
      start: c.input.start.toISOString(),
      oldWh: c.stored.valueWh.toString(),
      newWh: c.input.valueWh.toString(),
      oldQuality: c.stored.quality,
      newQuality: c.input.quality,
      reason: c.reason,
    })),
  };
}
