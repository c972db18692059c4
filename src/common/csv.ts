import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { Info } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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
 * The longest record read: far beyond a real row of any import, short enough that a file of one endless
 * line (millions of cells) is refused instead of filling memory.
 */
export const MAX_RECORD_BYTES = 64 * 1024;

const CSV_OPTIONS = {
  max_record_size: MAX_RECORD_BYTES,
  record_delimiter: '\n',
  info: true,
  trim: true,
  relax_column_count: true,
  skip_empty_lines: true,
} as const;

/** A record as read: its cells, and the line it starts on (csv-parse counts the line where it ends). */
function rowOf(record: string[], info: Info): CsvRow | null {
  if (!record.some((cell) => cell !== '')) return null;
  const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  return { cells: record, line: info.lines - breaks };
}

/** What makes a whole file unreadable before its records are looked at; null when it may be read. */
function headProblem(head: string, refuse?: (body: string) => string | null): string | null {
  if (head.trim() === '') return 'the file is empty';
  if (head.includes('\u0000')) return 'the file is binary, not CSV text';
  return refuse?.(head) ?? null;
}

/**
 * The records of a CSV file, for the file imports: UTF-8 with an optional byte-order mark, CRLF or LF line
 * ends, `,` or `;` (detected), `"` quotes; cells trimmed, blank records dropped, each record numbered by
 * the line it starts on (a quoted cell may hold line breaks). Never throws: a file that cannot be read is
 * `ok: false` with the reason. `refuse` may turn a file away first (e.g. XML sent to a CSV import).
 */
export function readCsv(text: string, refuse?: (body: string) => string | null): CsvRead {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const problem = headProblem(body, refuse);
  if (problem) return { ok: false, message: problem };
  let records: { record: string[]; info: Info }[];
  try {
    // With `info`, records come wrapped (untyped).
    records = parse(body, { ...CSV_OPTIONS, delimiter: detectDelimiter(body) }) as unknown as typeof records;
  } catch (error) {
    return { ok: false, message: `not valid CSV: ${error instanceof Error ? error.message : String(error)}` };
  }
  const rows = records.map(({ record, info }) => rowOf(record, info)).filter((row): row is CsvRow => !!row);
  if (rows.length === 0) return { ok: false, message: 'the file is empty' };
  return { ok: true, rows };
}

/** A file that cannot be read as a whole (found while streaming it, or in its header), maybe by a column. */
export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** The first line that decides the delimiter is read whole, up to this much text. */
const HEAD_LIMIT = 1024 * 1024;

/**
 * readCsv for a file too large to hold: the same rules, records yielded one by one as the bytes arrive,
 * in constant memory. A file that cannot be read throws CsvFileError, when that is found (a file may be
 * refused after some of its records were yielded, e.g. for a NUL byte further down).
 */
export async function* streamCsv(
  source: AsyncIterable<Buffer | string>,
  refuse?: (body: string) => string | null,
): AsyncGenerator<CsvRow> {
  const texts = normalisedText(source)[Symbol.asyncIterator]();
  let head = '';
  let ended = false;
  // The delimiter is told by the first non-blank line, so it is read whole first.
  while (!ended && head.length < HEAD_LIMIT && !/\S[^\n]*\n/.test(head)) {
    const next = await texts.next();
    if (next.done) ended = true;
    else head += next.value;
  }
  const problem = headProblem(head, refuse);
  if (problem) throw new CsvFileError(problem);
  const parser = parseStream({ ...CSV_OPTIONS, delimiter: detectDelimiter(head) });
  async function* rest() {
    yield head;
    for (let next = await texts.next(); !next.done; next = await texts.next()) yield next.value;
  }
  // Errors of the source (a NUL byte) and of the parser both surface through the parser's records.
  void pipeline(Readable.from(rest()), parser).catch(() => undefined);
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const row = rowOf(record, info);
      if (row) {
        rows++;
        yield row;
      }
    }
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    throw new CsvFileError(`not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    parser.destroy();
  }
  if (rows === 0) throw new CsvFileError('the file is empty');
}

/** UTF-8 text of the bytes, without a byte-order mark, with CRLF and CR made LF; refuses NUL bytes. */
async function* normalisedText(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let started = false;
  let carry = ''; // a CR at the end of a chunk may be the first half of a CRLF
  for await (const chunk of source) {
    let text = carry + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    carry = text.endsWith('\r') ? '\r' : '';
    if (carry) text = text.slice(0, -1);
    if (text.includes('\u0000')) throw new CsvFileError('the file is binary, not CSV text');
    if (text) yield text.replace(/\r\n?/g, '\n');
  }
  const tail = carry + decoder.decode();
  if (tail) yield tail.replace(/\r\n?/g, '\n');
}
