import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../audit/audit-chain';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { AppError, conflict, DomainProblem, notFound } from '../common/app-error';
import { claimIdempotencyKey, storeIdempotentAnswer } from '../common/idempotency';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateFactorSetDto, ListFactorsQueryDto } from './dto/factor-set.dto';
import {
  FactorDto,
  FactorPageDto,
  FactorSetDetailDto,
  FactorSetDto,
  FactorSetPageDto,
} from './dto/factor-set-response.dto';
import { EmissionFactorsRepository, FactorSetRecord } from './emission-factors.repository';
import { parseFactorCsv } from './factor-csv';
import { factorKgPerMwh, FactorRow, formatDecimal, parseFactorRows } from './factor-set';

/** Most rows in one set; more answer 413 (the JSON body limit bounds the bytes first). */
export const MAX_FACTOR_ROWS = 5_000;
/** Largest factor CSV file (5,000 rows with long notes); a larger one answers 413. */
export const FACTOR_CSV_MAX_BYTES = 4 * 1024 * 1024;
/** Most row problems listed in one answer; the message gives the full count. */
const MAX_DETAILS = 500;

export interface LoadAnswer {
  statusCode: number;
  body: FactorSetDto;
  replayed: boolean;
}

export const factorDto = (row: FactorRow): FactorDto => ({
  ...row,
  kgPerMwh: formatDecimal(factorKgPerMwh(row)),
});

/** SHA-256 of a set's rows in canonical JSON, sorted by id: the same rows give the same digest. */
export const rowsSha256 = (rows: readonly FactorRow[]): string =>
  createHash('sha256')
    .update(canonicalJson([...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))))
    .digest('hex');

const tooMany = (count: number) =>
  new AppError(
    'TOO_MANY_ROWS',
    `A factor set holds at most ${MAX_FACTOR_ROWS} rows; this one holds ${count}`,
  );

/** Where a problem of a row is: `rows.<position>` of the JSON rows, `rows.<line>` of a CSV file, and its field. */
const rowPath = (row: number, field?: string) => (field ? `rows.${row}.${field}` : `rows.${row}`);

/**
 * Rows of a load request, checked one by one (C-4): every problem of every row with its path, the row being
 * the 0-based position of JSON rows (the API's path in a body) or the 1-based line of a CSV file (the
 * header is line 1, as every file import counts). A CSV file that cannot be read at all is refused whole
 * (`MALFORMED_CSV`, named by the column at fault or as `file`).
 */
function validatedRows(dto: CreateFactorSetDto): { rows: FactorRow[]; format: 'csv' | 'json' } {
  if ((dto.rows === undefined) === (dto.csv === undefined)) {
    const message = 'Send the rows either as JSON (rows) or as CSV text (csv), not both';
    throw new AppError('VALIDATION_FAILED', message, [{ path: 'rows', code: 'EXCLUSIVE_FIELDS', message }]);
  }
  let problems: DomainProblem[];
  let rows: FactorRow[];
  if (dto.rows !== undefined) {
    if (dto.rows.length > MAX_FACTOR_ROWS) throw tooMany(dto.rows.length);
    const parsed = parseFactorRows(dto.rows);
    rows = parsed.ok;
    problems = parsed.errors.map((e) => ({
      path: rowPath(e.index, e.field),
      code: e.code,
      message: `row ${e.index}: ${e.message}`,
    }));
  } else {
    const csv = parseFactorCsv(dto.csv!);
    if (!csv.ok) {
      const { field, code, message } = csv.error;
      throw new AppError('MALFORMED_CSV', message, [{ path: field ?? 'file', code, message }]);
    }
    if (csv.records.length + csv.errors.length > MAX_FACTOR_ROWS)
      throw tooMany(csv.records.length + csv.errors.length);
    const parsed = parseFactorRows(csv.records.map((r) => r.fields));
    rows = parsed.ok;
    problems = [...csv.errors, ...parsed.errors.map((e) => ({ ...e, line: csv.records[e.index].line }))]
      .sort((a, b) => a.line - b.line)
      .map((e) => ({
        path: rowPath(e.line, e.field),
        code: e.code,
        message: `line ${e.line}: ${e.message}`,
      }));
  }
  if (problems.length > 0)
    throw new AppError(
      'BATCH_REJECTED',
      `${problems.length} problem(s) in the factor rows; nothing was loaded`,
      problems.slice(0, MAX_DETAILS),
    );
  return { rows, format: dto.rows !== undefined ? 'json' : 'csv' };
}

/** Emission factor sets: the shipped reference sets and those an organization loads (C-4). */
@Injectable()
export class FactorSetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EmissionFactorsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, query: PageQueryDto): Promise<FactorSetPageDto> {
    const { items, total } = await this.repository.listSets(ctx.organizationId, query);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(ctx: RequestContext, id: string): Promise<FactorSetDetailDto> {
    const set = await this.find(ctx, id);
    return { ...set, rowsSha256: rowsSha256(await this.repository.factorRows(ctx.organizationId, set)) };
  }

  async factors(ctx: RequestContext, id: string, query: ListFactorsQueryDto): Promise<FactorPageDto> {
    const set = await this.find(ctx, id);
    const { items, total } = await this.repository.factorPage(ctx.organizationId, set, query);
    return { items: items.map(factorDto), total, limit: query.limit, offset: query.offset };
  }

  /** A reference set or one of the organization's; another organization's answers 404 (invariant 5). */
  async find(ctx: RequestContext, id: string): Promise<FactorSetRecord> {
    const set = await this.repository.findSet(ctx.organizationId, id);
    if (!set) throw notFound('Emission factor set', id);
    return set;
  }

  /**
   * Loads a set, all or nothing: any bad row refuses the whole set (422, every problem listed) and writes
   * nothing. The set and its audit entry commit together. With an `Idempotency-Key`, a replay answers the
   * first answer.
   */
  async load(
    ctx: RequestContext,
    dto: CreateFactorSetDto,
    idempotency: { key: string; fingerprint: string } | null,
  ): Promise<LoadAnswer> {
    const { rows, format } = validatedRows(dto);
    return this.dataSource.transaction(async (em) => {
      if (idempotency) {
        const replay = await claimIdempotencyKey(
          em,
          ctx.organizationId,
          idempotency.key,
          idempotency.fingerprint,
        );
        if (replay)
          return { statusCode: replay.statusCode, body: replay.body as FactorSetDto, replayed: true };
      }
      if (await this.repository.nameTaken(em, ctx.organizationId, dto.name, dto.version))
        throw conflict(
          'ALREADY_EXISTS',
          `A factor set "${dto.name}" version "${dto.version}" already exists; load a new version`,
        );
      const id = randomUUID();
      await this.repository.insertSet(
        em,
        ctx.organizationId,
        {
          id,
          name: dto.name,
          version: dto.version,
          description: dto.description ?? '',
          sourceFormat: format,
          createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
        },
        rows,
      );
      const set = (await this.repository.findSet(ctx.organizationId, id, em))!;
      await this.audit.record(em, ctx, {
        action: 'create',
        entityType: 'emission_factor_set',
        entityId: id,
        after: { ...set, rowsSha256: rowsSha256(rows) },
      });
      const body = JSON.parse(JSON.stringify(set)) as FactorSetDto;
      if (idempotency)
        await storeIdempotentAnswer(em, ctx.organizationId, idempotency.key, { statusCode: 201, body });
      return { statusCode: 201, body, replayed: false };
    });
  }
}
