import { parse } from 'csv-parse/sync';
import type { Info } from 'csv-parse/sync';

/** A non-blank CSV record and the file line it starts on (1-based). */
export interface CsvRow {
  cells: string[];
  line: number;
}

export type CsvRead = { ok: true; rows: CsvRow[] } | { ok: false; message: string };

/**
 * `,` or `;`, whichever the first non-blank line holds more of outside quotes (`,` on a tie): European
 * spreadsheets write `;` where a comma is the decimal separator.
 */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = text.search(/\S/); i >= 0 && i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '\n') break;
    else if (char === ',') commas++;
    else if (char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * The records of a CSV file, for the file imports: UTF-8 with an optional byte-order mark, CRLF or LF line
 * ends, `,` or `;` (detected), `"` quotes; cells trimmed, blank records dropped, each record numbered by
 * the line it starts on (a quoted cell may hold line breaks). Never throws: a file that cannot be read is
 * `ok: false` with the reason. `refuse` may turn a file away first (e.g. XML sent to a CSV import).
 */
export function readCsv(text: string, refuse?: (body: string) => string | null): CsvRead {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  if (body.trim() === '') return { ok: false, message: 'the file is empty' };
  if (body.includes('\u0000')) return { ok: false, message: 'the file is binary, not CSV text' };
  const refused = refuse?.(body);
  if (refused) return { ok: false, message: refused };
  let records: { record: string[]; info: Info }[];
  try {
    records = parse(body, {
      delimiter: detectDelimiter(body),
      record_delimiter: '\n',
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: Info }[]; // with `info`, records come wrapped (untyped)
  } catch (error) {
    return { ok: false, message: `not valid CSV: ${error instanceof Error ? error.message : String(error)}` };
  }
  // csv-parse counts the line where a record ends; quoted cells may hold line breaks.
  const rows = records
    .filter(({ record }) => record.some((cell) => cell !== ''))
    .map(({ record, info }) => ({
      cells: record,
      line: info.lines - record.reduce((breaks, cell) => breaks + (cell.match(/\n/g)?.length ?? 0), 0),
    }));
  if (rows.length === 0) return { ok: false, message: 'the file is empty' };
  return { ok: true, rows };
}
