import { readCsv } from '../common/csv';
import type { CodeWithStatus } from '../common/error-codes';
import { FACTOR_FIELDS } from './factor-set';

/**
 * Emission factor CSV files → factor records for `parseFactorRows` (pure: no I/O, no Nest).
 *
 * - UTF-8 text, optional byte-order mark, CRLF or LF line ends, fields optionally quoted with `"` (a quote
 *   inside a quoted field is doubled). Blank lines are skipped.
 * - Delimiter: `,`, or `;` when the header line holds more `;` than `,`. Values keep a decimal point
 *   (`0.4781`), never a decimal comma.
 * - The first line is a header naming the columns, in any order: `id, source, edition, dataYear, region,
 *   kind, value, unit, gas` (required) and `verified, note` (optional). Names are case-insensitive and
 *   `_`, `-` and spaces are ignored (`data_year` = `dataYear`). An unknown or repeated column refuses the file.
 * - An empty cell is a missing field. A row with more fields than the header is refused.
 * - Errors carry the 1-based line number where the row starts (the header is line 1).
 */

export interface FactorCsvRecord {
  /** Line of the file where the row starts. */
  line: number;
  fields: Record<string, string>;
}

export interface FactorCsvError {
  line: number;
  field?: string;
  code: CodeWithStatus<422>;
  message: string;
}

export type FactorCsvParse =
  { ok: true; records: FactorCsvRecord[]; errors: FactorCsvError[] } | { ok: false; error: FactorCsvError };

const key = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const FIELD_BY_KEY = new Map<string, string>(FACTOR_FIELDS.map((f) => [key(f), f]));

/** The file cannot be used as a whole: `code` says why when a column of the header is the reason. */
const malformed = (
  message: string,
  line = 0,
  field?: string,
  code: FactorCsvError['code'] = 'MALFORMED_CSV',
): FactorCsvParse => ({
  ok: false,
  error: { line, ...(field ? { field } : {}), code, message },
});

export function parseFactorCsv(text: string): FactorCsvParse {
  const read = readCsv(text);
  if (!read.ok) return malformed(read.message);
  const rows = read.rows;

  const [header, ...data] = rows;
  const columns: string[] = [];
  for (const cell of header.cells) {
    const field = FIELD_BY_KEY.get(key(cell));
    if (!field)
      return malformed(
        `unknown column "${cell}" in the header; columns are ${FACTOR_FIELDS.join(', ')}`,
        header.line,
        cell,
        'UNKNOWN_COLUMN',
      );
    if (columns.includes(field))
      return malformed(`the header repeats the column ${field}`, header.line, field, 'DUPLICATE_COLUMN');
    columns.push(field);
  }
  if (data.length === 0) return malformed('the file has a header but no rows', header.line);

  const records: FactorCsvRecord[] = [];
  const errors: FactorCsvError[] = [];
  for (const { cells, line } of data) {
    let used = cells.length;
    while (used > 0 && cells[used - 1] === '') used--; // a trailing delimiter is no extra field
    if (used > columns.length) {
      errors.push({
        line,
        code: 'TOO_MANY_COLUMNS',
        message: `the row has ${used} fields, the header ${columns.length}`,
      });
      continue;
    }
    const fields: Record<string, string> = {};
    columns.forEach((field, i) => {
      if ((cells[i] ?? '') !== '') fields[field] = cells[i];
    });
    records.push({ line, fields });
  }
  return { ok: true, records, errors };
}
