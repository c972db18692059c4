/**
 * IANA time-zone arithmetic with Intl only (C-2: each site has an IANA zone; a local day has 23, 24 or 25
 * hours). Pure and synchronous; no date library.
 *
 * Speed: Intl.DateTimeFormat is expensive to create and ~1 µs to call, and this runs for every reading of
 * large files. So there is one formatter per zone, and the UTC offset is cached per zone and UTC hour: an
 * hour whose first and last second have the same offset is taken to have it throughout (tzdb never changes
 * the offset twice within an hour); the rare hour that holds a transition is computed exactly per call.
 *
 * Range: instants in the years 1 to 9999 (as `parseInstant`). Offsets of historical local mean time have
 * seconds (Europe/Berlin before 1893: +00:53:28), so `offsetMinutesAt` can then return a fraction.
 * Invalid zones or dates throw a RangeError: callers validate input first (`isIanaTimeZone`).
 */

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Cached hours per zone before the cache is cleared (≈ 23 years of distinct hours). */
const MAX_HOURS_PER_ZONE = 200_000;
const MAX_DATE_STRINGS = 100_000;
/** Marks a cached hour that contains an offset change: compute each instant in it exactly. */
const MIXED = Number.NaN;

interface ZoneCache {
  format: Intl.DateTimeFormat;
  /** UTC hour number → offset in ms for the whole hour, or MIXED. */
  hours: Map<number, number>;
  lastHour: number;
  lastOffset: number;
}

const zones = new Map<string, ZoneCache>();
/** Days since 1970-01-01 → 'YYYY-MM-DD'. Shared by all zones: the calendar is the same. */
const dateStrings = new Map<number, string>();

function zoneCache(timeZone: string): ZoneCache {
  let cache = zones.get(timeZone);
  if (!cache) {
    // Throws RangeError for an unknown zone. h23 avoids the '24' hour some runtimes print at midnight.
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    cache = { format, hours: new Map(), lastHour: Number.NaN, lastOffset: 0 };
    zones.set(timeZone, cache);
  }
  return cache;
}

/** Date.UTC without its mapping of years 0–99 to 1900–1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() + ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND;
}

// en-US with h23: "03/29/2026, 02:30:00" (the year has no padding before year 1000).
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d+), (\d{2}):(\d{2}):(\d{2})$/;

/** The offset (ms) of `timeZone` at `ms`, straight from Intl: about 1 µs. */
function exactOffset(cache: ZoneCache, ms: number): number {
  const second = Math.floor(ms / MS_PER_SECOND) * MS_PER_SECOND;
  const match = FORMATTED.exec(cache.format.format(second));
  if (!match) throw new RangeError(`instant ${new Date(ms).toISOString()} is outside years 1 to 9999`);
  const [, month, day, year, hour, minute, sec] = match;
  const offset = utcMs(+year, +month, +day, +hour, +minute, +sec) - second;
  // Before year 1 Intl prints era years (1 BC as "1"): the difference is then absurd.
  if (Math.abs(offset) > MS_PER_DAY) throw new RangeError('instant outside years 1 to 9999');
  return offset;
}

function offsetMs(cache: ZoneCache, ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError('invalid date');
  const hour = Math.floor(ms / MS_PER_HOUR);
  if (hour === cache.lastHour) return cache.lastOffset;
  let offset = cache.hours.get(hour);
  if (offset === undefined) {
    const first = exactOffset(cache, hour * MS_PER_HOUR);
    const last = exactOffset(cache, (hour + 1) * MS_PER_HOUR - MS_PER_SECOND);
    offset = first === last ? first : MIXED;
    if (cache.hours.size >= MAX_HOURS_PER_ZONE) cache.hours.clear();
    cache.hours.set(hour, offset);
  }
  if (Number.isNaN(offset)) return exactOffset(cache, ms);
  cache.lastHour = hour;
  cache.lastOffset = offset;
  return offset;
}

