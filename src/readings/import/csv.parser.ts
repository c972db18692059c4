/**
 * Meter-reading CSV files from utilities and gateways → interval readings (pure: no I/O, no Nest).
 *
 * ## CSV format for meter readings
 *
 * - Text: UTF-8, optional byte-order mark, CRLF, LF or CR line ends. Fields may be quoted with `"` (a
 *   quote inside a quoted field is doubled). Blank lines, and rows whose fields are all empty, are skipped.
 * - Delimiter: `,` or `;`, whichever occurs more often (outside quotes) in the first line; a tie means `,`.
 *   Decimal commas are not supported: `1,5` is refused (INVALID_NUMBER) even in a `;` file; write `1.5`.
 * - Header: the first row is a header when it names a `value` column and a timestamp column
 *   (`start`, `end` or `timestamp`). Names are case-insensitive; spaces, `_` and `-` are equivalent
 *   (`Meter External ID` = `meter_external_id`). Recognised columns, in any order:
 *   - `meter` (also `meter_external_id`, `meter_id`, `external_id`): the meter's external id. May be
 *     left out when the import names one meter for the whole file (`meterRef`); a blank cell means it too.
 *   - `start` or `end`: the interval start or end. `timestamp`: the start or the end, as the import says
 *     (`timestampConvention`, M-1); `start` and `end` headers say it themselves. With both `start` and
 *     `end`, the duration is end − start (it must be an allowed one, and equal `duration_minutes` if given).
 *   - `value`: the energy of the interval, a decimal number ≥ 0 (`12`, `12.345`), no exponent, no
 *     thousands separator. Converted exactly to Wh; finer than 1 Wh is refused (C-1).
 *   - `unit` (optional): `Wh`, `kWh` or `MWh`, case-insensitive. Blank or absent: the import's default
 *     unit, else the meter's unit.
 *   - `quality` (optional): an ESPI reading-quality code (0, 7, 8, 9, 10, 11, 12, 14, 17, 18) or
 *     `ACTUAL`, `ESTIMATED`, `EDITED`. Blank or absent: 0 (valid).
 *   - `duration_minutes` (optional): 5, 15, 30, 60 or 1440 (M-1). Blank or absent: the meter's interval.
 *   Other columns are ignored.
 * - Without a header the columns are `meter,timestamp,value,unit,quality` (`timestamp,value,unit,quality`
 *   when the import names the meter); `unit` and `quality` may be left off.
 * - A row with more fields than the header (or the default columns) is refused (TOO_MANY_COLUMNS);
 *   empty trailing fields, as a trailing delimiter leaves, do not count. Fields are trimmed; meter ids
 *   are matched as the meter lookup does (exactly, as written).
 * - Timestamps: ISO 8601 date and time, `T` or a space between them, seconds optional, up to 6 fraction
 *   digits (milliseconds at most), `-` or `/` in the date (`2026-03-29T02:30:00+02:00`, `2026-03-29 02:30`,
 *   `2026/03/29 02:30`). A date alone means the start of that day, `24:00` the start of the next: local
 *   midnight, or where a DST jump skips midnight (America/Santiago) the first local time of the day.
 *   Years 1 to 9999.
 *   - With `Z` or an offset (`+09:00`, `+0900`, `+09`): that exact instant (C-2).
 *   - Without an offset: local time in the zone the import names (an IANA zone, or the meter's site zone).
 *     If it names none the row is refused (NAIVE_TIMESTAMP). A local time skipped by a DST change is
 *     refused (NONEXISTENT_LOCAL_TIME). A local time repeated by a DST change is either refused
 *     (AMBIGUOUS_LOCAL_TIME) or resolved by order: for each meter, its first row with that time is the
 *     earlier instant and its second row the later one, a third is refused. So the rows of a meter must
 *     be in time order and hold both passes of the repeated hour (an interval that does not divide the
 *     repeated period, e.g. hourly data on Australia/Lord_Howe's 30-minute change, cannot be resolved).
 * - One error per refused row, with its 1-based line number (the header is line 1; a quoted field spanning
 *   lines counts them all; the line given is where the row starts) and the column at fault when there is
 *   one: UNKNOWN_METER, MISSING_VALUE (the meter, timestamp or value is absent or blank, or the duration
 *   when the meter has no interval), INVALID_TIMESTAMP, NAIVE_TIMESTAMP, NONEXISTENT_LOCAL_TIME,
 *   AMBIGUOUS_LOCAL_TIME, INVALID_UNIT, INVALID_QUALITY, INVALID_DURATION, TOO_MANY_COLUMNS, INVALID_NUMBER,
 *   FINER_THAN_WH, OUT_OF_RANGE, NEGATIVE_VALUE.
 *   A file that cannot be read as a whole (empty, not CSV such as XML or JSON, unbalanced quotes, a
 *   header without data rows, or with a repeated column, `timestamp` beside `start`/`end`, or no meter
 *   column when the import names no meter) gets a single error MALFORMED_CSV on line 0 and no readings.
 * - Rows are not deduplicated or checked for overlaps here: ingestion does that.
 *
 * A time zone that is not IANA, in the options or a meter's site, is a caller bug and throws a RangeError
 * (both are validated where they are entered); nothing in the file text makes this function throw.
 */
