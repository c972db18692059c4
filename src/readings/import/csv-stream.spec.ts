import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { CsvFileError, readCsv, streamCsv } from '../../common/csv';
import {
  CsvMeterInfo,
  CsvOptions,
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
};
const lookup = (externalId: string) => METERS[externalId];
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
