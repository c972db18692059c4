import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { EnergyUnit } from '../../common/energy';
import { localDateOf, localDateTimeOf, offsetMinutesAt, startOfLocalDay } from '../../common/zoned-time';
import { QUALITY_CODES } from '../reading-quality';
import { CsvFileError, readCsv, streamCsv } from '../../common/csv';
import {
  CsvMeterInfo,
  CsvOptions,
  CsvParse,
  CsvReading,
  CsvRowError,
  parseReadingsCsv,
  streamReadingsCsv,
} from './csv.parser';

const FIXTURES = join(__dirname, '../../../test/fixtures/readings');

const METERS: Record<string, CsvMeterInfo> = {
  'MTR-UTIL-001': { meterId: 'meter-util-1', timeZone: 'Asia/Seoul', intervalMinutes: 15, unit: 'kWh' },
  'MTR-UTIL-002': { meterId: 'meter-util-2', timeZone: 'America/New_York', intervalMinutes: 60, unit: 'kWh' },
  'GW-17/CH1': { meterId: 'meter-gw-1', timeZone: 'Europe/Berlin', intervalMinutes: 15, unit: 'Wh' },
  'GW-17/CH2': { meterId: 'meter-gw-2', timeZone: 'Europe/Berlin', intervalMinutes: 5, unit: 'Wh' },
  'DE-BER-0001': { meterId: 'meter-ber-1', timeZone: 'Europe/Berlin', intervalMinutes: 15, unit: 'kWh' },
  'KR-ULSAN-01': { meterId: 'meter-ulsan-1', timeZone: 'Asia/Seoul', intervalMinutes: 1440, unit: 'MWh' },
  'NO-INTERVAL': { meterId: 'meter-no-interval', timeZone: 'Asia/Seoul', intervalMinutes: null, unit: 'Wh' },
};
const lookup = (externalId: string): CsvMeterInfo | undefined => METERS[externalId];

const START: CsvOptions = { timestampConvention: 'start', ambiguous: 'reject' };
const fixture = (kind: 'ok' | 'not-ok', name: string) => readFileSync(join(FIXTURES, kind, name), 'utf8');
const csvFixtures = (kind: 'ok' | 'not-ok') =>
  readdirSync(join(FIXTURES, kind)).filter((name) => name.startsWith('csv-') && name.endsWith('.csv'));

/** Readings as JSON-friendly values (ISO instants, Wh as strings), the form of the golden files. */
const plain = (result: CsvParse) => ({
  header: result.header,
  columns: result.columns,
  errors: result.errors,
  readings: result.readings.map((r) => ({
    ...r,
    start: r.start.toISOString(),
    valueWh: r.valueWh.toString(),
  })),
});
const errorCodes = (result: CsvParse) => result.errors.map((e) => [e.line, e.code, e.column]);
const lines = (result: CsvParse) => result.readings.map((r) => r.line);
const parse = (text: string, options: CsvOptions = START) => parseReadingsCsv(text, options, lookup);

