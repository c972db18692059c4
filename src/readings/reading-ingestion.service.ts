import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { AppError, notFound } from '../common/app-error';
import { claimIdempotencyKey, storeIdempotentAnswer } from '../common/idempotency';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { localDateOf, localDayLengthMinutes, startOfLocalDay } from '../common/zoned-time';
import { classifyIntervals, WriteMode } from './batch-classifier';
import { IngestTally } from './ingest-tally';
import { IngestResultDto } from './dto/ingest-result.dto';
import {
  boundsProblem,
  gridProblem,
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

/** Thrown to roll back a dry run that wrote: carries its answer out of the transaction. */
class DryRunDone extends Error {
  constructor(readonly answer: IngestAnswer) {
    super('dry run');
  }
}

/** A batch after the checks that need no stored reading, with the finalized-year test it was screened by. */
interface Screened {
  meters: Map<string, MeterForIngest>;
  intervals: IntervalInput[];
  registers: RegisterInput[];
  problems: ReadingProblem[];
  isLocked: (instant: Date, timeZone: string) => boolean;
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
    const screened = (await this.screener(ctx))(batch);
    if (!options.dryRun) {
      const registerMeters = [...new Set(screened.registers.map((r) => r.meterId))];
      const latest = await this.repository.latestRegisters(
        this.dataSource.manager,
        ctx.organizationId,
        registerMeters,
      );
      await this.repository.ensurePartitions([
        ...screened.intervals.map((r) => r.start),
        ...screened.registers.map((r) => r.at),
        ...[...latest.values()].map((s) => s.at),
      ]);
    }
    return this.inTransaction(ctx, options, new IngestTally(), async (em, tally) => {
      await this.writeChunk(em, ctx, screened, options, tally);
    });
  }

  /**
   * Writes a file's readings, too many to hold at once, in one transaction: `chunks()` yields them a
   * chunk at a time (interval readings only). `plan` names every meter and instant of the file, surveyed
   * beforehand, so the meters are locked in one go (no deadlock with other writers) and the partitions
   * exist before the transaction (partition DDL would wait for it). A dry run writes and rolls back, so its
   * answer is the real one; every problem is counted, the first `listLimit` listed.
   */
  async writeChunks(
    ctx: RequestContext,
    chunks: () => AsyncIterable<ParsedBatch>,
    plan: { meterIds: string[]; instants: Date[] },
    options: IngestOptions,
    listLimit: number,
  ): Promise<IngestAnswer> {
    const screen = await this.screener(ctx);
    await this.repository.ensurePartitions(plan.instants);
    return this.inTransaction(
      ctx,
      options,
      new IngestTally(listLimit),
      async (em, tally) => {
        await this.repository.lockMeters(em, plan.meterIds);
        for await (const batch of chunks()) {
          await this.writeChunk(em, ctx, screen(batch), { ...options, dryRun: false }, tally);
        }
      },
      { rollBackDryRun: true },
    );
  }

  /**
   * The checks that need no stored reading, as a function of a batch: bounds and value (any source), the
   * meter's interval grid, and finalized years. What passes is left for classification.
   */
  private async screener(ctx: RequestContext): Promise<(batch: ParsedBatch) => Screened> {
    const isLocked = await this.repository.periodLock(ctx.organizationId);
    return (batch) => {
      const problems = [...batch.problems];
      const now = Date.now();
      const meterOf = (id: string) => batch.meters.get(id)!;
      const admit = <T extends { index: number; meterId: string }>(
        items: T[],
        check: (item: T, meter: MeterForIngest) => ReadingProblem | null,
      ) =>
        items.filter((item) => {
          const problem = check(item, meterOf(item.meterId));
          if (problem) problems.push(problem);
          return !problem;
        });
      const locked = (index: number, instant: Date, meter: MeterForIngest) =>
        isLocked(instant, meter.timeZone)
          ? readingProblem(
              index,
              'PERIOD_LOCKED',
              'the reading falls in a finalized reporting year (invariant 7)',
            )
          : null;
      const intervals = admit(
        batch.intervals.map((r) => localDay(r, meterOf(r.meterId))),
        (r, meter) =>
          boundsProblem(r.index, r.start, end(r), meter, now) ??
          valueProblem(r.index, r.valueWh) ??
          gridProblem(r, meter) ??
          locked(r.index, r.start, meter),
      );
      const registers = admit(
        batch.registers,
        (r, meter) =>
          boundsProblem(r.index, r.at, r.at, meter, now) ??
          valueProblem(r.index, r.registerWh) ??
          locked(r.index, r.at, meter),
      );
      return { meters: batch.meters, intervals, registers, problems, isLocked };
    };
  }

  /** Classifies a screened chunk against what is stored, and writes what is new or corrected. */
  private async writeChunk(
    em: EntityManager,
    ctx: RequestContext,
    batch: Screened,
    options: IngestOptions,
    tally: IngestTally,
  ): Promise<void> {
    const { intervals, registers } = batch;
    const problems = [...batch.problems];
    const zoneOf = (meterId: string) => batch.meters.get(meterId)!.timeZone;
    const registerMeters = [...new Set(registers.map((r) => r.meterId))];
    const meterIds = [...new Set([...intervals.map((r) => r.meterId), ...registerMeters])];
    await this.repository.lockMeters(em, meterIds);
    tally.touch(meterIds);

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
    const fresh: IntervalInput[] = [];
    const corrections: Correction[] = [];
    for (const d of classifyIntervals(intervals, stored, options.mode)) {
      if (d.kind === 'new') fresh.push(d.input);
      else if (d.kind === 'correction')
        corrections.push({ input: d.input, stored: d.stored, reason: d.reason });
      else if (d.kind === 'duplicate') tally.duplicates++;
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
        (from) => batch.isLocked(from, meter.timeZone),
      );
      registerReads.push(...outcome.reads);
      derived.push(...outcome.intervals);
      tally.duplicates += outcome.duplicates.length;
      problems.push(...outcome.rejected);
    }

    tally.reject(problems.sort((a, b) => a.index - b.index));
    tally.accepted += fresh.length + registerReads.length;
    tally.addCorrections(corrections);
    tally.written([...fresh, ...derived]);
    if (options.dryRun || (options.atomic && tally.rejectedTotal > 0)) return;

    await this.repository.insertReadings(em, ctx.organizationId, fresh, options.source);
    await this.repository.insertReadings(em, ctx.organizationId, derived, 'register');
    await this.repository.applyCorrections(em, ctx.organizationId, corrections, ctx);
    await this.repository.addToRollups(em, ctx.organizationId, [
      ...rollupsOfNew([...fresh, ...derived], zoneOf),
      ...rollupsOfCorrections(corrections, zoneOf),
    ]);
    await this.repository.insertRegisterReads(em, ctx.organizationId, registerReads);
  }

  /**
   * Runs a write in one transaction: claims the `Idempotency-Key` (a replay answers the first answer),
   * refuses a request that only touched finalized years (409) or, with `atomic`, any problem (422), records
   * one audit entry and keeps the answer for replays. `rollBackDryRun`: a dry run did write, and is undone.
   */
  private async inTransaction(
    ctx: RequestContext,
    options: IngestOptions,
    tally: IngestTally,
    work: (em: EntityManager, tally: IngestTally) => Promise<void>,
    { rollBackDryRun = false } = {},
  ): Promise<IngestAnswer> {
    try {
      return await this.dataSource.transaction(async (em) => {
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
        await work(em, tally);
        if (tally.onlyLockedPeriods) {
          throw new AppError(
            HttpStatus.CONFLICT,
            'PERIOD_LOCKED',
            'Every reading falls in a finalized reporting year (invariant 7)',
          );
        }
        if (options.atomic && tally.rejectedTotal > 0) {
          throw new AppError(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'BATCH_REJECTED',
            `${tally.rejectedTotal} of the readings are invalid; with atomic=true nothing was written`,
            tally
              .listedProblems()
              .map((p) => ({ path: `readings.${p.index}`, code: p.code, message: p.message })),
          );
        }
        const answer = { statusCode: 200, body: tally.answer(options.dryRun), replayed: false };
        if (options.dryRun) {
          if (rollBackDryRun) throw new DryRunDone(answer);
          return answer;
        }
        if (tally.accepted + tally.corrected > 0) {
          await this.audit.record(em, ctx, {
            action: 'ingest',
            entityType: 'readings',
            entityId: tally.meterIds.length === 1 ? tally.meterIds[0] : `batch:${ctx.requestId}`,
            after: tally.auditSummary(options.source),
          });
        }
        if (options.idempotency) {
          await storeIdempotentAnswer(em, ctx.organizationId, options.idempotency.key, answer);
        }
        return answer;
      });
    } catch (error) {
      if (error instanceof DryRunDone) return error.answer;
      throw error;
    }
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
