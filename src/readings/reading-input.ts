import { EnergyUnit, toWh } from '../common/energy';
import type { CodeWithStatus, ErrorCode } from '../common/error-codes';
import { localDateOf, offsetMinutesAt, startOfLocalDay } from '../common/zoned-time';
import { parseQuality } from './reading-quality';

/** What ingestion needs to know of a meter. */
export interface MeterForIngest {
  id: string;
  externalId: string;
  kind: 'interval' | 'register';
  direction: 'import' | 'export' | 'generation';
  intervalMinutes: number | null;
  unit: EnergyUnit;
  rolloverModulusWh: bigint | null;
  activeFrom: Date | null;
  activeTo: Date | null;
  /** The site's IANA zone: rollups are by site-local day. */
  timeZone: string;
}

export interface IntervalInput {
  index: number;
  meterId: string;
  start: Date;
  durationS: number;
  valueWh: bigint;
  quality: number;
}

export interface RegisterInput {
  index: number;
  meterId: string;
  at: Date;
  registerWh: bigint;
  quality: number;
}

/**
 * A reading that cannot be stored, by its position: its index in a JSON batch, or the line of a file it
 * comes from; `field` names the column or element of that line at fault, when one is.
 */
class ReadingProblemClass<C extends ErrorCode = ErrorCode> {
  constructor(
    readonly index: number,
    readonly code: C,
    readonly message: string,
    readonly field?: string,
  ) {}
}
export type ReadingProblem<C extends ErrorCode = ErrorCode> = ReadingProblemClass<C>;

export const INTERVAL_MINUTES_ALLOWED = new Set([5, 15, 30, 60, 1440]);
const UNITS = new Map<string, EnergyUnit>([
  ['wh', 'Wh'],
  ['kwh', 'kWh'],
  ['mwh', 'MWh'],
]);
/** Readings are kept between these instants (partitions are monthly; nothing older or newer is plausible). */
export const EARLIEST = Date.UTC(2000, 0, 1);
export const LATEST = Date.UTC(2100, 0, 1);
/** Clock skew allowed for an interval that ends in the future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const METER_REF_KEYS = ['meterId', 'meterExternalId'];
const INTERVAL_KEYS = new Set(['start', 'durationMinutes', 'value', 'unit', 'quality', ...METER_REF_KEYS]);
const REGISTER_KEYS = new Set(['at', 'value', 'unit', 'quality', ...METER_REF_KEYS]);

const problem = <C extends ErrorCode>(index: number, code: C, message: string, field?: string) =>
  new ReadingProblemClass(index, code, message, field);

/** The reading as an object with only known fields, or the problem with it. */
function asRecord(
  raw: unknown,
  index: number,
  allowed: Set<string>,
): Record<string, unknown> | ReadingProblem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return problem(index, 'NOT_AN_OBJECT', 'a reading must be an object');
  }
  // (for…in: own keys of a parsed JSON object, without the array Object.keys would make per reading)
  for (const key in raw) {
    if (!allowed.has(key)) return problem(index, 'UNKNOWN_FIELD', `${key} is not a known field of a reading`);
  }
  return raw as Record<string, unknown>;
}

const WH_PER_UNIT: Record<EnergyUnit, bigint> = { Wh: 1n, kWh: 1_000n, MWh: 1_000_000n };
const WHOLE = /^\d{1,12}$/;

/**
 * The common case of `toWh`, fast: a whole number of at most 12 digits (a JSON integer, or digits in a
 * string), which no unit makes finer than 1 Wh nor beyond a bigint. Null: let `toWh` decide.
 */
function wholeWh(value: string | number, unit: EnergyUnit): bigint | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value < 1e12 ? BigInt(value) * WH_PER_UNIT[unit] : null;
  }
  return WHOLE.test(value) ? BigInt(value) * WH_PER_UNIT[unit] : null;
}

function parseEnergy(index: number, record: Record<string, unknown>, meter: MeterForIngest) {
  // Units are case-insensitive, as in files: `kwh` is kWh.
  const unit =
    typeof record.unit === 'string'
      ? UNITS.get(record.unit.toLowerCase())
      : record.unit === undefined
        ? meter.unit
        : undefined;
  if (!unit) return problem(index, 'INVALID_UNIT', 'unit must be Wh, kWh or MWh');
  const value = record.value;
  if (typeof value !== 'string' && typeof value !== 'number') {
    return problem(index, 'INVALID_NUMBER', 'value must be a decimal number or string');
  }
  let wh = wholeWh(value, unit);
  if (wh === null) {
    const parsed = toWh(value, unit as EnergyUnit);
    if (!parsed.ok) return problem(index, parsed.code, `value ${parsed.message}`);
    wh = parsed.wh;
  }
  if (wh < 0n) return problem(index, 'NEGATIVE_VALUE', 'value must not be negative');
  const quality = parseQuality(record.quality);
  if (quality === null) {
    return problem(
      index,
      'INVALID_QUALITY',
      'quality must be an ESPI code (0, 7-12, 14, 17, 18) or ACTUAL, ESTIMATED, EDITED',
    );
  }
  return { wh, quality };
}

