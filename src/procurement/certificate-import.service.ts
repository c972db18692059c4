import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { AllExceptionsFilter } from '../common/all-exceptions.filter';
import { AppError, ErrorDetail } from '../common/app-error';
import { isUuid } from '../common/parse-id.pipe';
import { strictValidationPipe } from '../common/validation';
import { CertificateCsvColumn, CertificateCsvRow, parseCertificateCsv } from './certificate-csv';
import { CertificatesService } from './certificates.service';
import { CreateCertificateDto } from './dto/certificate.dto';
import { CertificateImportResultDto, CertificateImportRowDto } from './dto/certificate-import.dto';
import { numrangeLiteral, serialRange } from './serial-range';

/** Most rows in one import; more answer 413 `TOO_MANY_ROWS`. */
export const CERTIFICATE_IMPORT_MAX_ROWS = 2_000;
/** Largest certificate CSV file; a larger one answers 413 `PAYLOAD_TOO_LARGE`. */
export const CERTIFICATE_IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** The same checks as a `POST /certificates` body gets: unknown fields, types, enums, dates. */
const rowValidation = strictValidationPipe();
const errorMapping = new AllExceptionsFilter();

/** A row of the answer, its problems as made here (codes of the catalog or field rules). */
type ImportRow = Omit<CertificateImportRowDto, 'problems'> & { problems: ErrorDetail[] };

interface Facilities {
  /** Whether the file names facilities by `facilityRegistryId` rather than by `facilityId`. */
  byRegistry: boolean;
  ids: Set<string>;
  byRegistryId: Map<string, string[]>;
}

/**
 * Imports a registry export of certificates, all or nothing: every row goes through the rules of a single
 * create (`CertificatesService.insertMany`, all rows at once) inside one transaction; when one is refused,
 * each row is tried again alone in a savepoint so that one refused row does not hide the problems of the next. Rows of the file therefore meet each other, and the stored
 * ranges, in the schema's overlap constraint (invariant 3). The transaction commits only when no row is
 * refused and it is not a dry run.
 */