describe('parseReadingsCsv: golden files (ok)', () => {
  const OK: Record<string, CsvOptions> = {
    'csv-utility-header-offsets.csv': START,
    'csv-gateway-no-header.csv': { ...START, timeZone: 'site' },
    'csv-end-labelled-berlin-fallback.csv': {
      timestampConvention: 'end',
      timeZone: 'Europe/Berlin',
      ambiguous: 'order',
    },
    'csv-semicolon-start-end.csv': START,
    'csv-meter-ref-daily.csv': { ...START, timeZone: 'site', meterRef: 'KR-ULSAN-01' },
  };

  it('has a test for every ok CSV fixture', () =>
    expect(csvFixtures('ok').sort()).toEqual(Object.keys(OK).sort()));

  it.each(Object.entries(OK))('%s gives the readings of its .json', (name, options) => {
    const expected = JSON.parse(fixture('ok', name.replace(/\.csv$/, '.json')));
    expect(plain(parseReadingsCsv(fixture('ok', name), options, lookup))).toEqual(expected);
  });

  it('reads end labels of Europe/Berlin across the 2026-10-25 fall-back by row order (M-1, C-2)', () => {
    const result = parseReadingsCsv(
      fixture('ok', 'csv-end-labelled-berlin-fallback.csv'),
      OK['csv-end-labelled-berlin-fallback.csv'],
      lookup,
    );
    expect(result.errors).toEqual([]);
    const starts = result.readings.map((r) => r.start.toISOString());
    // Label 00:15 (CEST) is the interval 00:00–00:15 local = 22:00–22:15 UTC the day before.
    expect(starts[0]).toBe('2026-10-24T22:00:00.000Z');
    // The 02:xx hour is written twice: first pass CEST (UTC+2), second pass CET (UTC+1).
    expect(result.readings.slice(8, 16).map((r) => [r.line, r.start.toISOString()])).toEqual([
      [10, '2026-10-25T00:00:00.000Z'], // label 02:15 (first)
      [11, '2026-10-25T00:15:00.000Z'], // 02:30
      [12, '2026-10-25T00:30:00.000Z'], // 02:45
      [13, '2026-10-25T00:45:00.000Z'], // 02:00 (second, CET): the interval 02:45 CEST–02:00 CET
      [14, '2026-10-25T01:00:00.000Z'], // 02:15 (second)
      [15, '2026-10-25T01:15:00.000Z'], // 02:30
      [16, '2026-10-25T01:30:00.000Z'], // 02:45
      [17, '2026-10-25T01:45:00.000Z'], // 03:00 CET
    ]);
    expect(starts[99]).toBe('2026-10-25T22:45:00.000Z'); // label 24:00
    // 100 contiguous quarter-hours cover the 25-hour local day exactly.
    expect(result.readings).toHaveLength(100);
    expect(result.readings.every((r) => localDateOf(r.start, 'Europe/Berlin') === '2026-10-25')).toBe(true);
    result.readings.forEach((r, i) =>
      expect(r.start.getTime()).toBe(
        startOfLocalDay('2026-10-25', 'Europe/Berlin').getTime() + i * 15 * 60_000,
      ),
    );
  });

  it('refuses the same file without a zone, and rejects its repeated hour when asked to', () => {
    const text = fixture('ok', 'csv-end-labelled-berlin-fallback.csv');
    const naive = parseReadingsCsv(text, { timestampConvention: 'end', ambiguous: 'order' }, lookup);
    expect(naive.readings).toEqual([]);
    expect(new Set(naive.errors.map((e) => e.code))).toEqual(new Set(['NAIVE_TIMESTAMP']));
    const rejected = parseReadingsCsv(
      text,
      { timestampConvention: 'end', timeZone: 'Europe/Berlin', ambiguous: 'reject' },
      lookup,
    );
    expect(errorCodes(rejected)).toEqual(
      [9, 10, 11, 12, 13, 14, 15, 16].map((line) => [line, 'AMBIGUOUS_LOCAL_TIME', 'timestamp']),
    );
    expect(rejected.readings).toHaveLength(92);
  });
});

