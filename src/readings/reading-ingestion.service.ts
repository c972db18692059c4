import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { RequestContext } from '../auth/principal';
import type { ErrorCode } from '../common/error-codes';
import { claimIdempotencyKey } from '../common/idempotency';
import { localDateOf, localDayLengthMinutes, startOfLocalDay } from '../common/zoned-time';
import { classifyIntervals, WriteMode } from './batch-classifier';
import { IngestTally } from './ingest-tally';
import { IngestResultDto } from './dto/ingest-result.dto';
import { IngestResult, verdictOf } from './ingest-result';
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
import { Correction, ReadingSource, ReadingsRepository, rollupsOfCorrections } from './readings.repository';
import { registerDeltas } from './register-deltas';

export interface IngestOptions {
  mode: WriteMode;
  /** Nothing is written when any reading is invalid (verdict `batch_rejected`). */
  atomic: boolean;
  /** Decide and answer, write nothing. */
  dryRun: boolean;
  /** A replay of the key answers the first answer and does nothing. */
  idempotency?: { key: string; fingerprint: string } | null;
}

/** Readings already parsed (from JSON, CSV or Green Button), with the problems found while parsing. */
export interface ParsedBatch {
  meters: Map<string, MeterForIngest>;
  intervals: IntervalInput[];
  registers: RegisterInput[];
  problems: ReadingProblem[];
  /**
   * Meters that do not exist yet (stand-ins for those a Green Button import would create): accepted in a
   * dry run only, which shows whether creating them is worth it.
   */
  unsavedMeterIds?: ReadonlySet<string>;
}

/** Readings too many to hold at once (a file): chunks in order, and a survey of what they touch. */
export interface ChunkedReadings {
  chunks: () => AsyncIterable<ParsedBatch>;
  /** Every meter and instant (at least one per month) of the chunks: locked and partitioned beforehand. */
  plan: { meterIds: string[]; instants: Date[] };
  /** Problems the result lists (all of them are counted). */
  listLimit: number;
}

export type IngestReadings = ParsedBatch | ChunkedReadings;

/** Ends the transaction without committing: a refusal, or a dry run that wrote. Carries the result out. */
class RollBack extends Error {
  constructor(readonly result: IngestResult) {
    super('rolled back');
  }
}

/** A batch after the checks that need no stored reading. */
interface Screened {
  meters: Map<string, MeterForIngest>;
  intervals: IntervalInput[];
  registers: RegisterInput[];
  problems: ReadingProblem[];
  unsavedMeterIds?: ReadonlySet<string>;
  /** The reporting year of an instant at a site (its local date, the organization's start month). */
  yearOf: (instant: Date, timeZone: string) => number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ingestion core: a context, readings and options in, a result out (`ingest`). It knows nothing of
 * HTTP, so the push API, the file imports and any other carrier share it; each maps the result to its
 * own answer. One transaction per request: the meters are locked and looked up by organization under
 * that lock, readings are classified against what is stored (invariant 1), written with their rollups
 * (invariant 2) and one audit entry, and the `Idempotency-Key` is claimed, all in it.
 */
@Injectable()
export class ReadingIngestionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ReadingsRepository,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  /** Writes readings and answers per reading; see IngestResult for what is written when. */
  ingest(
    ctx: RequestContext,
    source: ReadingSource,
    readings: IngestReadings,
    options: IngestOptions,
  ): Promise<IngestResult> {
    return 'chunks' in readings
      ? this.ingestChunks(ctx, source, readings, options)
      : this.ingestBatch(ctx, source, readings, options);
  }