@Injectable()
export class CertificateImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: CertificatesService,
  ) {}

  async import(ctx: RequestContext, text: string, dryRun: boolean): Promise<CertificateImportResultDto> {
    const csv = parseCertificateCsv(text);
    if (!csv.ok) throw new AppError('MALFORMED_CSV', csv.message, csv.problems);
    if (csv.rows.length > CERTIFICATE_IMPORT_MAX_ROWS) {
      throw new AppError(
        'TOO_MANY_ROWS',
        `The file has ${csv.rows.length} rows; an import takes at most ${CERTIFICATE_IMPORT_MAX_ROWS}`,
      );
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows = await this.rows(runner.manager, ctx, csv, dryRun);
      const refused = rows.filter((r) => r.status === 'rejected');
      const commit = !dryRun && refused.length === 0;
      if (commit) await runner.commitTransaction();
      else await runner.rollbackTransaction();
      if (!dryRun && !commit) throw importRejected(refused, rows.length);
      return {
        dryRun,
        committed: commit,
        total: rows.length,
        created: rows.filter((r) => r.status === 'created').length,
        wouldCreate: rows.filter((r) => r.status === 'would_create').length,
        rejected: refused.length,
        rows,
      };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private async rows(
    em: EntityManager,
    ctx: RequestContext,
    csv: { columns: CertificateCsvColumn[]; rows: CertificateCsvRow[] },
    dryRun: boolean,
  ): Promise<ImportRow[]> {
    const facilities = await this.facilities(em, ctx, csv);
    const checked = await Promise.all(
      csv.rows.map(async (row) => ({ row, ...(await rowDto(row, facilities)) })),
    );
    // The usual file, every row sound: all rows in a few statements. Should the database refuse one (an
    // overlap), the savepoint is undone and each row is tried alone to say which and why.
    if (checked.every((c) => c.dto && c.problems.length === 0)) {
      const created = await em
        .transaction((savepoint) =>
          this.certificates.insertMany(
            savepoint,
            ctx,
            checked.map((c) => c.dto!),
          ),
        )
        .catch((error: unknown) => {
          if (errorMapping.toBody(error, ctx.requestId).statusCode >= 500) throw error;
          return null;
        });
      if (created)
        return checked.map(({ row }, i) =>
          dryRun
            ? { row: row.line, status: 'would_create', problems: [] }
            : { row: row.line, status: 'created', problems: [], certificateId: created[i].id },
        );
    }
    const lineOf = new Map<string, number>();
    const results: ImportRow[] = [];
    for (const { row, dto, problems } of checked) {
      if (!dto || problems.length) {
        results.push({ row: row.line, status: 'rejected', problems });
        continue;
      }
      try {
        const created = await em.transaction((savepoint) => this.certificates.insert(savepoint, ctx, dto));
        lineOf.set(created.id, row.line);
        results.push(
          dryRun
            ? { row: row.line, status: 'would_create', problems: [] }
            : { row: row.line, status: 'created', problems: [], certificateId: created.id },
        );
      } catch (error) {
        results.push({
          row: row.line,
          status: 'rejected',
          problems: await this.explain(em, ctx, error, dto, lineOf),
        });
      }
    }
    return results;
  }

  /** The facilities the file names, by id and by registry id, in the caller's organization only. */
  private async facilities(
    em: EntityManager,
    ctx: RequestContext,
    { columns, rows }: { columns: CertificateCsvColumn[]; rows: CertificateCsvRow[] },
  ): Promise<Facilities> {
    const ids = [...new Set(rows.map((r) => r.fields.facilityId?.toLowerCase()))].filter(
      (id): id is string => id !== undefined && isUuid(id),
    );
    const registryIds = [...new Set(rows.map((r) => r.fields.facilityRegistryId))].filter(
      (id): id is string => id !== undefined,
    );
    const found: { id: string; registry_facility_id: string | null }[] = await em.query(
      `SELECT id, registry_facility_id FROM generation_facilities
       WHERE organization_id = $1 AND (id = ANY($2::uuid[]) OR registry_facility_id = ANY($3::text[]))`,
      [ctx.organizationId, ids, registryIds],
    );
    const byRegistryId = new Map<string, string[]>();
    for (const f of found) {
      if (f.registry_facility_id !== null)
        byRegistryId.set(f.registry_facility_id, [...(byRegistryId.get(f.registry_facility_id) ?? []), f.id]);
    }
    return {
      byRegistry: columns.includes('facilityRegistryId'),
      ids: new Set(found.map((f) => f.id)),
      byRegistryId,
    };
  }

  /** A refused insert as row problems: the rule that refused it, or for an overlap the range it overlaps. */
  private async explain(
    em: EntityManager,
    ctx: RequestContext,
    error: unknown,
    dto: CreateCertificateDto,
    lineOf: Map<string, number>,
  ): Promise<ErrorDetail[]> {
    if (error instanceof AppError)
      return error.details.length ? error.details : [{ path: '', code: error.code, message: error.message }];
    const body = errorMapping.toBody(error, ctx.requestId);
    if (body.statusCode >= 500) throw error;
    if (body.code !== 'SERIAL_RANGE_OVERLAP' || !(error instanceof QueryFailedError))
      return [{ path: '', code: body.code, message: body.message }];
    const range = serialRange(dto.serialStart!, dto.serialEnd!);
    const [other]: { id: string; serial_start: string; serial_end: string }[] = range.ok
      ? await em.query(
          `SELECT id, serial_start, serial_end FROM certificates
           WHERE organization_id = $1 AND registry = $2 AND serial_prefix = $4 AND serial_range && $3::numrange
           ORDER BY lower(serial_range) LIMIT 1`,
          [ctx.organizationId, dto.registry, numrangeLiteral(range.from, range.to), range.prefix],
        )
      : [];
    const what = !other
      ? 'another range'
      : lineOf.has(other.id)
        ? `the range of line ${lineOf.get(other.id)} (${other.serial_start} … ${other.serial_end})`
        : `certificate ${other.id} (${other.serial_start} … ${other.serial_end})`;
    return [
      {
        path: 'serialStart',
        code: body.code,
        message: `${dto.serialStart} … ${dto.serialEnd} overlaps ${what} of registry ${dto.registry}`,
      },
    ];
  }
}

/**
 * A row as the body of a single create, checked by the same pipe; the facility named by registry id
 * becomes its id, and one outside the organization is not found, exactly like a missing one (invariant 5).
 */
async function rowDto(
  row: CertificateCsvRow,
  facilities: Facilities,
): Promise<{ dto: CreateCertificateDto | null; problems: ErrorDetail[] }> {
  const problems = [...row.problems];
  const { facilityRegistryId, recCount, ...fields } = row.fields;
  const body: Record<string, unknown> = { ...fields };
  // A count is a JSON number in the API; a cell that is not a whole number is left for the pipe to refuse.
  if (recCount !== undefined) body.recCount = /^\d{1,10}$/.test(recCount) ? Number(recCount) : recCount;
  if (facilities.byRegistry) {
    const matches = facilities.byRegistryId.get(facilityRegistryId ?? '') ?? [];
    if (matches.length === 1) body.facilityId = matches[0];
    else problems.push(facilityByRegistryProblem(facilityRegistryId, matches.length));
  }
  let dto: CreateCertificateDto | null = null;
  try {
    dto = await rowValidation.transform(body, { type: 'body', metatype: CreateCertificateDto });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // A facility named by registry id has its own problem above.
    problems.push(...error.details.filter((d) => !(facilities.byRegistry && d.path === 'facilityId')));
  }
  if (dto && !facilities.byRegistry && !facilities.ids.has(dto.facilityId.toLowerCase())) {
    problems.push({
      path: 'facilityId',
      code: 'NOT_FOUND',
      message: `Facility ${dto.facilityId} was not found`,
    });
  }
  return { dto, problems };
}

function facilityByRegistryProblem(registryId: string | undefined, matches: number): ErrorDetail {
  const path = 'facilityRegistryId';
  if (registryId === undefined)
    return { path, code: 'MISSING_VALUE', message: 'facilityRegistryId names the facility; it is empty' };
  if (matches > 1)
    return {
      path,
      code: 'AMBIGUOUS_FACILITY',
      message: `${matches} facilities have the registry id ${registryId}; name one by facilityId`,
    };
  return { path, code: 'NOT_FOUND', message: `Facility with registry id ${registryId} was not found` };
}

/**
 * 422 for a file with refused rows: nothing was written; each problem's path is `rows.<line>.<column>`
 * (`rows.<line>` for the row as a whole), as every file import names its rows.
 */
function importRejected(refused: ImportRow[], total: number): AppError {
  return new AppError(
    'BATCH_REJECTED',
    `${refused.length} of ${total} rows are refused; nothing was imported`,
    refused.flatMap((r) =>
      r.problems.map((p) => ({
        path: p.path ? `rows.${r.row}.${p.path}` : `rows.${r.row}`,
        code: p.code,
        message: p.message,
      })),
    ),
  );
}