describe('parseReadingsCsv: golden files (not-ok)', () => {
  type Case = { options?: CsvOptions; errors: [number, string, string?][]; readings: number[] };
  const malformed: Case = { errors: [[0, 'MALFORMED_CSV']], readings: [] };
  const NOT_OK: Record<string, Case> = {
    'csv-unknown-meter.csv': {
      errors: [
        [3, 'UNKNOWN_METER', 'meter'],
        [4, 'MISSING_VALUE', 'meter'],
        [6, 'UNKNOWN_METER', 'meter'], // ids are matched as the lookup does: here case-sensitive
      ],
      readings: [2, 5],
    },
    'csv-bad-timestamps.csv': {
      errors: [
        [1, 'INVALID_TIMESTAMP', 'timestamp'], // yesterday
        [2, 'INVALID_TIMESTAMP', 'timestamp'], // 2026-02-30
        [3, 'INVALID_TIMESTAMP', 'timestamp'], // 25:00
        [4, 'INVALID_TIMESTAMP', 'timestamp'], // 12:60
        [5, 'INVALID_TIMESTAMP', 'timestamp'], // +15:00
        [6, 'INVALID_TIMESTAMP', 'timestamp'], // finer than a millisecond
        [7, 'INVALID_TIMESTAMP', 'timestamp'], // 01.03.2026
        [8, 'INVALID_TIMESTAMP', 'timestamp'], // a zone name instead of an offset
        [9, 'MISSING_VALUE', 'timestamp'],
        [10, 'INVALID_TIMESTAMP', 'timestamp'], // month 13
        [11, 'INVALID_TIMESTAMP', 'timestamp'], // epoch seconds
      ],
      readings: [12],
    },
    'csv-naive-without-zone.csv': {
      errors: [
        [2, 'NAIVE_TIMESTAMP', 'timestamp'],
        [3, 'NAIVE_TIMESTAMP', 'timestamp'],
        [5, 'NAIVE_TIMESTAMP', 'timestamp'],
      ],
      readings: [4],
    },
    'csv-spring-gap.csv': {
      options: { ...START, timeZone: 'site' },
      errors: [3, 4, 5, 6].map((line) => [line, 'NONEXISTENT_LOCAL_TIME', 'start']),
      readings: [2, 7, 8],
    },
    'csv-ambiguous-reject.csv': {
      options: { ...START, timeZone: 'Europe/Berlin', ambiguous: 'reject' },
      errors: [3, 4, 5].map((line) => [line, 'AMBIGUOUS_LOCAL_TIME', 'start']),
      readings: [2, 6, 7],
    },
    'csv-bad-units.csv': {
      errors: [2, 3, 5].map((line) => [line, 'INVALID_UNIT', 'unit']),
      readings: [4, 6],
    },
    'csv-bad-qualities.csv': {
      errors: [2, 3, 4, 6].map((line) => [line, 'INVALID_QUALITY', 'quality']),
      readings: [5],
    },
    'csv-bad-durations.csv': {
      errors: [
        ...[2, 3, 4, 5, 6].map((line): [number, string, string] => [
          line,
          'INVALID_DURATION',
          'duration_minutes',
        ]),
        [8, 'MISSING_VALUE', 'duration_minutes'],
      ],
      readings: [7],
    },
    'csv-bad-durations-start-end.csv': {
      errors: [3, 4, 5].map((line) => [line, 'INVALID_DURATION', 'end']),
      readings: [2],
    },
    'csv-finer-than-wh.csv': {
      errors: [
        [2, 'FINER_THAN_WH', 'value'],
        [3, 'FINER_THAN_WH', 'value'],
        [4, 'FINER_THAN_WH', 'value'],
        [6, 'NEGATIVE_VALUE', 'value'],
        [7, 'INVALID_NUMBER', 'value'],
        [8, 'MISSING_VALUE', 'value'],
        [9, 'OUT_OF_RANGE', 'value'],
        [10, 'INVALID_NUMBER', 'value'],
      ],
      readings: [5, 11],
    },
    'csv-decimal-comma.csv': {
      errors: [
        [2, 'INVALID_NUMBER', 'value'],
        [4, 'INVALID_NUMBER', 'value'],
      ],
      readings: [3],
    },
    'csv-too-many-columns.csv': {
      errors: [
        [2, 'TOO_MANY_COLUMNS'],
        [4, 'MISSING_VALUE', 'value'],
      ],
      readings: [1, 3],
    },
    'csv-unbalanced-quotes.csv': malformed,
    'csv-empty.csv': malformed,
    'csv-blank-lines-only.csv': malformed,
    'csv-not-csv.csv': malformed,
    'csv-one-column.csv': malformed,
    'csv-header-only.csv': malformed,
    'csv-header-duplicate.csv': { errors: [[0, 'MALFORMED_CSV', 'value']], readings: [] },
    'csv-header-no-meter.csv': { errors: [[0, 'MALFORMED_CSV', 'meter']], readings: [] },
  };

  it('has a test for every not-ok CSV fixture', () =>
    expect(csvFixtures('not-ok').sort()).toEqual(Object.keys(NOT_OK).sort()));

  it.each(Object.entries(NOT_OK))('%s gives exactly the expected errors and lines', (name, expected) => {
    const result = parseReadingsCsv(fixture('not-ok', name), expected.options ?? START, lookup);
    expect(errorCodes(result)).toEqual(expected.errors.map(([line, code, column]) => [line, code, column]));
    expect(lines(result)).toEqual(expected.readings);
    for (const error of result.errors) expect(error.message).toEqual(expect.any(String));
  });

  it('keeps the good rows of a bad file exact', () => {
    const gap = parseReadingsCsv(
      fixture('not-ok', 'csv-spring-gap.csv'),
      { ...START, timeZone: 'site' },
      lookup,
    );
    expect(gap.readings.map((r) => r.start.toISOString())).toEqual([
      '2026-03-29T00:45:00.000Z',
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first local time after the gap
      '2026-03-29T01:30:00.000Z', // 02:30+01:00 has an offset: an exact instant even in the gap
    ]);
    const values = parse(fixture('not-ok', 'csv-finer-than-wh.csv')).readings.map((r) => r.valueWh);
    expect(values).toEqual([12340n, 1000000n]);
    const units = parse(fixture('not-ok', 'csv-bad-units.csv')).readings.map((r) => r.valueWh);
    expect(units).toEqual([1000000n, 1n]); // MWH, " wh "
    expect(parse(fixture('not-ok', 'csv-bad-qualities.csv')).readings[0].quality).toBe(8);
    const durations = parse(fixture('not-ok', 'csv-bad-durations.csv')).readings[0];
    expect([durations.start.toISOString(), durations.durationMinutes]).toEqual([
      '2026-02-28T17:30:00.000Z',
      60,
    ]);
  });

  it('explains decimal commas and unbalanced quotes', () => {
    expect(parse(fixture('not-ok', 'csv-decimal-comma.csv')).errors[0].message).toMatch(
      /decimal commas are not supported/,
    );
    expect(parse(fixture('not-ok', 'csv-unbalanced-quotes.csv')).errors[0].message).toMatch(/quote/i);
    expect(parse(fixture('not-ok', 'csv-not-csv.csv')).errors[0].message).toMatch(/XML/);
  });
});

