import { Inject, Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { CsvFileError } from '../../common/csv';
import { SpooledFile } from '../../common/request-body/file-body';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { randomUUID } from 'node:crypto';
import { RequestContext } from '../../auth/principal';
import { AppError, notFound } from '../../common/app-error';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetersService } from '../../meters/meters.service';
import { SitesService } from '../../sites/sites.service';
import { IngestOptions, mayWrite, ParsedBatch, ReadingIngestionService } from '../reading-ingestion.service';
import { IngestResult } from '../ingest-result';
import { EARLIEST, INTERVAL_MINUTES_ALLOWED, LATEST, MeterForIngest, readingProblem } from '../reading-input';
import { ReadingsRepository } from '../readings.repository';
import { CsvOptions, CsvReading, CsvRowError, streamReadingsCsv } from './csv.parser';
import { EspiProblem, EspiSeries, parseGreenButton } from './green-button.parser';
import { localDateOf, localDayLengthMinutes, startOfLocalDay } from '../../common/zoned-time';

export interface GreenButtonTarget {
  /** Import into this meter (the series of its direction), … */
  meterId?: string;
  /** … or into meters of this site, one per usage point and direction, created when missing. */
  siteId?: string;
}

/** How a series of the file maps to a meter (M-3: delivered is import, received is export). */
const DIRECTION = { delivered: 'import', received: 'export' } as const;

