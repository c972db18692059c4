import fc from 'fast-check';
import {
  addLocalDays,
  localDateOf,
  localDateTimeOf,
  localDayLengthMinutes,
  localToUtcCandidates,
  offsetMinutesAt,
  startOfLocalDay,
} from './zoned-time';

const at = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const local = (text: string) => {
  const [year, month, day, hour, minute, second = 0] = text.split(/[-T:]/).map(Number);
  return { year, month, day, hour, minute, second };
};
/** Quarter-hour interval starts from the start of a local day to the start of the next (C-2). */
function quarterHours(localDate: string, timeZone: string): Date[] {
  const end = startOfLocalDay(addLocalDays(localDate, 1), timeZone).getTime();
  const starts: Date[] = [];
  for (let t = startOfLocalDay(localDate, timeZone).getTime(); t < end; t += 15 * 60_000)
    starts.push(new Date(t));
  return starts;
}

describe('offsetMinutesAt', () => {
  it.each([
    ['2026-01-15T12:00:00Z', 'Asia/Seoul', 540],
    ['2026-01-15T12:00:00Z', 'America/New_York', -300],
    ['2026-07-15T12:00:00Z', 'America/New_York', -240],
    ['2026-07-15T12:00:00Z', 'UTC', 0],
    ['2026-01-15T12:00:00Z', 'Australia/Lord_Howe', 660],
    ['2026-07-15T12:00:00Z', 'Australia/Lord_Howe', 630],
    ['2026-07-15T12:00:00Z', 'Asia/Kathmandu', 345],
    ['2026-01-15T12:00:00Z', 'Europe/Dublin', 0],
    ['2026-07-15T12:00:00Z', 'Europe/Dublin', 60],
  ])('%s in %s is %d', (instant, zone, minutes) => expect(offsetMinutesAt(at(instant), zone)).toBe(minutes));

  it('changes exactly at the transition instant (Europe/Berlin, 2026-03-29 01:00 UTC)', () => {
    expect(offsetMinutesAt(at('2026-03-29T00:59:59.999Z'), 'Europe/Berlin')).toBe(60);
    expect(offsetMinutesAt(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutesAt(at('2026-10-25T00:59:59Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutesAt(at('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe(60);
  });

  it('is exact within a UTC hour that holds a transition (America/St_Johns, 2026-03-08 05:30 UTC)', () => {
    expect(offsetMinutesAt(at('2026-03-08T05:00:00Z'), 'America/St_Johns')).toBe(-210);
    expect(offsetMinutesAt(at('2026-03-08T05:29:59Z'), 'America/St_Johns')).toBe(-210);
    expect(offsetMinutesAt(at('2026-03-08T05:30:00Z'), 'America/St_Johns')).toBe(-150);
    expect(offsetMinutesAt(at('2026-03-08T05:59:59Z'), 'America/St_Johns')).toBe(-150);
    expect(offsetMinutesAt(at('2026-03-08T05:10:00Z'), 'America/St_Johns')).toBe(-210);
  });

  it('keeps the seconds of historical local mean time (Europe/Berlin before 1893: +00:53:28)', () => {
    expect(offsetMinutesAt(at('1890-01-01T00:00:00Z'), 'Europe/Berlin')).toBeCloseTo(53 + 28 / 60, 10);
  });

  it('refuses unknown zones and invalid dates with a RangeError', () => {
    expect(() => offsetMinutesAt(at('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => offsetMinutesAt(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });
});

describe('localDateOf / localDateTimeOf', () => {
  it('gives the local calendar date, not the UTC one', () => {
    expect(localDateOf(at('2026-03-28T15:00:00Z'), 'Asia/Seoul')).toBe('2026-03-29');
    expect(localDateOf(at('2026-03-28T14:59:59.999Z'), 'Asia/Seoul')).toBe('2026-03-28');
    expect(localDateOf(at('2026-01-01T04:59:59Z'), 'America/New_York')).toBe('2025-12-31');
    expect(localDateOf(at('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01');
  });

  it('gives the wall-clock time, milliseconds dropped', () => {
    expect(localDateTimeOf(at('2026-10-25T00:30:00.750Z'), 'Europe/Berlin')).toEqual(
      local('2026-10-25T02:30:00'),
    );
    expect(localDateTimeOf(at('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toEqual(
      local('2026-10-25T02:30:00'),
    );
    expect(localDateTimeOf(at('2026-04-04T15:15:00Z'), 'Australia/Lord_Howe')).toEqual(
      local('2026-04-05T01:45:00'),
    );
  });
});

describe('local days (C-2: 23, 24 or 25 hours)', () => {
  it('Europe/Berlin 2026-03-29 has 23 hours (92 quarter-hours)', () => {
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localDayLengthMinutes('2026-03-29', 'Europe/Berlin')).toBe(1380);
    expect(quarterHours('2026-03-29', 'Europe/Berlin')).toHaveLength(92);
  });

  it('Europe/Berlin 2026-10-25 has 25 hours (100 quarter-hours)', () => {
    expect(startOfLocalDay('2026-10-25', 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(localDayLengthMinutes('2026-10-25', 'Europe/Berlin')).toBe(1500);
    const starts = quarterHours('2026-10-25', 'Europe/Berlin');
    expect(starts).toHaveLength(100);
    expect(starts.every((t) => localDateOf(t, 'Europe/Berlin') === '2026-10-25')).toBe(true);
  });

  it('America/New_York 2012-03-11 has 23 hours: 92 quarter-hours (M-5 sample day)', () => {
    expect(startOfLocalDay('2012-03-11', 'America/New_York').toISOString()).toBe('2012-03-11T05:00:00.000Z');
    expect(localDayLengthMinutes('2012-03-11', 'America/New_York')).toBe(1380);
    expect(quarterHours('2012-03-11', 'America/New_York')).toHaveLength(92);
    expect(localDayLengthMinutes('2012-03-10', 'America/New_York')).toBe(1440);
    expect(localDayLengthMinutes('2012-11-04', 'America/New_York')).toBe(1500);
  });

  it('Asia/Seoul and UTC have 24-hour days all year', () => {
    for (let day = '2026-01-01'; day < '2027-01-01'; day = addLocalDays(day, 1)) {
      expect(localDayLengthMinutes(day, 'Asia/Seoul')).toBe(1440);
      expect(localDayLengthMinutes(day, 'UTC')).toBe(1440);
    }
    expect(startOfLocalDay('2026-01-01', 'Asia/Seoul').toISOString()).toBe('2025-12-31T15:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('Australia/Lord_Howe shifts by 30 minutes (23.5 and 24.5 hour days)', () => {
    expect(localDayLengthMinutes('2026-04-05', 'Australia/Lord_Howe')).toBe(1470);
    expect(localDayLengthMinutes('2026-10-04', 'Australia/Lord_Howe')).toBe(1410);
    expect(quarterHours('2026-10-04', 'Australia/Lord_Howe')).toHaveLength(94);
  });

  it('starts the day at the first existing local time when DST skips midnight', () => {
    // America/Santiago 2022-09-11 and Asia/Beirut 2026-03-29: 00:00 jumps to 01:00.
    expect(startOfLocalDay('2022-09-11', 'America/Santiago').toISOString()).toBe('2022-09-11T04:00:00.000Z');
    expect(localDateTimeOf(startOfLocalDay('2022-09-11', 'America/Santiago'), 'America/Santiago')).toEqual(
      local('2022-09-11T01:00:00'),
    );
    expect(localDayLengthMinutes('2022-09-11', 'America/Santiago')).toBe(1380);
    expect(startOfLocalDay('2026-03-29', 'Asia/Beirut').toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(localDayLengthMinutes('2026-03-29', 'Asia/Beirut')).toBe(1380);
  });

  it('counts a fall-back at midnight in the day before it (America/Santiago 2023-04-01: 25 hours)', () => {
    expect(localDayLengthMinutes('2023-04-01', 'America/Santiago')).toBe(1500);
    expect(startOfLocalDay('2023-04-02', 'America/Santiago').toISOString()).toBe('2023-04-02T04:00:00.000Z');
    expect(localDayLengthMinutes('2023-04-02', 'America/Santiago')).toBe(1440);
  });

  it('gives a skipped day zero length (Pacific/Apia, 2011-12-30)', () => {
    expect(localDayLengthMinutes('2011-12-30', 'Pacific/Apia')).toBe(0);
    expect(startOfLocalDay('2011-12-30', 'Pacific/Apia')).toEqual(
      startOfLocalDay('2011-12-31', 'Pacific/Apia'),
    );
    expect(localDayLengthMinutes('2011-12-29', 'Pacific/Apia')).toBe(1440);
  });

  it('refuses dates that are not YYYY-MM-DD calendar dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '26-01-01', '', '2026-01-01T00:00']) {
      expect(() => startOfLocalDay(bad, 'UTC')).toThrow(RangeError);
    }
    expect(() => startOfLocalDay('2026-01-01', 'Not/AZone')).toThrow(RangeError);
  });
});

describe('localToUtcCandidates', () => {
  it('returns one instant for an ordinary local time', () => {
    expect(iso(localToUtcCandidates(local('2026-07-01T12:00'), 'Europe/Berlin'))).toEqual([
      '2026-07-01T10:00:00.000Z',
    ]);
    expect(iso(localToUtcCandidates(local('2026-03-29T02:30'), 'Asia/Seoul'))).toEqual([
      '2026-03-28T17:30:00.000Z',
    ]);
  });

  it('returns nothing in a spring-forward gap', () => {
    expect(localToUtcCandidates(local('2026-03-29T02:00'), 'Europe/Berlin')).toEqual([]);
    expect(localToUtcCandidates(local('2026-03-29T02:59:59'), 'Europe/Berlin')).toEqual([]);
    expect(localToUtcCandidates(local('2012-03-11T02:30'), 'America/New_York')).toEqual([]);
    expect(localToUtcCandidates(local('2026-10-04T02:15'), 'Australia/Lord_Howe')).toEqual([]);
    expect(localToUtcCandidates(local('2022-09-11T00:00'), 'America/Santiago')).toEqual([]);
    expect(iso(localToUtcCandidates(local('2026-03-29T03:00'), 'Europe/Berlin'))).toEqual([
      '2026-03-29T01:00:00.000Z',
    ]);
  });

  it('returns [earlier, later] in a fall-back overlap', () => {
    expect(iso(localToUtcCandidates(local('2026-10-25T02:00'), 'Europe/Berlin'))).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
    ]);
    expect(iso(localToUtcCandidates(local('2026-10-25T02:59:59'), 'Europe/Berlin'))).toEqual([
      '2026-10-25T00:59:59.000Z',
      '2026-10-25T01:59:59.000Z',
    ]);
    expect(iso(localToUtcCandidates(local('2012-11-04T01:30'), 'America/New_York'))).toEqual([
      '2012-11-04T05:30:00.000Z',
      '2012-11-04T06:30:00.000Z',
    ]);
    expect(iso(localToUtcCandidates(local('2026-04-05T01:45'), 'Australia/Lord_Howe'))).toEqual([
      '2026-04-04T14:45:00.000Z',
      '2026-04-04T15:15:00.000Z',
    ]);
    expect(iso(localToUtcCandidates(local('2026-10-25T03:00'), 'Europe/Berlin'))).toEqual([
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('refuses invalid local times', () => {
    expect(() => localToUtcCandidates(local('2026-02-30T00:00'), 'UTC')).toThrow(RangeError);
    expect(() => localToUtcCandidates(local('2026-01-01T24:00'), 'UTC')).toThrow(RangeError);
    expect(() => localToUtcCandidates({ ...local('2026-01-01T00:00'), second: 0.5 }, 'UTC')).toThrow(
      RangeError,
    );
  });
});

describe('addLocalDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 365, '2027-01-01'],
    ['0099-12-31', 1, '0100-01-01'],
  ])('%s plus %d days is %s', (date, days, expected) => expect(addLocalDays(date, days)).toBe(expected));

  it('refuses fractional days and bad dates', () => {
    expect(() => addLocalDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addLocalDays('2026-02-29', 1)).toThrow(RangeError);
  });
});

describe('properties', () => {
  // Zones with 30/45-minute offsets, negative DST (Dublin), midnight DST (Santiago, Beirut, Havana),
  // a skipped day (Apia) and a 2-hour DST (Troll). America/Goose_Bay is left out: its 00:01 fall-back
  // (1988–2010) repeats midnight, so a day there has no single start.
  const zones = [
    'UTC',
    'Europe/Berlin',
    'Europe/London',
    'Europe/Dublin',
    'America/New_York',
    'America/St_Johns',
    'America/Santiago',
    'America/Havana',
    'America/Sao_Paulo',
    'Asia/Seoul',
    'Asia/Beirut',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Asia/Tehran',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Pacific/Apia',
    'Pacific/Kiritimati',
    'Africa/Casablanca',
    'Antarctica/Troll',
  ];
  const instant = fc
    .integer({ min: Date.UTC(1900, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 })
    .map((s) => new Date(s * 1000));
  const zone = fc.constantFrom(...zones);

  it('localToUtcCandidates(localDateTimeOf(t)) contains t, and every candidate shows that local time', () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        const wall = localDateTimeOf(t, tz);
        const candidates = localToUtcCandidates(wall, tz);
        expect(iso(candidates)).toContain(t.toISOString());
        expect(candidates.length).toBeLessThanOrEqual(2);
        for (const c of candidates) expect(localDateTimeOf(c, tz)).toEqual(wall);
      }),
      { numRuns: 3000 },
    );
  });

  /**
   * Newfoundland moved its clocks at 00:01 local time from 1987 to 2011: falling back, its date went forward
   * to the next day for one minute and then back, so that day and the one before it were not each one
   * stretch of time, and no start of day can bound both. The property holds for every other day.
   */
  const dayInPieces = (t: Date, tz: string) =>
    tz === 'America/St_Johns' && t.getTime() >= Date.UTC(1987, 0, 1) && t.getTime() < Date.UTC(2012, 0, 1);

  it('startOfLocalDay(localDateOf(t)) ≤ t < startOfLocalDay(next day)', () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        fc.pre(!dayInPieces(t, tz));
        const day = localDateOf(t, tz);
        expect(startOfLocalDay(day, tz).getTime()).toBeLessThanOrEqual(t.getTime());
        expect(startOfLocalDay(addLocalDays(day, 1), tz).getTime()).toBeGreaterThan(t.getTime());
        expect(localDateOf(startOfLocalDay(day, tz), tz)).toBe(day);
      }),
      { numRuns: 3000 },
    );
  });

  it('local days in ordinary DST zones last 23, 24 or 25 hours (2000–2037)', () => {
    const date = fc
      .integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2037, 11, 31) / 86_400_000 })
      .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
    const dstZone = fc.constantFrom(
      'Europe/Berlin',
      'America/New_York',
      'America/Santiago',
      'Asia/Seoul',
      'UTC',
    );
    fc.assert(
      fc.property(date, dstZone, (day, tz) => {
        expect([1380, 1440, 1500]).toContain(localDayLengthMinutes(day, tz));
      }),
    );
  });
});
