import type { IngestResultDto } from './dto/ingest-result.dto';
import type { ReadingProblem } from './reading-input';
import type { ReadingSource } from './readings.repository';

/**
 * What ingestion decided about a request, whatever carried it (HTTP push, file import, a message queue):
 * - `ok`: the valid readings were written (or, with `dryRun`, would be); the others are listed;
 * - `all_rejected`: not one reading could be stored and none was a duplicate: nothing was written;
 * - `period_locked`: every reading falls in a finalized reporting year: nothing was written;
 * - `batch_rejected`: `atomic` and some reading is invalid: nothing was written.
 * Only `ok` commits (and is kept for an `Idempotency-Key`); the others roll back, so a retry decides again.
 */
export type IngestVerdict = 'ok' | 'all_rejected' | 'period_locked' | 'batch_rejected';

export interface IngestResult {
  verdict: IngestVerdict;
  /** Counts, and the problems listed (every one of a push, the first 1,000 of a file), each with its path. */
  summary: IngestResultDto;
  /** The problems listed in `summary`, with their positions: what a refusal names. */
  problems: ReadingProblem[];
  /** The answer kept for an `Idempotency-Key` used before: nothing was done this time. */
  replayed: boolean;
}

/**
 * Where a refused reading is, in the convention of what carried it: `readings.<index>` in a JSON body (the
 * API's path of a list item), `rows.<line>` or `rows.<line>.<field>` in a file (1-based line, the header
 * being line 1, as every file import counts).
 */
export function problemPath(source: ReadingSource, p: ReadingProblem): string {
  if (source === 'api') return `readings.${p.index}`;
  return p.field ? `rows.${p.index}.${p.field}` : `rows.${p.index}`;
}

/** The verdict of a finished tally (see IngestTally): refusals first, `ok` otherwise. */
export function verdictOf(
  t: {
    accepted: number;
    duplicates: number;
    corrected: number;
    rejectedTotal: number;
    onlyLockedPeriods: boolean;
  },
  atomic: boolean,
): IngestVerdict {
  if (t.onlyLockedPeriods) return 'period_locked';
  if (atomic && t.rejectedTotal > 0) return 'batch_rejected';
  if (t.rejectedTotal > 0 && t.accepted + t.duplicates + t.corrected === 0) return 'all_rejected';
  return 'ok';
}