function parseTime(index: number, value: unknown, field: string): Date | ReadingProblem {
  if (typeof value !== 'string') return problem(index, 'INVALID_TIMESTAMP', `${field} is required`);
  const ms = instantMs(value);
  if (ms === null) {
    return problem(
      index,
      'INVALID_TIMESTAMP',
      `${field} must be an ISO 8601 date-time with Z or an offset (C-2)`,
    );
  }
  if (ms < EARLIEST || ms >= LATEST) {
    return problem(index, 'OUT_OF_RANGE', `${field} must be between 2000 and 2099`);
  }
  return new Date(ms);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
/** Days from 1970-01-01 to a proleptic Gregorian date (years 1 to 9999). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The digit at `i` of `text`, or a large negative number when it is not one (so that sums stay negative). */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100_000;
}
const twoDigits = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);

/**
 * `parseInstant` (common/time.ts) as epoch milliseconds, read character by character: the same strings are
 * taken, with the same result (fractions beyond milliseconds are cut, as Date does), at a fraction of the
 * cost of Date's parser, which dominated a 10,000-reading batch. A property test keeps the two equal.
 */
export function instantMs(text: string): number | null {
  const n = text.length;
  if (n < 17 || n > 32) return null;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return null;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':') return null;
  if (hour > 23 || minute > 59) return null;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (text[i] === ':') {
    second = twoDigits(text, i + 1);
    if (second < 0 || second > 59) return null;
    i += 3;
    if (text[i] === '.') {
      // Date keeps milliseconds and cuts finer digits.
      let digits = 0;
      for (i++; i < n && digit(text, i) >= 0; i++, digits++)
        if (digits < 3) millis += digit(text, i) * 10 ** (2 - digits);
      if (digits < 1 || digits > 6) return null;
    }
  }
  let offset = 0;
  if (text[i] === 'Z') i++;
  else if (text[i] === '+' || text[i] === '-') {
    const h = twoDigits(text, i + 1);
    const m = twoDigits(text, i + 4);
    if (h < 0 || h > 14 || m < 0 || m > 59 || text[i + 3] !== ':') return null;
    offset = (text[i] === '+' ? 1 : -1) * (h * 60 + m);
    i += 6;
  } else return null;
  if (i !== n) return null;
  // Date rejects these calendar dates, or rolls them over (2026-02-30), which parseInstant refuses; it
  // also refuses years before 100 (its check goes through Date.UTC, which reads them as 19xx).
  if (month < 1 || month > 12 || day < 1 || year < 100) return null;
  if (day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1])) return null;
  const ms =
    daysFromCivil(year, month, day) * 86_400_000 +
    ((hour * 60 + minute - offset) * 60 + second) * 1000 +
    millis;
  // Offsets can push year 9999 or 0001 past the four-digit range (as parseInstant).
  return ms >= MIN_INSTANT && ms < MAX_INSTANT ? ms : null;
}
const MIN_INSTANT = daysFromCivil(1, 1, 1) * 86_400_000;
const MAX_INSTANT = daysFromCivil(10_000, 1, 1) * 86_400_000;

/**
 * Checks a reading's time span, whatever its source: within 2000–2099 (partitions are monthly), not in
 * the future, and within the meter's active period.
 */
export function boundsProblem(
  index: number,
  from: Date | number,
  to: Date | number,
  meter: MeterForIngest,
  now: number,
): ReadingProblem<CodeWithStatus<422>> | null {
  const fromMs = typeof from === 'number' ? from : from.getTime();
  const toMs = typeof to === 'number' ? to : to.getTime();
  if (fromMs < EARLIEST || toMs >= LATEST) {
    return problem(index, 'OUT_OF_RANGE', 'readings must fall between 2000 and 2099');
  }
  if (toMs > now + FUTURE_TOLERANCE_MS) {
    return problem(index, 'FUTURE_INTERVAL', 'the interval has not ended yet');
  }
  if (
    (meter.activeFrom && fromMs < meter.activeFrom.getTime()) ||
    (meter.activeTo && toMs > meter.activeTo.getTime())
  ) {
    return problem(index, 'OUTSIDE_ACTIVE_PERIOD', "the reading falls outside the meter's active period");
  }
  return null;
}