  /** A meter of the organization by id, as ingestion reads it (null: none, or another organization's). */
  async meter(ctx: RequestContext, meterId: string): Promise<MeterForIngest | null> {
    const [meter] = await this.repository.metersFor(ctx.organizationId, [meterId], []);
    return meter ?? null;
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
    const meters = new Map<string, MeterForIngest>();
    if (pathMeter) meters.set(pathMeter.id, pathMeter);
    else {
      const ids = new Set<string>();
      const externalIds = new Set<string>();
      let lastId: unknown;
      let lastExternalId: unknown;
      for (const r of raw) {
        if (typeof r !== 'object' || r === null) continue;
        const { meterId, meterExternalId } = r as Record<string, unknown>;
        if (typeof meterId === 'string' && meterId !== lastId) ids.add((lastId = meterId));
        if (typeof meterExternalId === 'string' && meterExternalId !== lastExternalId)
          externalIds.add((lastExternalId = meterExternalId));
      }
      const found = await this.repository.metersFor(
        ctx.organizationId,
        [...ids].filter((id) => UUID.test(id)),
        [...externalIds],
      );
      for (const meter of found) meters.set(meter.id, meter);
    }
    const byExternalId = new Map([...meters.values()].map((m) => [m.externalId, m]));
    const batch: ParsedBatch = { meters, intervals: [], registers: [], problems: [] };
    const now = Date.now();
    // Gateways send a meter's readings together: the meter found for the last reading is reused while the
    // next names it the same way (meterOf answers the same for the same meterId and meterExternalId).
    let last: { id: unknown; externalId: unknown; meter: MeterForIngest } | null = null;
    for (let index = 0; index < raw.length; index++) {
      const reading = raw[index];
      const r = typeof reading === 'object' && reading !== null ? (reading as Record<string, unknown>) : {};
      let meter: MeterForIngest | ReadingProblem;
      if (last && r.meterId === last.id && r.meterExternalId === last.externalId) meter = last.meter;
      else {
        meter = this.meterOf(reading, index, pathMeter, meters, byExternalId, ctx);
        last = isProblem(meter) ? null : { id: r.meterId, externalId: r.meterExternalId, meter };
      }
      if (isProblem(meter)) {
        batch.problems.push(meter);
        continue;
      }
      const parsed =
        meter.kind === 'interval'
          ? parseIntervalReading(reading, index, meter, now)
          : parseRegisterReading(reading, index, meter, now);
      if (isProblem(parsed)) batch.problems.push(parsed);
      else if ('at' in parsed) batch.registers.push(parsed);
      else batch.intervals.push(parsed);
    }
    return batch;
  }

  /** One batch, held whole: screened, then written in one transaction. */
  private async ingestBatch(
    ctx: RequestContext,
    source: ReadingSource,
    batch: ParsedBatch,
    options: IngestOptions,
  ): Promise<IngestResult> {
    const screened = (await this.screener(ctx))(batch);
    if (!options.dryRun) {
      // Partition DDL would wait for the write's transaction: the months are created before it.
      const registerMeters = [...new Set(screened.registers.map((r) => r.meterId))];
      const latest = await this.repository.latestRegisters(
        this.dataSource.manager,
        ctx.organizationId,
        registerMeters,
      );
      await this.repository.ensurePartitions(
        (function* () {
          for (const r of screened.intervals) yield r.start;
          for (const r of screened.registers) yield r.at;
          for (const s of latest.values()) yield s.at;
        })(),
      );
    }
    return this.inTransaction(ctx, source, options, new IngestTally(source), async (em, tally) => {
      const meterIds = new Set<string>();
      for (const r of screened.intervals) meterIds.add(r.meterId);
      for (const r of screened.registers) meterIds.add(r.meterId);
      const held = await this.holdMeters(em, ctx, [...meterIds], screened.unsavedMeterIds, options.dryRun);
      await this.writeChunk(em, ctx, source, held(screened), options, tally);
    });
  }

  /**
   * A file's readings, too many to hold at once, in one transaction, chunk by chunk (interval readings
   * only). The plan names every meter and instant of the file, surveyed beforehand, so the meters are
   * locked in one go (no deadlock with other writers) and the partitions exist before the transaction. A
   * dry run writes and rolls back, so its answer is the real one.
   */
  private async ingestChunks(
    ctx: RequestContext,
    source: ReadingSource,
    readings: ChunkedReadings,
    options: IngestOptions,
  ): Promise<IngestResult> {
    const screen = await this.screener(ctx);
    await this.repository.ensurePartitions(readings.plan.instants);
    return this.inTransaction(
      ctx,
      source,
      options,
      new IngestTally(source, readings.listLimit),
      async (em, tally) => {
        const held = await this.holdMeters(em, ctx, readings.plan.meterIds, undefined, false);
        for await (const batch of readings.chunks()) {
          await this.writeChunk(em, ctx, source, held(screen(batch)), { ...options, dryRun: false }, tally);
        }
      },
      { rollBackDryRun: true },
    );
  }