/** Utility files turned into readings: Green Button (ESPI) feeds and CSV exports, written like any batch. */
@Injectable()
export class ReadingsImportService {
  constructor(
    private readonly ingestion: ReadingIngestionService,
    private readonly repository: ReadingsRepository,
    private readonly meters: MetersService,
    private readonly sites: SitesService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async greenButton(
    ctx: RequestContext,
    xml: string,
    target: GreenButtonTarget,
    options: IngestOptions,
  ): Promise<IngestResult> {
    if (!target.meterId === !target.siteId) {
      const message = 'Give either meterId or siteId (to create a meter per usage point)';
      throw new AppError('VALIDATION_FAILED', message, [
        { path: 'meterId', code: 'EXCLUSIVE_FIELDS', message },
      ]);
    }
    const parsed = parseGreenButton(xml);
    if (!parsed.ok) throw new AppError(parsed.code, parsed.message);

    let pairs: (readonly [EspiSeries, MeterForIngest, boolean])[] = target.meterId
      ? [
          [
            await this.seriesForMeter(ctx, target.meterId, parsed.series),
            await this.meterById(ctx, target.meterId),
            false,
          ],
        ]
      : await Promise.all(
          parsed.series.map(async (s) => {
            const { meter, isNew } = await this.meterForSeries(ctx, target.siteId!, s, false);
            return [s, meter, isNew] as const;
          }),
        );
    // Meters for new usage points are created only once the import is known to go through (a dry run with
    // stand-ins first), so that a refused file (409 PERIOD_LOCKED, 422 with atomic=true, or a file of which
    // nothing can be stored) creates nothing; that dry run's answer is then the file's.
    const standIns = new Set(pairs.filter(([, , isNew]) => isNew).map(([, meter]) => meter.id));
    if (target.siteId && !options.dryRun && standIns.size > 0) {
      const trial = await this.ingestion.ingest(
        ctx,
        'green_button',
        { ...espiBatch(parsed.problems, pairs), unsavedMeterIds: standIns },
        { ...options, dryRun: true, idempotency: null },
      );
      if (trial.verdict !== 'ok') return { ...trial, summary: { ...trial.summary, dryRun: false } };
      pairs = await Promise.all(
        pairs.map(async ([s, meter, isNew]) =>
          isNew
            ? ([s, (await this.meterForSeries(ctx, target.siteId!, s, true)).meter, false] as const)
            : ([s, meter, isNew] as const),
        ),
      );
    }
    const batch = espiBatch(parsed.problems, pairs);
    // A dry run of an import that would create meters: the stand-ins are taken as they would be created.
    const unsaved = options.dryRun && standIns.size > 0 ? { unsavedMeterIds: standIns } : {};
    return this.ingestion.ingest(ctx, 'green_button', { ...batch, ...unsaved }, options);
  }

  /**
   * A CSV export (format in the README): interval energy per row, naive local times resolved per the query.
   * The file, spooled to disk, is read twice in constant memory: a survey (row cap, whole-file problems,
   * the meters and months it touches) before any transaction, then the write, chunk by chunk, in one
   * transaction. The answer counts every problem by code and lists the first ones.
   */
  async csv(
    ctx: RequestContext,
    file: SpooledFile,
    csvOptions: CsvOptions,
    options: IngestOptions,
  ): Promise<IngestResult> {
    const meters = new Map(
      (await this.repository.allMeters(ctx.organizationId)).map((m) => [m.externalId, m]),
    );
    if (csvOptions.meterRef !== undefined && !meters.has(csvOptions.meterRef))
      throw notFound('Meter', csvOptions.meterRef);
    const lookup = (externalId: string) => {
      const meter = meters.get(externalId);
      return (
        meter && {
          meterId: meter.id,
          timeZone: meter.timeZone,
          intervalMinutes: meter.intervalMinutes,
          unit: meter.unit,
        }
      );
    };
    const items = () => streamReadingsCsv(createReadStream(file.path), csvOptions, lookup);
    const plan = await surveyCsv(items(), this.config.readingsCsvMaxRows);
    const byId = new Map([...meters.values()].map((m) => [m.id, m]));
    return this.ingestion.ingest(
      ctx,
      'csv',
      { chunks: () => csvChunks(ctx, items(), byId), plan, listLimit: LISTED_PROBLEMS },
      options,
    );
  }

  private async meterById(ctx: RequestContext, meterId: string): Promise<MeterForIngest> {
    const [meter] = await this.repository.metersFor(ctx.organizationId, [meterId], []);
    if (!meter) throw notFound('Meter', meterId);
    if (!mayWrite(ctx, meter.id)) throw new AppError('FORBIDDEN', 'This API key may not write this meter');
    return meter;
  }

  /** The one series of the file that fits the meter's direction and kind. */
  private async seriesForMeter(
    ctx: RequestContext,
    meterId: string,
    series: EspiSeries[],
  ): Promise<EspiSeries> {
    const meter = await this.meterById(ctx, meterId);
    const direction = meter.direction;
    const fitting = series.filter(
      (s) => DIRECTION[s.flowDirection] === direction || (direction === 'generation' && series.length === 1),
    );
    if (fitting.length !== 1) {
      throw new AppError(
        'NO_MATCHING_SERIES',
        `The file holds ${series.length} series; ${fitting.length} fit the meter's direction (${direction}). Import into a site to create a meter per series.`,
      );
    }
    if (fitting[0].accumulation !== meter.kind) {
      throw new AppError(
        'METER_KIND_MISMATCH',
        `The file's series is ${fitting[0].accumulation} data; the meter is a ${meter.kind} meter`,
      );
    }
    return fitting[0];
  }

  /**
   * The site's meter for a usage point and direction: found by external id, else created (`create`) or
   * a stand-in with a fresh id (`isNew`).
   */
  private async meterForSeries(
    ctx: RequestContext,
    siteId: string,
    series: EspiSeries,
    create: boolean,
  ): Promise<{ meter: MeterForIngest; isNew: boolean }> {
    const usagePoint = series.usagePointHref.split('/').filter(Boolean).pop() ?? 'usage-point';
    const externalId = `GB-${usagePoint}-${series.flowDirection}`;
    const [existing] = await this.repository.metersFor(ctx.organizationId, [], [externalId]);
    if (existing) {
      if (!mayWrite(ctx, existing.id))
        throw new AppError('FORBIDDEN', 'This API key may not write this meter');
      return { meter: existing, isNew: false };
    }
    const minutes = series.intervalSeconds ? series.intervalSeconds / 60 : null;
    if (series.accumulation === 'interval' && !INTERVAL_MINUTES_ALLOWED.has(minutes ?? -1)) {
      throw new AppError(
        'INVALID_DURATION',
        `The series' interval of ${series.intervalSeconds} s is not 5, 15, 30, 60 minutes or a day`,
      );
    }
    const dto = {
      siteId,
      externalId,
      name: series.usagePointTitle,
      kind: series.accumulation,
      intervalMinutes: series.accumulation === 'interval' ? minutes : null,
      direction: DIRECTION[series.flowDirection],
      unit: 'Wh' as const,
    };
    if (ctx.actor.type === 'api_key') {
      throw new AppError('FORBIDDEN', `API keys may not create meters; create ${externalId} first`);
    }
    if (!create) {
      const { timeZone } = await this.sites.findSite(this.dataSource.manager, ctx, siteId);
      const meter = {
        ...dto,
        id: randomUUID(),
        rolloverModulusWh: null,
        activeFrom: null,
        activeTo: null,
        timeZone,
      };
      return { meter, isNew: true };
    }
    const created = await this.meters.create(ctx, dto);
    return {
      meter: (await this.repository.metersFor(ctx.organizationId, [created.id], []))[0],
      isNew: false,
    };
  }
}

/**
 * A Green Button file is parsed whole (XML), so it is capped below UPLOAD_LIMIT: 8 MiB, about 37,000
 * quarter-hours (a year of one meter), keeps the service's memory well under 512 MB; larger exports are
 * split.
 */
export const GREEN_BUTTON_MAX_BYTES = 8 * 1024 * 1024;

/** Problems a file's answer lists (all are counted by code). */
const LISTED_PROBLEMS = 1_000;
/** Rows written at a time: a chunk's readings and the stored ones around them fit comfortably in memory. */
const CHUNK_ROWS = 10_000;

/** The first pass over a file: refuses it whole (too many rows, unreadable), or plans the write. */
async function surveyCsv(
  items: AsyncIterable<CsvReading | CsvRowError>,
  maxRows: number,
): Promise<{ meterIds: string[]; instants: Date[] }> {
  const meterIds = new Set<string>();
  const months = new Map<string, Date>();
  const month = (ms: number) => {
    const d = new Date(ms);
    const key = `${d.getUTCFullYear()}-${d.getUTCMonth()}`;
    if (!months.has(key)) months.set(key, new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)));
  };
  let rows = 0;
  try {
    for await (const item of items) {
      if (++rows > maxRows) {
        throw new AppError(
          'TOO_MANY_ROWS',
          `A CSV import takes at most ${maxRows} data rows (READINGS_CSV_MAX_ROWS); split the file`,
        );
      }
      if ('code' in item) continue;
      meterIds.add(item.meterId);
      // Readings outside 2000–2099 are refused later (OUT_OF_RANGE): they need no partition.
      const from = item.start.getTime();
      const to = from + item.durationMinutes * 60_000;
      if (from >= EARLIEST && to < LATEST) [from, to - 1].forEach(month);
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    // A problem of the file as a whole: named by the column at fault, or as `file`.
    throw new AppError('MALFORMED_CSV', error.message, [
      { path: error.column ?? 'file', code: 'MALFORMED_CSV', message: error.message },
    ]);
  }
  return { meterIds: [...meterIds], instants: [...months.values()] };
}

