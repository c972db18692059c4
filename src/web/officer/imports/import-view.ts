import type { CertificateImportResultDto } from '../../../procurement/dto/certificate-import.dto';
import type { IngestResultDto } from '../../../readings/dto/ingest-result.dto';
import type { FieldErrors } from '../../views/form';
import type { Refusal } from '../../views/form';
import type { KeptUpload, UploadKind } from './import-uploads';

/** One problem of a file: its line (1 is the header), its column when one is named, and why. */
export interface ProblemRow {
  line: number | null;
  column: string;
  code: string;
  message: string;
}

/** What identifies the file checked. */
export type FileFacts = Omit<KeptUpload, 'id'>;

/** A dry run's report, as the page shows it. */
export interface CheckReport {
  kind: UploadKind;
  file: FileFacts;
  /** The id of the file kept for the commit; null when it cannot be committed (nothing is kept then). */
  uploadId: string | null;
  /** Certificates a commit would create, or readings it would store anew. */
  toImport: number;
  /** Data rows of a certificate file. */
  rows: number | null;
  /** Readings only: identical to stored ones, and corrections (upsert). */
  duplicates: number | null;
  corrected: number | null;
  /** Refused rows (certificates) or readings (readings). */
  refused: number;
  problems: ProblemRow[];
  /** How many problems there are in all (a readings report lists the first 1,000). */
  problemTotal: number;
  /** Only a file without a refused row may be committed. */
  committable: boolean;
}

/** What an import's panel shows: its form alone, a report, a refusal of the whole file, or a lost upload. */
export type ImportPanel =
  | { state: 'idle' }
  | { state: 'checked'; report: CheckReport }
  | { state: 'refused'; refusal: Refusal; problems: ProblemRow[] }
  | { state: 'expired' };

/** The options of a readings import, as the form holds them. */
export interface ReadingsOptionsForm {
  timeZone: string;
  timestampConvention: string;
  mode: string;
  ambiguous: string;
  unit: string;
  meter: string;
  errors: FieldErrors | null;
}

export const DEFAULT_READINGS_FORM: ReadingsOptionsForm = {
  timeZone: 'site',
  timestampConvention: 'start',
  mode: 'insert',
  ambiguous: 'order',
  unit: '',
  meter: '',
  errors: null,
};

const ROW_PATH = /^rows\.(\d+)(?:\.(.+))?$/;

/** A problem's place from its path: `rows.<line>.<column>` (every file import names rows so), else the path. */
export function problemAt(path: string, code: string, message: string): ProblemRow {
  const row = ROW_PATH.exec(path);
  return row
    ? { line: Number(row[1]), column: row[2] ?? '', code, message }
    : { line: null, column: path === 'file' ? '' : path, code, message };
}

export function certificateReport(file: FileFacts, result: CertificateImportResultDto): CheckReport {
  const problems = result.rows
    .filter((r) => r.status === 'rejected')
    .flatMap((r) =>
      r.problems.map((p) => ({ line: r.row, column: p.path, code: p.code, message: p.message })),
    );
  return {
    kind: 'certificates',
    file,
    uploadId: null,
    toImport: result.wouldCreate,
    rows: result.total,
    duplicates: null,
    corrected: null,
    refused: result.rejected,
    problems,
    problemTotal: problems.length,
    committable: result.rejected === 0 && result.wouldCreate > 0,
  };
}

export function readingsReport(file: FileFacts, result: IngestResultDto): CheckReport {
  return {
    kind: 'readings',
    file,
    uploadId: null,
    toImport: result.accepted,
    rows: null,
    duplicates: result.duplicates,
    corrected: result.corrected,
    refused: result.rejectedTotal,
    problems: result.rejected.map((r) => problemAt(r.path, r.code, r.message)),
    problemTotal: result.rejectedTotal,
    committable: result.rejectedTotal === 0 && result.accepted + result.corrected > 0,
  };
}

export const refusedPanel = (refusal: Refusal): ImportPanel => ({
  state: 'refused',
  refusal,
  problems: refusal.details.map((d) => problemAt(d.path, d.code, d.message)),
});