import { CsvFileError, CsvRow, readCsv, streamCsv } from '../../common/csv';
import { toWh } from '../../common/energy';
import type { CodeWithStatus } from '../../common/error-codes';
import type { EnergyUnit } from '../../common/energy';
import { isIanaTimeZone } from '../../common/geo';
import { localToUtcCandidates, startOfLocalDay } from '../../common/zoned-time';
import { parseQuality, QUALITY_CODES } from '../reading-quality';

export interface CsvMeterInfo {
  meterId: string;
  timeZone: string;
  intervalMinutes: number | null;
  unit: EnergyUnit;
}

export interface CsvOptions {
  /** M-1: whether a `timestamp` column labels the interval start or its end. */
  timestampConvention: 'start' | 'end';
  /** Zone of timestamps without offset: an IANA zone, or 'site' (the meter's); absent → NAIVE_TIMESTAMP. */
  timeZone?: string | 'site';
  /** A repeated fall-back local time: by row order per meter (first = earlier), or refused. */
  ambiguous: 'order' | 'reject';
  /** Unit when a row has none; else the meter's unit. */
  defaultUnit?: EnergyUnit;
  /** External id of the meter of every row, when the file has no meter column. */
  meterRef?: string;
}

export interface CsvReading {
  line: number;
  meterId: string;
  start: Date;
  durationMinutes: number;
  valueWh: bigint;
  quality: number;
}

export interface CsvRowError {
  line: number;
  code: CodeWithStatus<422>;
  message: string;
  column?: string;
}

export interface CsvParse {
  readings: CsvReading[];
  errors: CsvRowError[];
  header: boolean;
  columns: string[];
}

type Role = 'meter' | 'start' | 'end' | 'timestamp' | 'value' | 'unit' | 'quality' | 'duration_minutes';

