import { HttpStatus } from '@nestjs/common';
import { Response } from 'express';
import { AppError, ErrorDetail } from '../common/app-error';
import type { ErrorCode } from '../common/error-codes';
import { IngestResultDto } from './dto/ingest-result.dto';
import { IngestResult } from './ingest-result';

/**
 * The HTTP side of ingestion: how a result of the core (`ReadingIngestionService.ingest`) is answered.
 * - `ok`: 200 with the counts and every refused reading (`Idempotent-Replayed: true` on a replay);
 * - `period_locked`: 409 `PERIOD_LOCKED`;
 * - `batch_rejected` (atomic): 422 `BATCH_REJECTED`, each problem in `details`;
 * - `all_rejected`: a push answers 422 `READINGS_REJECTED`, each problem in `details`; a file answers 200,
 *   its answer being the report of its rows (counted by code, the first 1,000 listed).
 * Nothing was written for any refusal.
 */
export function answerIngest(result: IngestResult, res: Response, carrier: 'push' | 'file'): IngestResultDto {
  const { summary } = result;
  // The listed problems, each at its path (`readings.<index>` of a body, `rows.<line>.<field>` of a file).
  const details = (): ErrorDetail[] =>
    summary.rejected.map(({ path, code, message }) => ({ path, code: code as ErrorCode, message }));
  switch (result.verdict) {
    case 'period_locked':
      throw new AppError('PERIOD_LOCKED', 'Every reading falls in a finalized reporting year');
    case 'batch_rejected':
      throw new AppError(
        'BATCH_REJECTED',
        `${summary.rejectedTotal} of the readings are invalid; with atomic=true nothing was written`,
        details(),
      );
    case 'all_rejected':
      if (carrier === 'push') {
        const n = summary.rejectedTotal;
        throw new AppError(
          'READINGS_REJECTED',
          `${n === 1 ? 'The reading was' : `All ${n} readings were`} refused; nothing was written`,
          details(),
        );
      }
      break;
    case 'ok':
      break;
  }
  res.status(HttpStatus.OK);
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return summary;
}

/** The readings of a push body `{ "readings": [...] }`; 400 for any other shape. */
export function readingsOfBody(body: unknown): unknown[] {
  const readings = (body as { readings?: unknown } | null)?.readings;
  const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'readings') : [];
  if (!Array.isArray(readings) || extra.length > 0) {
    const message = Array.isArray(readings)
      ? `${extra[0]} is not a known field`
      : 'readings must be an array of readings';
    throw new AppError('VALIDATION_FAILED', message, [
      { path: Array.isArray(readings) ? extra[0] : 'readings', code: 'isArray', message },
    ]);
  }
  return readings;
}