  /**
   * Locks the meters for the rest of the transaction and looks them up by organization under that lock:
   * answers a filter that turns the readings of a meter that is gone (deleted since the readings were
   * read), or changed in what the readings were read by, into problems.
   */
  private async holdMeters(
    em: EntityManager,
    ctx: RequestContext,
    meterIds: string[],
    unsaved: ReadonlySet<string> | undefined,
    dryRun: boolean,
  ): Promise<(batch: Screened) => Screened> {
    const saved = unsaved && dryRun ? meterIds.filter((id) => !unsaved.has(id)) : meterIds;
    const current = await this.repository.lockAndLoadMeters(em, ctx.organizationId, saved);
    const standIn = (id: string) => dryRun && unsaved?.has(id) === true;
    return (batch) => {
      const problem = new Map<string, [ErrorCode, string] | null>();
      const problemOf = (meterId: string) => {
        let found = problem.get(meterId);
        if (found === undefined) {
          const now = current.get(meterId);
          const read = batch.meters.get(meterId)!;
          found = standIn(meterId)
            ? null
            : !now
              ? ['UNKNOWN_METER', 'the meter was deleted while the readings were written']
              : !sameMeaning(now, read)
                ? ['METER_CHANGED', 'the meter changed while the readings were written; send them again']
                : null;
          problem.set(meterId, found);
        }
        return found;
      };
      const problems = batch.problems;
      const keep = <T extends { index: number; meterId: string }>(items: T[]) => {
        if (items.every((r) => problemOf(r.meterId) === null)) return items;
        return items.filter((r) => {
          const found = problemOf(r.meterId);
          if (found) problems.push(readingProblem(r.index, found[0], found[1]));
          return !found;
        });
      };
      return { ...batch, intervals: keep(batch.intervals), registers: keep(batch.registers), problems };
    };
  }

  /**
   * The checks that need no stored reading, as a function of a batch: bounds and value (any source) and
   * the meter's interval grid. What passes is left for the period lock and classification.
   */
  private async screener(ctx: RequestContext): Promise<(batch: ParsedBatch) => Screened> {
    const yearOf = await this.repository.reportingYearOf(ctx.organizationId);
    return (batch) => {
      const problems = [...batch.problems];
      const now = Date.now();
      const intervals: IntervalInput[] = [];
      for (const parsed of batch.intervals) {
        const meter = batch.meters.get(parsed.meterId)!;
        const r = localDay(parsed, meter);
        const start = r.start.getTime();
        const problem =
          boundsProblem(r.index, start, start + r.durationS * 1000, meter, now) ??
          valueProblem(r.index, r.valueWh) ??
          gridProblem(r, meter);
        if (problem) problems.push(problem);
        else intervals.push(r);
      }
      const registers = batch.registers.filter((r) => {
        const meter = batch.meters.get(r.meterId)!;
        const problem = boundsProblem(r.index, r.at, r.at, meter, now) ?? valueProblem(r.index, r.registerWh);
        if (problem) problems.push(problem);
        return !problem;
      });
      return {
        meters: batch.meters,
        intervals,
        registers,
        problems,
        unsavedMeterIds: batch.unsavedMeterIds,
        yearOf,
      };
    };
  }