/** The file's rows as ParsedBatch chunks in file order: readings of interval meters, and a problem per bad row. */
async function* csvChunks(
  ctx: RequestContext,
  items: AsyncIterable<CsvReading | CsvRowError>,
  meters: Map<string, MeterForIngest>,
): AsyncGenerator<ParsedBatch> {
  let batch: ParsedBatch = { meters, intervals: [], registers: [], problems: [] };
  let size = 0;
  for await (const item of items) {
    if ('code' in item) {
      batch.problems.push(
        readingProblem(
          item.line,
          item.code,
          item.column ? `${item.column}: ${item.message}` : item.message,
          item.column,
        ),
      );
    } else if (meters.get(item.meterId)!.kind !== 'interval') {
      batch.problems.push(
        readingProblem(
          item.line,
          'METER_KIND_MISMATCH',
          'CSV rows carry interval energy; push register reads through the API',
        ),
      );
    } else if (!mayWrite(ctx, item.meterId)) {
      batch.problems.push(
        readingProblem(item.line, 'METER_NOT_ALLOWED', 'this API key may not write that meter'),
      );
    } else {
      batch.intervals.push({
        index: item.line,
        meterId: item.meterId,
        start: item.start,
        durationS: item.durationMinutes * 60,
        valueWh: item.valueWh,
        quality: item.quality,
      });
    }
    if (++size === CHUNK_ROWS) {
      yield batch;
      batch = { meters, intervals: [], registers: [], problems: [] };
      size = 0;
    }
  }
  if (size > 0) yield batch;
}

/** The readings of the file's series, each in its meter; a reading of a length M-1 does not allow is refused. */
function espiBatch(
  problems: EspiProblem[],
  pairs: (readonly [EspiSeries, MeterForIngest, boolean])[],
): ParsedBatch {
  const batch: ParsedBatch = {
    meters: new Map(pairs.map(([, meter]) => [meter.id, meter])),
    intervals: [],
    registers: [],
    // Problems and readings are named by the line where their element starts, as file rows are; the
    // parser's messages begin with the element's place in the feed (IntervalBlock[0].IntervalReading[3]).
    problems: problems.map((p) =>
      readingProblem(
        p.line,
        p.code,
        p.path && !p.message.startsWith(p.path) ? `${p.path}: ${p.message}` : p.message,
        p.field,
      ),
    ),
  };
  for (const [series, meter] of pairs) {
    for (const r of series.readings) {
      if (series.accumulation === 'interval') {
        if (!allowedLength(r.start, r.durationSeconds, meter.timeZone)) {
          batch.problems.push(
            readingProblem(
              r.line,
              'INVALID_DURATION',
              `the interval of ${r.durationSeconds} s is not 5, 15, 30 or 60 minutes or a day (M-1)`,
              'timePeriod.duration',
            ),
          );
          continue;
        }
        batch.intervals.push({
          index: r.line,
          meterId: meter.id,
          start: r.start,
          durationS: r.durationSeconds,
          valueWh: r.valueWh,
          quality: r.quality,
        });
      } else {
        // A bulk quantity is the register's value at the end of its time period.
        const at = new Date(r.start.getTime() + r.durationSeconds * 1000);
        batch.registers.push({
          index: r.line,
          meterId: meter.id,
          at,
          registerWh: r.valueWh,
          quality: r.quality,
        });
      }
    }
  }
  return batch;
}

/** M-1 lengths, or a whole local day from local midnight (23 or 25 hours on DST days, C-2). */
function allowedLength(start: Date, seconds: number, timeZone: string): boolean {
  if (seconds % 60 === 0 && INTERVAL_MINUTES_ALLOWED.has(seconds / 60)) return true;
  const date = localDateOf(start, timeZone);
  return (
    startOfLocalDay(date, timeZone).getTime() === start.getTime() &&
    localDayLengthMinutes(date, timeZone) * 60 === seconds
  );
}