/**
 * M-1: an interval starts on its meter's grid in the site's local time: a 15-minute meter's at :00, :15,
 * :30 or :45, a daily meter's at local midnight (where DST skips midnight, the day's first local time). A
 * reading longer than the meter's interval starts on its own grid too. Off-grid starts would be stored
 * and then block the aligned readings as overlaps, so they are refused (OFF_GRID).
 */
export function gridProblem(r: IntervalInput, meter: MeterForIngest): ReadingProblem | null {
  const daily = meter.intervalMinutes === 1440 || r.durationS >= 23 * 3600;
  if (daily) {
    return startOfLocalDay(localDateOf(r.start, meter.timeZone), meter.timeZone).getTime() ===
      r.start.getTime()
      ? null
      : problem(r.index, 'OFF_GRID', `a daily reading starts at local midnight in ${meter.timeZone}`);
  }
  const step = Math.max(r.durationS / 60, meter.intervalMinutes ?? 0);
  const ms = r.start.getTime();
  const localMinutes = ms / 60_000 + offsetMinutesAt(r.start, meter.timeZone);
  if (ms % 60_000 === 0 && ((localMinutes % step) + step) % step === 0) return null;
  const marks = Array.from(
    { length: Math.min(60 / step, 4) },
    (_, i) => `:${String(i * step).padStart(2, '0')}`,
  );
  return problem(
    r.index,
    'OFF_GRID',
    `start must fall on the meter's ${step}-minute grid in ${meter.timeZone} (${marks.join(', ')}${60 / step > 4 ? ', …' : ''})`,
  );
}

/**
 * The most energy one reading, or one register value, may hold: 10^15 Wh (1 PWh), beyond any meter. A
 * bigint holds more, but a day's rollup (a bigint) sums up to 300 five-minute readings and must not
 * overflow: without this bound, two readings of 5 × 10^18 Wh on one day made the whole batch fail.
 */
export const MAX_READING_WH = 10n ** 15n;

/** A value above MAX_READING_WH, whatever its source (JSON, CSV, Green Button). */
export function valueProblem(index: number, wh: bigint): ReadingProblem | null {
  return wh > MAX_READING_WH
    ? problem(index, 'OUT_OF_RANGE', 'a reading holds at most 10^15 Wh (1 PWh)')
    : null;
}

/** An interval reading (M-1): start, length (default the meter's), exact energy, quality. */
export function parseIntervalReading(
  raw: unknown,
  index: number,
  meter: MeterForIngest,
  now = Date.now(),
): IntervalInput | ReadingProblem {
  const r = asRecord(raw, index, INTERVAL_KEYS);
  if (r instanceof ReadingProblemClass) return r;
  if ('at' in r)
    return problem(index, 'UNKNOWN_FIELD', 'at is for register meters; interval readings have start');
  const start = parseTime(index, r.start, 'start');
  if (!(start instanceof Date)) return start;
  const minutes = r.durationMinutes ?? meter.intervalMinutes;
  if (typeof minutes !== 'number' || !INTERVAL_MINUTES_ALLOWED.has(minutes)) {
    return problem(index, 'INVALID_DURATION', 'durationMinutes must be 5, 15, 30, 60 or 1440');
  }
  const energy = parseEnergy(index, r, meter);
  if (energy instanceof ReadingProblemClass) return energy;
  const outside = boundsProblem(index, start, start.getTime() + minutes * 60_000, meter, now);
  if (outside) return outside;
  return {
    index,
    meterId: meter.id,
    start,
    durationS: minutes * 60,
    valueWh: energy.wh,
    quality: energy.quality,
  };
}

/** A cumulative register reading (M-2): the register's value at an instant. */
export function parseRegisterReading(
  raw: unknown,
  index: number,
  meter: MeterForIngest,
  now = Date.now(),
): RegisterInput | ReadingProblem {
  const r = asRecord(raw, index, REGISTER_KEYS);
  if (r instanceof ReadingProblemClass) return r;
  const at = parseTime(index, r.at, 'at');
  if (!(at instanceof Date)) return at;
  const energy = parseEnergy(index, r, meter);
  if (energy instanceof ReadingProblemClass) return energy;
  if (meter.rolloverModulusWh !== null && energy.wh >= meter.rolloverModulusWh) {
    return problem(index, 'OUT_OF_RANGE', 'the register value must be below the rollover modulus');
  }
  const outside = boundsProblem(index, at, at, meter, now);
  if (outside) return outside;
  return { index, meterId: meter.id, at, registerWh: energy.wh, quality: energy.quality };
}

export const isProblem = (value: unknown): value is ReadingProblem => value instanceof ReadingProblemClass;
export { problem as readingProblem };