  /** Classifies a screened chunk against what is stored, and writes what is new or corrected. */
  private async writeChunk(
    em: EntityManager,
    ctx: RequestContext,
    source: ReadingSource,
    batch: Screened,
    options: IngestOptions,
    tally: IngestTally,
  ): Promise<void> {
    const problems = batch.problems;
    const zoneOf = (meterId: string) => batch.meters.get(meterId)!.timeZone;
    const yearOf = (instant: Date, meterId: string) => batch.yearOf(instant, zoneOf(meterId));
    const registerMeters = [...new Set(batch.registers.map((r) => r.meterId))];
    const meterIds = new Set(registerMeters);
    for (const r of batch.intervals) meterIds.add(r.meterId);
    tally.touch(meterIds);

    // Invariant 7, under the years' lock: a reading of a finalized year is refused, one by one. A register
    // read's consumption starts at the meter's previous read, so that read's year is held too.
    const latest = await this.repository.latestRegisters(em, ctx.organizationId, registerMeters);
    const intervalYears = batch.intervals.map((r) => yearOf(r.start, r.meterId));
    const registerYears = batch.registers.map((r) => yearOf(r.at, r.meterId));
    const years = new Set([...intervalYears, ...registerYears]);
    for (const [meterId, read] of latest) years.add(yearOf(read.at, meterId));
    const finalized = await this.periods.holdOpen(em, ctx.organizationId, [...years]);
    const open = <T extends { index: number }>(items: T[], yearsOf: number[]) =>
      finalized.size === 0
        ? items
        : items.filter((item, i) => {
            if (!finalized.has(yearsOf[i])) return true;
            problems.push(
              readingProblem(item.index, 'PERIOD_LOCKED', 'the reading falls in a finalized reporting year'),
            );
            return false;
          });
    const intervals = open(batch.intervals, intervalYears);
    const registers = open(batch.registers, registerYears);

    // Interval readings against what is stored (invariant 1).
    let from = Infinity;
    let to = -Infinity;
    const intervalMeters = new Set<string>();
    for (const r of intervals) {
      const start = r.start.getTime();
      if (start < from) from = start;
      if (start + r.durationS * 1000 > to) to = start + r.durationS * 1000;
      intervalMeters.add(r.meterId);
    }
    const { stored, voidedRevisions } = intervals.length
      ? await this.repository.storedAround(
          em,
          ctx.organizationId,
          [...intervalMeters],
          new Date(from),
          new Date(to),
        )
      : { stored: [], voidedRevisions: new Map<string, number>() };
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
        (start) => finalized.has(batch.yearOf(start, meter.timeZone)),
      );
      registerReads.push(...outcome.reads);
      derived.push(...outcome.intervals);
      tally.duplicates += outcome.duplicates.length;
      problems.push(...outcome.rejected);
    }

    tally.reject(problems.sort((a, b) => a.index - b.index));
    tally.accepted += fresh.length + registerReads.length;
    tally.addCorrections(corrections);
    tally.written(fresh);
    tally.written(derived);
    if (options.dryRun || (options.atomic && tally.rejectedTotal > 0)) return;

    const revisionOf =
      voidedRevisions.size === 0
        ? undefined
        : (r: IntervalInput) => voidedRevisions.get(`${r.meterId}|${r.start.getTime()}`) ?? 0;
    const dayOf = (r: IntervalInput) => localDateOf(r.start, zoneOf(r.meterId));
    await this.repository.insertReadings(em, ctx.organizationId, fresh, source, zoneOf, dayOf, revisionOf);
    await this.repository.insertReadings(em, ctx.organizationId, derived, 'register', zoneOf, dayOf);
    await this.repository.applyCorrections(em, ctx.organizationId, corrections, ctx);
    await this.repository.addToRollups(em, ctx.organizationId, rollupsOfCorrections(corrections, zoneOf));
    await this.repository.insertRegisterReads(em, ctx.organizationId, registerReads);
  }

  /**
   * Runs a write in one transaction: claims the `Idempotency-Key` (a replay answers the first answer),
   * decides the verdict, and commits only an `ok` one, with one audit entry and the answer kept for
   * replays; a refusal rolls back. `rollBackDryRun`: a dry run did write, and is undone.
   */
  private async inTransaction(
    ctx: RequestContext,
    source: ReadingSource,
    options: IngestOptions,
    tally: IngestTally,
    work: (em: EntityManager, tally: IngestTally) => Promise<void>,
    { rollBackDryRun = false } = {},
  ): Promise<IngestResult> {
    try {
      return await this.dataSource.transaction(async (em): Promise<IngestResult> => {
        if (options.idempotency && !options.dryRun) {
          const replay = await claimIdempotencyKey(
            em,
            ctx.organizationId,
            options.idempotency.key,
            options.idempotency.fingerprint,
          );
          if (replay) {
            const summary = replay.body as IngestResultDto;
            const problems = summary.rejected.map((p) =>
              readingProblem(p.index, p.code as ErrorCode, p.message),
            );
            return { verdict: 'ok', summary, problems, replayed: true };
          }
        }
        await work(em, tally);
        const result: IngestResult = {
          verdict: verdictOf(tally, options.atomic),
          summary: tally.answer(options.dryRun),
          problems: tally.listedProblems(),
          replayed: false,
        };
        if (result.verdict !== 'ok' || (options.dryRun && rollBackDryRun)) throw new RollBack(result);
        if (options.dryRun) return result;
        if (tally.accepted + tally.corrected > 0) {
          await this.audit.record(em, ctx, {
            action: 'ingest',
            entityType: 'readings',
            entityId: tally.meterIds.length === 1 ? tally.meterIds[0] : `batch:${ctx.requestId}`,
            after: tally.auditSummary(),
          });
        }
        if (options.idempotency) {
          await this.repository.keepAnswer(em, ctx.organizationId, options.idempotency.key, result.summary);
        }
        return result;
      });
    } catch (error) {
      if (error instanceof RollBack) return error.result;
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

/** The meter as readings are read and stored by: kind, grid, unit, direction, zone, active period. */
function sameMeaning(a: MeterForIngest, b: MeterForIngest): boolean {
  const time = (d: Date | null) => (d ? d.getTime() : null);
  return (
    a.kind === b.kind &&
    a.intervalMinutes === b.intervalMinutes &&
    a.unit === b.unit &&
    a.direction === b.direction &&
    a.timeZone === b.timeZone &&
    a.rolloverModulusWh === b.rolloverModulusWh &&
    time(a.activeFrom) === time(b.activeFrom) &&
    time(a.activeTo) === time(b.activeTo)
  );
}

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
