/**
 * Registry exports of certificates (CSV) → one set of fields per row, named as `CreateCertificateDto`
 * names them (pure: no I/O, no Nest). The rows are checked by the certificate rules afterwards, not here.
 *
 * - UTF-8, optional byte-order mark, CRLF or LF line ends; `,` or `;` separated (whichever the header line
 *   uses more); fields may be quoted with `"`. Blank lines are skipped; cells are trimmed.
 * - A header row is required. Column names are case-insensitive, with spaces, `_` and `-` ignored
 *   (`Serial Start` = `serial_start` = `serialStart`), in any order; unknown or repeated columns refuse the
 *   file, as do missing `registry`, `instrumentType`, `vintageStart`, `vintageEnd` or facility columns.
 * - An empty cell is an absent value.
 * - Line numbers are 1-based, the header being line 1; a row with a quoted line break is numbered by the
 *   line it starts on.
 */
import { readCsv } from '../common/csv';
import type { ErrorDetail } from '../common/app-error';

/** The columns of the file: the fields of `CreateCertificateDto`, and `facilityRegistryId` for `facilityId`. */
export const CERTIFICATE_CSV_COLUMNS = [
  'registry',
  'instrumentType',
  'serialStart',
  'serialEnd',
  'volume',
  'volumeUnit',
  'recCount',
  'facilityId',
  'facilityRegistryId',
  'vintageStart',
  'vintageEnd',
  'issuanceDate',
  'status',
  'cancellationDate',
  'beneficiary',
  'consumptionCountry',
  'consumptionPeriodStart',
  'consumptionPeriodEnd',
  'contractId',
  'evidenceUrl',
] as const;
export type CertificateCsvColumn = (typeof CERTIFICATE_CSV_COLUMNS)[number];

const REQUIRED: CertificateCsvColumn[] = ['registry', 'instrumentType', 'vintageStart', 'vintageEnd'];

export interface CertificateCsvRow {
  line: number;
  /** The row's non-empty cells by column. */
  fields: Partial<Record<CertificateCsvColumn, string>>;
  /** What is wrong with the row as a row of this file (more cells than columns; path ''). */
  problems: ErrorDetail[];
}

export type CertificateCsv =
  | { ok: true; columns: CertificateCsvColumn[]; rows: CertificateCsvRow[] }
  | { ok: false; message: string; problems: ErrorDetail[] };

const BY_KEY = new Map<string, CertificateCsvColumn>(
  CERTIFICATE_CSV_COLUMNS.map((column) => [column.toLowerCase(), column]),
);
const keyOf = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

const refused = (message: string, problems: ErrorDetail[] = []): CertificateCsv => ({
  ok: false,
  message,
  problems: problems.length ? problems : [{ path: 'file', code: 'MALFORMED_CSV', message }],
});

/** The columns a header names, or why it cannot be used. */
function headerColumns(
  cells: string[],
): { columns: CertificateCsvColumn[]; problems: [] } | { columns: null; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const columns: CertificateCsvColumn[] = [];
  for (const cell of cells) {
    const column = BY_KEY.get(keyOf(cell));
    if (!column)
      problems.push({
        path: cell,
        code: 'UNKNOWN_COLUMN',
        message: `"${cell}" is not a certificate column (${CERTIFICATE_CSV_COLUMNS.join(', ')})`,
      });
    else if (columns.includes(column))
      problems.push({ path: column, code: 'DUPLICATE_COLUMN', message: `the header repeats ${column}` });
    else columns.push(column);
  }
  for (const column of REQUIRED.filter((c) => !columns.includes(c)))
    problems.push({ path: column, code: 'MISSING_COLUMN', message: `the header has no ${column} column` });
  const facilityColumns = columns.filter((c) => c === 'facilityId' || c === 'facilityRegistryId');
  if (facilityColumns.length !== 1)
    problems.push({
      path: 'facilityId',
      code: facilityColumns.length ? 'DUPLICATE_COLUMN' : 'MISSING_COLUMN',
      message: 'the header names the facility by facilityId or by facilityRegistryId (one of them)',
    });
  return problems.length ? { columns: null, problems } : { columns, problems: [] };
}

/** Parses a certificate CSV file. Never throws for bad content: a file it cannot read is `ok: false`. */
export function parseCertificateCsv(text: string): CertificateCsv {
  const read = readCsv(text);
  if (!read.ok) return refused(`${read.message[0].toUpperCase()}${read.message.slice(1)}`);
  const nonBlank = read.rows;
  const { columns, problems } = headerColumns(nonBlank[0].cells);
  if (!columns)
    return refused(`The header cannot be used: ${problems.map((p) => p.message).join('; ')}`, problems);
  if (nonBlank.length === 1) return refused('The file has a header but no rows');

  const rows = nonBlank.slice(1).map(({ cells: record, line }): CertificateCsvRow => {
    const fields: CertificateCsvRow['fields'] = {};
    columns.forEach((column, i) => {
      if (record[i]) fields[column] = record[i];
    });
    const extra = record.slice(columns.length).filter((cell) => cell !== '').length;
    return {
      line,
      fields,
      problems: extra
        ? [{ path: '', code: 'TOO_MANY_COLUMNS', message: `the row has ${extra} cells beyond the header's` }]
        : [],
    };
  });
  return { ok: true, columns, rows };
}