const ROLE_BY_NAME: Record<string, Role> = {
  meter: 'meter',
  meter_external_id: 'meter',
  meter_id: 'meter',
  external_id: 'meter',
  start: 'start',
  end: 'end',
  timestamp: 'timestamp',
  value: 'value',
  unit: 'unit',
  quality: 'quality',
  duration_minutes: 'duration_minutes',
};
const UNITS: Record<string, EnergyUnit> = { wh: 'Wh', kwh: 'kWh', mwh: 'MWh' };
const DURATIONS = new Set([5, 15, 30, 60, 1440]); // M-1
const QUALITY_HELP = `an ESPI code (${Object.keys(QUALITY_CODES).join(', ')}) or ACTUAL, ESTIMATED, EDITED`;
const MS_PER_MINUTE = 60_000;
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** Thrown inside a row check and turned into that row's error. */
class RowError extends Error {
  constructor(
    readonly code: CodeWithStatus<422>,
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

interface Layout {
  header: boolean;
  columns: string[];
  index: Partial<Record<Role, number>>;
  width: number;
}

const normaliseName = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');

const fileError = (message: string, column?: string): CsvParse => ({
  readings: [],
  errors: [{ line: 0, code: 'MALFORMED_CSV', message, ...(column ? { column } : {}) }],
  header: false,
  columns: [],
});

type HeaderProblem = { problem: string; column?: string };

function headerLayout(cells: string[], options: CsvOptions): Layout | HeaderProblem {
  const index: Partial<Record<Role, number>> = {};
  const columns: string[] = [];
  for (const [i, cell] of cells.entries()) {
    const role = ROLE_BY_NAME[normaliseName(cell)];
    if (role && index[role] !== undefined)
      return { problem: `the header repeats the ${role} column`, column: role };
    if (role) index[role] = i;
    columns.push(role ?? cell.trim());
  }
  if (index.timestamp !== undefined && (index.start !== undefined || index.end !== undefined))
    return {
      problem: 'the header has both a timestamp column and a start or end column',
      column: 'timestamp',
    };
  if (index.meter === undefined && options.meterRef === undefined)
    return { problem: 'the header has no meter column and the import names no meter', column: 'meter' };
  return { header: true, columns, index, width: cells.length };
}

function defaultLayout(options: CsvOptions): Layout {
  const columns: Role[] =
    options.meterRef === undefined
      ? ['meter', 'timestamp', 'value', 'unit', 'quality']
      : ['timestamp', 'value', 'unit', 'quality'];
  const index: Partial<Record<Role, number>> = {};
  columns.forEach((role, i) => (index[role] = i));
  return { header: false, columns, index, width: columns.length };
}

const isHeader = (cells: string[]) => {
  const roles = new Set(cells.map((cell) => ROLE_BY_NAME[normaliseName(cell)]));
  return roles.has('value') && (roles.has('start') || roles.has('end') || roles.has('timestamp'));
};

// 2026-03-29T02:30:00.000+02:00, 2026-03-29 02:30, 2026/03/29 02:30, 2026-03-29
const DATE = /(\d{4})([-/])(\d{2})\2(\d{2})/.source;
const TIME = /(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?/.source;
const OFFSET = /([Zz]|[+-]\d{2}(?::?\d{2})?)/.source;
const TIMESTAMP = new RegExp(`^${DATE}(?:[Tt ]${TIME}\\s*${OFFSET}?)?$`);

interface Stamp {
  /** The written wall time as if it were UTC, in ms (a naive time is local, else at the offset). */
  wall: number;
  /** Offset in ms, or null when the timestamp has none. */
  offset: number | null;
  /** 'YYYY-MM-DD' when the timestamp is a date alone or 24:00: the start of that local day. */
  dayStart: string | null;
}

/** Date.UTC without its mapping of years 0–99 to 1900–1999; hour 24 rolls over to the next day. */
function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000;
}

function parseStamp(text: string, column: string): Stamp {
  const bad = (why: string) => new RowError('INVALID_TIMESTAMP', `${column} "${text}" ${why}`, column);
  const match = TIMESTAMP.exec(text);
  if (!match) throw bad('is not an ISO 8601 date-time such as 2026-03-29T02:30:00+02:00');
  const [, y, , mo, d, h, mi = '00', s = '00', fraction = '', zone] = match;
  const [year, month, day, hour, minute, second] = [+y, +mo, +d, +(h ?? 0), +mi, +s];
  if (
    year < 1 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    new Date(utcMs(year, month, day, 0, 0, 0)).getUTCDate() !== day
  )
    throw bad('is not a calendar date');
  if (/[1-9]/.test(fraction.slice(3))) throw bad('is finer than a millisecond');
  const endOfDay = hour === 24 && minute === 0 && second === 0 && !/[1-9]/.test(fraction);
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) throw bad('is not a valid time of day');
  const wall = utcMs(year, month, day, hour, minute, second) + Number(fraction.slice(0, 3).padEnd(3, '0'));
  const dayStart = h === undefined || endOfDay ? new Date(wall).toISOString().slice(0, 10) : null;
  if (zone === undefined) return { wall, offset: null, dayStart };
  if (zone === 'Z' || zone === 'z') return { wall, offset: 0, dayStart: null };
  const digits = zone.slice(1).replace(':', ''); // hh, hhmm
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2) || '0');
  if (offsetHours > 14 || offsetMinutes > 59 || (offsetHours === 14 && offsetMinutes > 0))
    throw bad('has an offset beyond ±14:00');
  const sign = zone[0] === '-' ? -1 : 1;
  return { wall, offset: sign * (offsetHours * 60 + offsetMinutes) * MS_PER_MINUTE, dayStart: null };
}