function dateString(dayNumber: number): string {
  let text = dateStrings.get(dayNumber);
  if (text === undefined) {
    const date = new Date(dayNumber * MS_PER_DAY);
    const year = date.getUTCFullYear();
    if (year < 1 || year > 9999) throw new RangeError(`date outside years 1 to 9999`);
    text =
      String(year).padStart(4, '0') +
      '-' +
      String(date.getUTCMonth() + 1).padStart(2, '0') +
      '-' +
      String(date.getUTCDate()).padStart(2, '0');
    if (dateStrings.size >= MAX_DATE_STRINGS) dateStrings.clear();
    dateStrings.set(dayNumber, text);
  }
  return text;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → days since 1970-01-01; RangeError for anything else (including 2026-02-30). */
function parseLocalDate(localDate: string): number {
  const match = LOCAL_DATE.exec(localDate);
  if (match) {
    const [year, month, day] = [+match[1], +match[2], +match[3]];
    const ms = utcMs(year, month, day);
    const date = new Date(ms);
    if (year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return ms / MS_PER_DAY;
  }
  throw new RangeError(`not a calendar date YYYY-MM-DD: ${localDate}`);
}

/** UTC offset in minutes at an instant, e.g. +540 for Asia/Seoul, -300 or -240 for America/New_York. */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  return offsetMs(zoneCache(timeZone), instant.getTime()) / MS_PER_MINUTE;
}

/** The local calendar date ('YYYY-MM-DD') of an instant in a zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  return dateString(Math.floor((ms + offsetMs(zoneCache(timeZone), ms)) / MS_PER_DAY));
}

/** The local wall-clock time of an instant (milliseconds dropped). */
export function localDateTimeOf(instant: Date, timeZone: string): LocalDateTime {
  const ms = instant.getTime();
  const local = new Date(ms + offsetMs(zoneCache(timeZone), ms));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

function isValidLocal(local: LocalDateTime): boolean {
  const { year, month, day, hour, minute, second } = local;
  const fields = [year, month, day, hour, minute, second];
  if (!fields.every(Number.isInteger)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  return new Date(utcMs(year, month, day)).getUTCDate() === day; // rejects 2026-02-30
}

/** Local wall time as if it were UTC (ms) → the offsets in force around it, most likely first. */
function candidateMs(cache: ZoneCache, wall: number): number[] {
  // The offsets a day either side cover any transition near `wall`, including 24-hour jumps
  // (Pacific/Apia skipped 2011-12-30); re-probing at wall − offset catches a nearer change.
  const around = [offsetMs(cache, wall - MS_PER_DAY), offsetMs(cache, wall + MS_PER_DAY)];
  const offsets = new Set<number>(around);
  for (const offset of around) offsets.add(offsetMs(cache, wall - offset));
  const found: number[] = [];
  for (const offset of offsets) {
    const ms = wall - offset;
    if (offsetMs(cache, ms) === offset && !found.includes(ms)) found.push(ms);
  }
  return found.sort((a, b) => a - b);
}

/**
 * The instants at which the wall clock of `timeZone` shows `local`: none in a spring-forward gap, one
 * normally, [earlier, later] in a fall-back overlap. RangeError for an invalid local time.
 */
export function localToUtcCandidates(local: LocalDateTime, timeZone: string): Date[] {
  if (!isValidLocal(local)) throw new RangeError(`invalid local date-time ${JSON.stringify(local)}`);
  const { year, month, day, hour, minute, second } = local;
  const wall = utcMs(year, month, day, hour, minute, second);
  return candidateMs(zoneCache(timeZone), wall).map((ms) => new Date(ms));
}

/**
 * The instant a local day begins: local midnight, or, where a DST jump skips midnight (America/Santiago,
 * Asia/Beirut), the first local time that exists that day. A day that does not exist at all (Pacific/Apia,
 * 2011-12-30) begins and ends at the same instant.
 */
export function startOfLocalDay(localDate: string, timeZone: string): Date {
  const cache = zoneCache(timeZone);
  const wall = parseLocalDate(localDate) * MS_PER_DAY;
  const found = candidateMs(cache, wall);
  if (found.length > 0) return new Date(found[0]); // a repeated midnight: the day starts at the first
  // Midnight is in a gap: the day starts at the transition, between wall − later and wall − earlier offset.
  const before = offsetMs(cache, wall - MS_PER_DAY);
  let lo = Math.floor((wall - offsetMs(cache, wall + MS_PER_DAY)) / MS_PER_SECOND); // offset `before` here
  let hi = Math.ceil((wall - before) / MS_PER_SECOND); // the new offset here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(cache, mid * MS_PER_SECOND) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi * MS_PER_SECOND);
}

/** Minutes in a local day: 1440, or 1380 / 1500 on DST change days (1410 / 1470 for Australia/Lord_Howe). */
export function localDayLengthMinutes(localDate: string, timeZone: string): number {
  const start = startOfLocalDay(localDate, timeZone).getTime();
  const end = startOfLocalDay(addLocalDays(localDate, 1), timeZone).getTime();
  return (end - start) / MS_PER_MINUTE;
}

/** Calendar arithmetic on 'YYYY-MM-DD' (no zone involved). */
export function addLocalDays(localDate: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return dateString(parseLocalDate(localDate) + days);
}