describe('parseReadingsCsv: rules', () => {
  it('resolves a repeated local time by row order per meter, and refuses a third occurrence', () => {
    const text = [
      'meter,start,value,unit',
      'GW-17/CH1,2026-10-25 02:30,1,Wh',
      'DE-BER-0001,2026-10-25 02:30,2,Wh',
      'GW-17/CH1,2026-10-25 02:30,3,Wh',
      'DE-BER-0001,2026-10-25 02:30,4,Wh',
      'GW-17/CH1,2026-10-25 02:30,5,Wh',
    ].join('\n');
    const result = parse(text, { ...START, timeZone: 'site', ambiguous: 'order' });
    expect(result.readings.map((r) => [r.meterId, r.start.toISOString()])).toEqual([
      ['meter-gw-1', '2026-10-25T00:30:00.000Z'],
      ['meter-ber-1', '2026-10-25T00:30:00.000Z'],
      ['meter-gw-1', '2026-10-25T01:30:00.000Z'],
      ['meter-ber-1', '2026-10-25T01:30:00.000Z'],
    ]);
    expect(errorCodes(result)).toEqual([[6, 'AMBIGUOUS_LOCAL_TIME', 'start']]);
  });

  it('counts a repeated time even when its row fails later (the next one is still the later instant)', () => {
    const text = ['GW-17/CH1,2026-10-25 02:30,-1', 'GW-17/CH1,2026-10-25 02:30,1'].join('\n');
    const result = parse(text, { ...START, timeZone: 'Europe/Berlin', ambiguous: 'order' });
    expect(errorCodes(result)).toEqual([[1, 'NEGATIVE_VALUE', 'value']]);
    expect(result.readings[0].start.toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });

  it('reads header names case-insensitively with spaces, underscores and hyphens alike', () => {
    const text =
      'METER-ID, Time Stamp ,VALUE,Unit,QUALITY,duration-minutes\nGW-17/CH1,2026-01-01T00:00Z,1,kWh,8,60';
    expect(parse(text).header).toBe(false); // "Time Stamp" is not "timestamp": not a header
    const ok = parse(
      'METER-ID,TimeStamp,VALUE,Unit,QUALITY,duration-minutes\nGW-17/CH1,2026-01-01T00:00Z,1,kWh,8,60',
    );
    expect(ok.header).toBe(true);
    expect(ok.columns).toEqual(['meter', 'timestamp', 'value', 'unit', 'quality', 'duration_minutes']);
    expect(plain(ok).readings).toEqual([
      {
        line: 2,
        meterId: 'meter-gw-1',
        start: '2026-01-01T00:00:00.000Z',
        durationMinutes: 60,
        valueWh: '1000',
        quality: 8,
      },
    ]);
    const aliases = parse('Meter External ID,start,value\nGW-17/CH1,2026-01-01T00:00Z,1');
    expect(aliases.columns).toEqual(['meter', 'start', 'value']);
    expect(
      parse('external_id,end,value\nGW-17/CH1,2026-01-01T00:00Z,1').readings[0].start.toISOString(),
    ).toBe('2025-12-31T23:45:00.000Z');
  });

  it('lets timestamp follow the convention, while start and end headers speak for themselves (M-1)', () => {
    const row = 'MTR-UTIL-002,2026-01-01T01:00:00Z,1';
    const end: CsvOptions = { ...START, timestampConvention: 'end' };
    expect(parse(`meter,timestamp,value\n${row}`, end).readings[0].start.toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(parse(`meter,start,value\n${row}`, end).readings[0].start.toISOString()).toBe(
      '2026-01-01T01:00:00.000Z',
    );
    expect(parse(`meter,end,value\n${row}`, START).readings[0].start.toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(parse(row, end).readings[0].start.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('accepts the documented timestamp forms', () => {
    const forms: [string, string][] = [
      ['2026-01-01T09:00:00+09:00', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01T09:00+0900', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01 09:00:00+09', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01t00:00:00.250z', '2026-01-01T00:00:00.250Z'],
      ['2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01T05:45:00+05:45', '2026-01-01T00:00:00.000Z'],
      ['2025-12-31T19:00:00-05:00', '2026-01-01T00:00:00.000Z'],
      ['2026/01/01 09:00', '2026-01-01T00:00:00.000Z'], // naive: Asia/Seoul (the site)
      ['2026-01-01 09:00:00', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01', '2025-12-31T15:00:00.000Z'], // a date alone is its midnight
      ['2025-12-31 24:00', '2025-12-31T15:00:00.000Z'], // 24:00 ends the day
      ['2025-12-31T24:00:00Z', '2026-01-01T00:00:00.000Z'],
    ];
    for (const [text, instant] of forms) {
      const result = parse(`MTR-UTIL-001,${text},1`, { ...START, timeZone: 'site' });
      expect([text, result.errors, result.readings[0]?.start.toISOString()]).toEqual([text, [], instant]);
    }
    for (const text of [
      '0001-01-01 00:00',
      '0001-01-01',
      '0001-01-01T00:00:00+01:00',
      '9999-12-31 24:00',
      '9999-12-31T23:59Z',
      '2026-01-01T24:00:01Z',
      '2026-01-01T24:30Z',
      '2026-01-01+09:00',
      '2026-1-1 00:00',
      '0000-01-01',
    ]) {
      expect([text, errorCodes(parse(`MTR-UTIL-001,${text},1`, { ...START, timeZone: 'site' }))]).toEqual([
        text,
        [[1, 'INVALID_TIMESTAMP', 'timestamp']],
      ]);
    }
  });

  it('reads a date alone or 24:00 as the start of a local day, even where DST skips midnight (C-2)', () => {
    const santiago: CsvMeterInfo = {
      meterId: 'cl',
      timeZone: 'America/Santiago',
      intervalMinutes: 1440,
      unit: 'Wh',
    };
    const text = [
      'CL,2026-09-06,1',
      'CL,2026-09-05 24:00,1',
      'CL,2026-09-06 00:00,1',
      'CL,2026-09-06 00:30,1',
    ];
    const result = parseReadingsCsv(text.join('\n'), { ...START, timeZone: 'site' }, () => santiago);
    expect(result.readings.map((r) => [r.line, r.start.toISOString()])).toEqual([
      [1, '2026-09-06T04:00:00.000Z'], // 01:00 -03: the first local time of that day
      [2, '2026-09-06T04:00:00.000Z'],
    ]);
    expect(errorCodes(result)).toEqual([
      [3, 'NONEXISTENT_LOCAL_TIME', 'timestamp'],
      [4, 'NONEXISTENT_LOCAL_TIME', 'timestamp'],
    ]);
  });

  it('takes the unit from the row, else the import default, else the meter', () => {
    const text = [
      'MTR-UTIL-001,2026-01-01T00:00Z,1,MWh',
      'MTR-UTIL-001,2026-01-01T00:15Z,1',
      'MTR-UTIL-001,2026-01-01T00:30Z,1,',
    ].join('\n');
    expect(parse(text).readings.map((r) => r.valueWh)).toEqual([1000000n, 1000n, 1000n]);
    expect(parse(text, { ...START, defaultUnit: 'Wh' }).readings.map((r) => r.valueWh)).toEqual([
      1000000n,
      1n,
      1n,
    ]);
  });

  it('uses meterRef for a file without meter column, and for blank meter cells', () => {
    const ref: CsvOptions = { ...START, meterRef: 'GW-17/CH2' };
    expect(parse('2026-01-01T00:00Z,7', ref).readings[0]).toMatchObject({
      meterId: 'meter-gw-2',
      durationMinutes: 5,
    });
    expect(errorCodes(parse('GW-17/CH1,2026-01-01T00:00Z,7,Wh,0', ref))).toEqual([
      [1, 'TOO_MANY_COLUMNS', undefined],
    ]);
    const mixed = parse('meter,start,value\nGW-17/CH1,2026-01-01T00:00Z,1\n,2026-01-01T00:00Z,2', ref);
    expect(mixed.readings.map((r) => r.meterId)).toEqual(['meter-gw-1', 'meter-gw-2']);
    expect(parse('start,value\n2026-01-01T00:00Z,2', ref).readings[0].meterId).toBe('meter-gw-2');
    expect(errorCodes(parse('2026-01-01T00:00Z,7', { ...START, meterRef: 'NOPE' }))).toEqual([
      [1, 'UNKNOWN_METER', 'meter'],
    ]);
  });

  it('looks each meter up once', () => {
    const calls: string[] = [];
    const rows = Array.from({ length: 50 }, (_, i) => `GW-17/CH1,2026-01-01T00:00Z,${i}`);
    parseReadingsCsv(
      [...rows, 'NOPE,2026-01-01T00:00Z,1', 'NOPE,2026-01-01T00:00Z,1'].join('\n'),
      START,
      (id) => {
        calls.push(id);
        return lookup(id);
      },
    );
    expect(calls).toEqual(['GW-17/CH1', 'NOPE']);
  });

  it('detects the delimiter from the first line, ignoring quoted ones', () => {
    expect(parse('meter;timestamp;value\nGW-17/CH1;2026-01-01T00:00Z;5').readings).toHaveLength(1);
    expect(parse('meter,"a;b;c",timestamp,value\nGW-17/CH1,x;y,2026-01-01T00:00Z,5').columns).toEqual([
      'meter',
      'a;b;c',
      'timestamp',
      'value',
    ]);
  });

  it('accepts CR, LF and CRLF line ends and counts lines through quoted line breaks', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = [
        'meter,start,value,note',
        'GW-17/CH1,2026-01-01T00:00Z,1,"a',
        'b"',
        '',
        'GW-17/CH1,2026-01-01T00:15Z,x,',
      ];
      const result = parse(text.join(eol));
      expect(lines(result)).toEqual([2]);
      expect(errorCodes(result)).toEqual([[5, 'INVALID_NUMBER', 'value']]);
    }
  });

  it('skips rows whose fields are all empty', () => {
    expect(parse('GW-17/CH1,2026-01-01T00:00Z,1\n,,,\n , \nGW-17/CH1,2026-01-01T00:15Z,x').errors).toEqual([
      expect.objectContaining({ line: 4, code: 'INVALID_NUMBER' }),
    ]);
  });

  it('refuses an invalid time zone option, which is a caller bug', () => {
    expect(() => parse('GW-17/CH1,2026-01-01 00:00,1', { ...START, timeZone: 'CET+1' })).toThrow(RangeError);
  });

  it('never throws for arbitrary text', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '0001-01-01 00:00',
        '9999-12-31 24:00',
        '2026-03-29',
        'GW-17/CH1',
        '2026-10-25 02:30',
        '"',
        '""',
        ';',
        ',',
        '\n',
        '\r\n',
        '1.5',
        'kWh',
        'ESTIMATED',
      ),
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(cell, { maxLength: 30 }).map((cells) => cells.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const result = parse(input, { ...START, timeZone: 'site', ambiguous: 'order' });
        for (const error of result.errors) expect(error.line).toBeGreaterThanOrEqual(0);
        if (result.errors.some((e) => e.line === 0)) expect(result.errors).toHaveLength(1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseReadingsCsv: round trip (property)', () => {
  const SCALE: Record<EnergyUnit, number> = { Wh: 0, kWh: 3, MWh: 6 };
  const formatValue = (wh: bigint, unit: EnergyUnit): string => {
    const scale = SCALE[unit];
    if (scale === 0) return wh.toString();
    const digits = wh.toString().padStart(scale + 1, '0');
    return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  };
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const wallText = (ms: number, zone: string) => {
    const l = localDateTimeOf(new Date(ms), zone);
    return `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}`;
  };
  const withOffset = (ms: number, zone: string) => {
    const offset = offsetMinutesAt(new Date(ms), zone);
    const abs = Math.abs(offset);
    const sign = offset < 0 ? '-' : '+';
    return `${wallText(ms, zone).replace(' ', 'T')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  };
  const quote = (cell: string, quoted: boolean) => (quoted ? `"${cell.replace(/"/g, '""')}"` : cell);

  const meterIds = ['MTR-UTIL-001', 'MTR-UTIL-002', 'GW-17/CH1', 'GW-17/CH2', 'KR-ULSAN-01'];
  const reading = fc.record({
    meter: fc.constantFrom(...meterIds),
    minute: fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 }),
    duration: fc.constantFrom(5, 15, 30, 60, 1440),
    valueWh: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    unit: fc.constantFrom<EnergyUnit>('Wh', 'kWh', 'MWh'),
    quality: fc.constantFrom(...Object.keys(QUALITY_CODES).map(Number)),
    zone: fc.constantFrom(
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Z',
    ),
  });

  it('formats random valid readings (exact instants) to CSV and parses them back', () => {
    const file = fc.record({
      readings: fc.array(reading, { minLength: 1, maxLength: 40 }),
      header: fc.boolean(),
      convention: fc.constantFrom<'start' | 'end'>('start', 'end'),
      delimiter: fc.constantFrom(',', ';'),
      eol: fc.constantFrom('\n', '\r\n'),
      quoted: fc.boolean(),
      bom: fc.boolean(),
    });
    fc.assert(
      fc.property(file, (f) => {
        // Without a header there is no duration column: each reading has its meter's interval.
        const rows = f.readings.map((r) => ({
          ...r,
          duration: f.header ? r.duration : (METERS[r.meter].intervalMinutes as number),
        }));
        const lines = rows.map((r) => {
          const startMs = r.minute * 60_000;
          const labelMs = f.convention === 'end' ? startMs + r.duration * 60_000 : startMs;
          const stamp = r.zone === 'Z' ? new Date(labelMs).toISOString() : withOffset(labelMs, r.zone);
          const cells = [r.meter, stamp, formatValue(r.valueWh, r.unit), r.unit, String(r.quality)];
          if (f.header) cells.push(String(r.duration));
          return cells.map((c) => quote(c, f.quoted)).join(f.delimiter);
        });
        const header = f.header
          ? [['meter', 'timestamp', 'value', 'unit', 'quality', 'duration_minutes'].join(f.delimiter)]
          : [];
        const text = (f.bom ? '\ufeff' : '') + [...header, ...lines].join(f.eol) + f.eol;
        const result = parse(text, { timestampConvention: f.convention, ambiguous: 'reject' });
        expect(result.errors).toEqual([]);
        expect(result.readings).toEqual(
          rows.map((r, i) => ({
            line: i + (f.header ? 2 : 1),
            meterId: METERS[r.meter].meterId,
            start: new Date(r.minute * 60_000),
            durationMinutes: r.duration,
            valueWh: r.valueWh,
            quality: r.quality,
          })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('gives back consecutive readings written in naive local time across DST changes, by row order', () => {
    // DST changes (UTC) and how many minutes they repeat: Berlin, New York, Lord Howe (30 min), and
    // Santiago (at midnight).
    const transitions: [string, string, number][] = [
      ['Europe/Berlin', '2026-03-29T01:00:00Z', 0],
      ['Europe/Berlin', '2026-10-25T01:00:00Z', 60],
      ['America/New_York', '2026-03-08T07:00:00Z', 0],
      ['America/New_York', '2026-11-01T06:00:00Z', 60],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z', 30],
      ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', 0],
      ['America/Santiago', '2026-04-05T03:00:00Z', 60],
      ['America/Santiago', '2026-09-06T04:00:00Z', 0],
    ];
    // Row order resolves a repeated time only when the file has both of its rows: the rows start before
    // the repeated period (an end label needs one more interval), and the interval divides that period
    // (an hourly meter on Lord Howe writes 01:30 once, in one pass or the other).
    const scenario = fc
      .record({
        transition: fc.constantFrom(...transitions),
        lead: fc.integer({ min: 13, max: 80 }), // × 5 minutes before the change
        duration: fc.constantFrom(5, 15, 30, 60),
        counts: fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 120 })),
        interleave: fc.array(fc.boolean(), { minLength: 240, maxLength: 240 }),
        convention: fc.constantFrom<'start' | 'end'>('start', 'end'),
      })
      .filter((s) => s.transition[2] % s.duration === 0);
    fc.assert(
      fc.property(scenario, (s) => {
        const [zone, at] = s.transition;
        const first = Date.parse(at) - s.lead * 5 * 60_000;
        const series = s.counts.map((count, m) =>
          Array.from({ length: count }, (_, i) => ({
            meter: m === 0 ? 'A' : 'B',
            startMs: first + i * s.duration * 60_000,
          })),
        );
        // Merge the two meters' rows in a random interleaving, each meter in time order.
        const rows: { meter: string; startMs: number }[] = [];
        let [a, b] = [0, 0];
        for (const pickA of s.interleave) {
          if ((pickA && a < series[0].length) || b >= series[1].length) {
            if (a < series[0].length) rows.push(series[0][a++]);
          } else rows.push(series[1][b++]);
        }
        const text = rows
          .map((r, i) => {
            const labelMs = s.convention === 'end' ? r.startMs + s.duration * 60_000 : r.startMs;
            return `${r.meter},${wallText(labelMs, zone)},${i}`;
          })
          .join('\n');
        const meters: Record<string, CsvMeterInfo> = {
          A: { meterId: 'a', timeZone: zone, intervalMinutes: s.duration, unit: 'Wh' },
          B: { meterId: 'b', timeZone: zone, intervalMinutes: s.duration, unit: 'Wh' },
        };
        const result = parseReadingsCsv(
          text,
          { timestampConvention: s.convention, timeZone: 'site', ambiguous: 'order' },
          (id) => meters[id],
        );
        expect(result.errors).toEqual([]);
        expect(result.readings.map((r) => [r.meterId, r.start.getTime()])).toEqual(
          rows.map((r) => [r.meter.toLowerCase(), r.startMs]),
        );
      }),
      { numRuns: 300 },
    );
  });
});

const OPTIONS: CsvOptions = { timestampConvention: 'start', timeZone: 'site', ambiguous: 'order' };

/** The bytes of `text` cut at the given places, as a stream delivers them (cuts may split a character). */
async function* chunks(text: string, cuts: number[]): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  let from = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
  yield bytes.subarray(from);
}

/** What the streaming parse gives, in the synchronous parse's terms. */
async function streamed(text: string, cuts: number[], options = OPTIONS) {
  const readings: CsvReading[] = [];
  const errors: CsvRowError[] = [];
  try {
    for await (const item of streamReadingsCsv(chunks(text, cuts), options, lookup)) {
      if ('code' in item) errors.push(item);
      else readings.push(item);
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    return {
      readings: [],
      errors: [
        {
          line: 0,
          code: 'MALFORMED_CSV',
          message: error.message,
          ...(error.column ? { column: error.column } : {}),
        },
      ],
    };
  }
  return { readings, errors };
}

const synchronous = (text: string, options = OPTIONS) => {
  const { readings, errors } = parseReadingsCsv(text, options, lookup);
  return { readings, errors };
};

describe('streaming CSV: the same answer as the synchronous parse, however the bytes arrive', () => {
  const files = readdirSync(join(FIXTURES, 'ok'))
    .concat(readdirSync(join(FIXTURES, 'not-ok')).map((name) => `../not-ok/${name}`))
    .filter((name) => name.endsWith('.csv'));

  it.each(files)('%s, cut into pieces', async (name) => {
    const text = readFileSync(join(FIXTURES, 'ok', name), 'utf8');
    const expected = synchronous(text);
    expect(await streamed(text, [])).toEqual(expected);
    expect(
      await streamed(
        text,
        Array.from({ length: 40 }, (_, i) => i * 7 + 1),
      ),
    ).toEqual(expected);
  });

  it('agrees on generated files, cut anywhere (CRLF, BOM, quotes, blank lines, bad rows)', async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        'GW-17/CH1',
        'DE-BER-0001',
        'nope',
        '2026-03-29T01:00:00Z',
        '2026-03-29 02:30',
        '12.5',
        '1,5',
        'kWh',
        'ESTIMATED',
        '',
      ),
      fc.string({ maxLength: 6 }),
      fc.constant('"a ""quoted""\nvalue"'),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 6 }).map((cells) => cells.join(','));
    const file = fc
      .tuple(
        fc.boolean(),
        fc.constantFrom('meter,timestamp,value,unit,quality', 'timestamp,value', ''),
        fc.array(row, { maxLength: 20 }),
        fc.constantFrom('\n', '\r\n', '\r'),
      )
      .map(([bom, header, rows, eol]) => (bom ? '\uFEFF' : '') + [header, ...rows].join(eol));
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.nat({ max: 400 }), { maxLength: 12 }), async (text, cuts) => {
        expect(await streamed(text, cuts)).toEqual(synchronous(text));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the rows readCsv gives, and refuses what it refuses', async () => {
    const rows = async (text: string, cuts: number[] = []) => {
      const out = [];
      for await (const row of streamCsv(chunks(text, cuts))) out.push(row);
      return out;
    };
    const text = 'a;b\r\n\r\n"x\ny";2\r\n  ;  \r\nlast;1';
    const read = readCsv(text);
    expect(read.ok && (await rows(text, [3, 4, 9]))).toEqual(read.ok && read.rows);
    await expect(rows('  \n \r\n')).rejects.toThrow('the file is empty');
    await expect(rows('a,b\n1,2\n3\u0000,4', [9])).rejects.toThrow('binary');
    await expect(rows('a,"b\n1,2')).rejects.toThrow(/not valid CSV/);
  });
});

describe('a file of one endless line', () => {
  it('is refused as a whole instead of being split into millions of cells', async () => {
    const line = `meter,timestamp,value\nGW-17/CH1,${'1,'.repeat(200_000)}\n`;
    expect(parseReadingsCsv(line, OPTIONS, lookup).errors).toEqual([
      expect.objectContaining({
        line: 0,
        code: 'MALFORMED_CSV',
        message: expect.stringMatching(/not valid CSV/),
      }),
    ]);
    expect((await streamed(line, [1000, 50_000])).errors).toEqual([
      expect.objectContaining({
        line: 0,
        code: 'MALFORMED_CSV',
        message: expect.stringMatching(/not valid CSV/),
      }),
    ]);
  });
});