/** Files of another format sent to the CSV import are told apart by their first character. */
function refuseOtherFormats(body: string): string | null {
  const first = body[body.search(/\S/)];
  if (first === '<') return 'the file looks like XML, not CSV (Green Button files have their own import)';
  if (first === '{' || first === '[') return 'the file looks like JSON, not CSV';
  return null;
}

const SINGLE_FIELD = 'no row has more than one field: the delimiter must be , or ;';

/** A row's message quotes its cell; a cell of kilobytes is cut, so an answer listing problems stays small. */
const MESSAGE_MAX = 300;
const clipped = (message: string) =>
  message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX - 1)}…` : message;

/**
 * Parses a meter-reading CSV file (format above). Never throws for bad file content: whole-file problems
 * give one MALFORMED_CSV error on line 0, bad rows one error each, good rows a reading each.
 */
export function parseReadingsCsv(
  text: string,
  options: CsvOptions,
  lookup: (meterExternalId: string) => CsvMeterInfo | undefined,
): CsvParse {
  const reader = new ReadingsCsvReader(options, lookup);
  const read = readCsv(text, refuseOtherFormats);
  if (!read.ok) return fileError(read.message);
  if (!read.rows.some(({ cells }) => cells.length > 1)) return fileError(SINGLE_FIELD);
  const readings: CsvReading[] = [];
  const errors: CsvRowError[] = [];
  try {
    for (const row of read.rows) {
      const item = reader.read(row);
      if (item && 'code' in item) errors.push(item);
      else if (item) readings.push(item);
    }
    reader.finish();
  } catch (error) {
    if (error instanceof CsvFileError) return fileError(error.message, error.column);
    throw error;
  }
  return { readings, errors, header: reader.header, columns: reader.columns };
}

/**
 * The same parse over a file streamed from disk, in constant memory: readings and row errors in file
 * order. A whole-file problem throws CsvFileError (possibly after rows were yielded: the caller discards
 * them, as the synchronous parse gives only the file's error).
 */
export async function* streamReadingsCsv(
  source: AsyncIterable<Buffer | string>,
  options: CsvOptions,
  lookup: (meterExternalId: string) => CsvMeterInfo | undefined,
): AsyncGenerator<CsvReading | CsvRowError> {
  const reader = new ReadingsCsvReader(options, lookup);
  for await (const row of streamCsv(source, refuseOtherFormats)) {
    const item = reader.read(row);
    if (item) yield item;
  }
  reader.finish();
}

/**
 * Reads the rows of one file in order: the first decides the layout (a header, or the default columns);
 * each data row becomes a reading or a row error. Whole-file problems throw CsvFileError.
 */
class ReadingsCsvReader {
  header = false;
  columns: string[] = [];
  private rowReader: RowReader | null = null;
  private dataRows = 0;
  private severalFields = false;

  constructor(
    private readonly options: CsvOptions,
    private readonly lookup: (meterExternalId: string) => CsvMeterInfo | undefined,
  ) {
    if (options.timeZone !== undefined && options.timeZone !== 'site' && !isIanaTimeZone(options.timeZone))
      throw new RangeError(`options.timeZone must be an IANA time zone or 'site', got ${options.timeZone}`);
  }

  /** The row's reading or error; null for the header. */
  read({ cells, line }: CsvRow): CsvReading | CsvRowError | null {
    this.severalFields ||= cells.length > 1;
    if (!this.rowReader) {
      const layout = isHeader(cells) ? headerLayout(cells, this.options) : defaultLayout(this.options);
      if ('problem' in layout) throw new CsvFileError(layout.problem, layout.column);
      this.header = layout.header;
      this.columns = layout.columns;
      this.rowReader = new RowReader(this.options, this.lookup, layout);
      if (layout.header) return null;
    }
    this.dataRows++;
    try {
      return { line, ...this.rowReader.read(cells) };
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      return {
        line,
        code: error.code,
        message: clipped(error.message),
        ...(error.column ? { column: error.column } : {}),
      };
    }
  }

  /** After the last row: a file with no data rows, or no row of more than one field, is refused. */
  finish(): void {
    if (!this.severalFields) throw new CsvFileError(SINGLE_FIELD);
    if (this.dataRows === 0) throw new CsvFileError('the file has a header but no data rows');
  }
}

/** Reads one data row; keeps the per-file state: meters looked up, repeated local times seen. */
class RowReader {
  private readonly meters = new Map<string, CsvMeterInfo | undefined>();
  private readonly checkedZones = new Set<string>();
  /** meter, column, zone, wall time → rows seen with that repeated local time (ambiguous: 'order'). */
  private readonly repeats = new Map<string, number>();

  constructor(
    private readonly options: CsvOptions,
    private readonly lookup: (meterExternalId: string) => CsvMeterInfo | undefined,
    private readonly layout: Layout,
  ) {}

  read(cells: string[]): Omit<CsvReading, 'line'> {
    let used = cells.length;
    while (used > 0 && cells[used - 1] === '') used--; // trailing empty fields (trailing delimiters) are fine
    if (used > this.layout.width)
      throw new RowError(
        'TOO_MANY_COLUMNS',
        `the row has ${used} fields, at most ${this.layout.width} expected`,
      );

    const meter = this.meter(this.cell(cells, 'meter') || this.options.meterRef || '');
    const { index } = this.layout;
    let start: number;
    let durationMinutes: number;
    let column: Role;
    if (index.start !== undefined && index.end !== undefined) {
      column = 'start';
      start = this.instant(cells, 'start', meter);
      const span = this.instant(cells, 'end', meter) - start;
      durationMinutes = this.duration(cells, meter, span);
    } else {
      column = index.start !== undefined ? 'start' : index.end !== undefined ? 'end' : 'timestamp';
      const at = this.instant(cells, column, meter);
      durationMinutes = this.duration(cells, meter, undefined);
      const labelsEnd =
        column === 'end' || (column === 'timestamp' && this.options.timestampConvention === 'end');
      start = labelsEnd ? at - durationMinutes * MS_PER_MINUTE : at; // M-1: an end label
    }
    if (start < FIRST_INSTANT || start + durationMinutes * MS_PER_MINUTE > LAST_INSTANT)
      throw new RowError('INVALID_TIMESTAMP', 'the interval is outside the years 1 to 9999', column);
    const unit = this.unit(cells, meter);
    return {
      meterId: meter.meterId,
      start: new Date(start),
      durationMinutes,
      valueWh: this.value(cells, unit),
      quality: this.quality(cells),
    };
  }

  private cell(cells: string[], role: Role): string {
    const i = this.layout.index[role];
    return i === undefined ? '' : (cells[i] ?? '');
  }

  private meter(externalId: string): CsvMeterInfo {
    if (externalId === '') throw new RowError('MISSING_VALUE', 'the meter is missing', 'meter');
    if (!this.meters.has(externalId)) this.meters.set(externalId, this.lookup(externalId));
    const meter = this.meters.get(externalId);
    if (!meter) throw new RowError('UNKNOWN_METER', `no meter has the external id "${externalId}"`, 'meter');
    return meter;
  }

  /** The instant a timestamp cell stands for (C-2). */
  private instant(cells: string[], column: Role, meter: CsvMeterInfo): number {
    const text = this.cell(cells, column);
    if (text === '') throw new RowError('MISSING_VALUE', `the ${column} is missing`, column);
    const { wall, offset, dayStart } = parseStamp(text, column);
    if (offset !== null) return wall - offset;

    const zone = this.options.timeZone === 'site' ? meter.timeZone : this.options.timeZone;
    if (zone === undefined)
      throw new RowError(
        'NAIVE_TIMESTAMP',
        `${column} "${text}" has no UTC offset and the import names no time zone`,
        column,
      );
    if (!this.checkedZones.has(zone)) {
      if (!isIanaTimeZone(zone))
        throw new RangeError(`meter ${meter.meterId} has an invalid time zone ${zone}`);
      this.checkedZones.add(zone);
    }
    const date = new Date(wall);
    let candidates: number[];
    try {
      // A date alone, or 24:00, is when that local day begins: 01:00 where DST skips midnight (C-2).
      if (dayStart !== null) return startOfLocalDay(dayStart, zone).getTime();
      candidates = localToUtcCandidates(
        {
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
          hour: date.getUTCHours(),
          minute: date.getUTCMinutes(),
          second: date.getUTCSeconds(),
        },
        zone,
      ).map((instant) => instant.getTime() + date.getUTCMilliseconds());
    } catch (error) {
      // The zone is valid (checked above): only dates at the ends of years 1–9999 get here.
      if (!(error instanceof RangeError)) throw error;
      throw new RowError('INVALID_TIMESTAMP', `${column} "${text}" is outside the years 1 to 9999`, column);
    }
    if (candidates.length === 0)
      throw new RowError(
        'NONEXISTENT_LOCAL_TIME',
        `${column} "${text}" does not exist in ${zone}: clocks skip it (DST)`,
        column,
      );
    if (candidates.length === 1) return candidates[0];
    const ambiguous = `${column} "${text}" occurs twice in ${zone} (DST ends)`;
    if (this.options.ambiguous === 'reject')
      throw new RowError('AMBIGUOUS_LOCAL_TIME', `${ambiguous}; give a UTC offset`, column);
    const key = `${meter.meterId}\u0000${column}\u0000${zone}\u0000${wall}`;
    const seen = this.repeats.get(key) ?? 0;
    this.repeats.set(key, seen + 1);
    if (seen >= candidates.length)
      throw new RowError(
        'AMBIGUOUS_LOCAL_TIME',
        `${ambiguous} but this meter has it ${seen + 1} times`,
        column,
      );
    return candidates[seen]; // first row = earlier instant, second = later
  }

  /** M-1: the duration cell, else end − start when both are given, else the meter's interval. */
  private duration(cells: string[], meter: CsvMeterInfo, span: number | undefined): number {
    const text = this.cell(cells, 'duration_minutes');
    const allowed = 'must be 5, 15, 30, 60 or 1440 minutes';
    let minutes: number;
    if (text !== '') {
      minutes = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
      if (!DURATIONS.has(minutes))
        throw new RowError('INVALID_DURATION', `duration_minutes "${text}" ${allowed}`, 'duration_minutes');
    } else if (span !== undefined) {
      minutes = span / MS_PER_MINUTE;
    } else if (meter.intervalMinutes !== null) {
      minutes = meter.intervalMinutes;
    } else {
      throw new RowError(
        'MISSING_VALUE',
        'the duration is missing and the meter has no interval length',
        'duration_minutes',
      );
    }
    if (span !== undefined && span !== minutes * MS_PER_MINUTE)
      throw new RowError(
        'INVALID_DURATION',
        `end − start is ${span / MS_PER_MINUTE} minutes, not ${minutes}`,
        'end',
      );
    if (!DURATIONS.has(minutes))
      throw new RowError(
        'INVALID_DURATION',
        `the interval of ${minutes} minutes ${allowed}`,
        span !== undefined ? 'end' : 'duration_minutes',
      );
    return minutes;
  }

  private unit(cells: string[], meter: CsvMeterInfo): EnergyUnit {
    const text = this.cell(cells, 'unit');
    if (text === '') return this.options.defaultUnit ?? meter.unit;
    const unit = UNITS[text.toLowerCase()];
    if (!unit) throw new RowError('INVALID_UNIT', `unit "${text}" must be Wh, kWh or MWh`, 'unit');
    return unit;
  }

  /** C-1: exact conversion to integer Wh. */
  private value(cells: string[], unit: EnergyUnit): bigint {
    const text = this.cell(cells, 'value');
    if (text === '') throw new RowError('MISSING_VALUE', 'the value is missing', 'value');
    const parsed = toWh(text, unit);
    if (!parsed.ok) {
      const hint =
        parsed.code === 'INVALID_NUMBER' && text.includes(',') ? ' (decimal commas are not supported)' : '';
      throw new RowError(parsed.code, `value "${text}" ${parsed.message}${hint}`, 'value');
    }
    if (parsed.wh < 0n) throw new RowError('NEGATIVE_VALUE', `value "${text}" must not be negative`, 'value');
    return parsed.wh;
  }

  private quality(cells: string[]): number {
    const text = this.cell(cells, 'quality');
    const code = parseQuality(text);
    if (code === null)
      throw new RowError('INVALID_QUALITY', `quality "${text}" must be ${QUALITY_HELP}`, 'quality');
    return code;
  }
}
