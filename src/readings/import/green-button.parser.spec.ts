import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EspiProblem, EspiSeries, GreenButtonParse, parseGreenButton } from './green-button.parser';

/** The directory holding package.json, found upwards from this file so the spec can move. */
function projectRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir))
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  throw new Error(`no package.json above ${from}`);
}

const ROOT = projectRoot(__dirname);
const FIXTURES = path.join(ROOT, 'test/fixtures/readings');
// M-5: the Green Button Alliance sample (Apache-2.0, licence beside it in the fixtures).
const SAMPLE = path.join(ROOT, 'test/fixtures/greenbutton/espi-15min-two-weeks.xml');

const fixture = (kind: 'ok' | 'not-ok', name: string): Buffer =>
  readFileSync(path.join(FIXTURES, kind, name));
const greenButtonFixtures = (kind: 'ok' | 'not-ok'): string[] =>
  readdirSync(path.join(FIXTURES, kind))
    .filter((name) => name.startsWith('green-button-') && name.endsWith('.xml'))
    .sort();

function parsed(xml: string | Buffer): Extract<GreenButtonParse, { ok: true }> {
  const result = parseGreenButton(xml);
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result;
}

const only = (result: { series: EspiSeries[] }): EspiSeries => {
  expect(result.series).toHaveLength(1);
  return result.series[0];
};
const sumWh = (series: EspiSeries): bigint => series.readings.reduce((sum, r) => sum + r.valueWh, 0n);
const codesOf = (problems: EspiProblem[]) => problems.map(({ code, path }) => ({ code, path }));
const utc = (iso: string) => new Date(iso);
const T0 = '2024-01-01T05:00:00.000Z'; // hand-made fixtures start at local midnight, US Eastern (EST)
const hour = (n: number) => new Date(Date.parse(T0) + n * 3_600_000);

describe('parseGreenButton: shared ESPI sample (M-3, M-5)', () => {
  const result = parsed(readFileSync(SAMPLE));
  const series = only(result);
  const newYorkDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' });

  it('reads every 15-minute reading, exactly', () => {
    expect(series.readings).toHaveLength(1340);
    expect(sumWh(series)).toBe(1_391_666n);
    expect(series.readings.every((r) => r.durationSeconds === 900)).toBe(true);
    expect(result.problems).toEqual([]);
  });

  it('starts at local midnight on 1 March and ends at 23:45 on 14 March (EDT)', () => {
    // <start>1330578000</start> and <start>1331783100</start>; the file's comments show these in UTC.
    expect(series.readings[0].start).toEqual(utc('2012-03-01T05:00:00Z'));
    expect(series.readings[0].valueWh).toBe(282n);
    expect(series.readings.at(-1)?.start).toEqual(utc('2012-03-15T03:45:00Z'));
    expect(series.readings.at(-1)?.valueWh).toBe(940n);
    const starts = series.readings.map((r) => r.start.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.slice(1).every((t, i) => t - starts[i] === 900_000)).toBe(true); // no gap, no overlap
  });

  it('describes the series from its UsagePoint, MeterReading and ReadingType', () => {
    expect(series).toMatchObject({
      usagePointHref: '/espi/1_1/resource/RetailCustomer/9B6C7066/UsagePoint/5446AF3F',
      usagePointTitle: 'Front Electric Meter',
      meterReadingHref: '/espi/1_1/resource/RetailCustomer/9B6C7066/UsagePoint/5446AF3F/MeterReading/01',
      flowDirection: 'delivered',
      accumulation: 'interval',
      intervalSeconds: 900,
    });
    expect(result.localTime).toEqual({ tzOffsetSeconds: -18000, dstOffsetSeconds: 3600 });
  });

  it('has 92 intervals on the DST-start day and 96 on the day before (C-2)', () => {
    const perDay = new Map<string, number>();
    for (const r of series.readings) {
      const day = newYorkDay.format(r.start);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect(perDay.get('2012-03-10')).toBe(96);
    expect(perDay.get('2012-03-11')).toBe(92);
    expect(perDay.size).toBe(14);
    expect([...perDay.keys()][0]).toBe('2012-03-01');
    expect([...perDay.keys()].at(-1)).toBe('2012-03-14');
  });

  it('carries the ReadingQuality codes of the first two readings (8 estimated, 7 edited)', () => {
    expect(series.readings.slice(0, 3).map((r) => r.quality)).toEqual([8, 7, 0]);
    expect(series.readings.filter((r) => r.quality !== 0)).toHaveLength(2);
  });

  it('reads the same from a string as from a Buffer with a byte-order mark', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(parsed(text)).toEqual(result);
    expect(parsed(withBom)).toEqual(result);
  });
});

describe('parseGreenButton: golden fixtures, ok', () => {
  it('reads a feed whose elements carry atom: and espi: prefixes, with absolute hrefs', () => {
    const result = parsed(fixture('ok', 'green-button-prefixed-namespaces.xml'));
    const series = only(result);
    expect(series).toMatchObject({
      usagePointHref:
        'https://utility.example.com/DataCustodian/espi/1_1/resource/RetailCustomer/R1/UsagePoint/U1',
      usagePointTitle: 'Plant 1 & 2 Main Meter',
      flowDirection: 'delivered',
      accumulation: 'interval',
      intervalSeconds: 900,
    });
    expect(series.readings.map((r) => r.valueWh)).toEqual([250n, 260n, 240n, 255n]);
    expect(series.readings.map((r) => r.durationSeconds)).toEqual([900, 900, 900, 900]);
    expect(result.localTime).toEqual({ tzOffsetSeconds: 32400, dstOffsetSeconds: 0 });
    expect(result.problems).toEqual([]);
  });

  it('keeps a delivered and a received usage point as two series, never netted (M-3)', () => {
    const result = parsed(fixture('ok', 'green-button-two-usage-points.xml'));
    expect(result.series.map((s) => [s.usagePointTitle, s.flowDirection, sumWh(s)])).toEqual([
      ['Grid Import Meter', 'delivered', 4050n],
      ['Rooftop PV Export Meter', 'received', 770n],
    ]);
    expect(result.series[1].usagePointHref).toBe('/espi/1_1/resource/RetailCustomer/R1/UsagePoint/U2');
    expect(result.series[1].meterReadingHref).toBe(
      '/espi/1_1/resource/RetailCustomer/R1/UsagePoint/U2/MeterReading/01',
    );
    expect(result.series[1].readings.map((r) => r.valueWh)).toEqual([0n, 0n, 350n, 420n]);
  });

  it('reads a bulkQuantity register series as register reads, no intervalLength', () => {
    const series = only(parsed(fixture('ok', 'green-button-register.xml')));
    expect(series).toMatchObject({
      accumulation: 'register',
      intervalSeconds: null,
      flowDirection: 'delivered',
    });
    expect(series.readings).toEqual([
      { line: 69, start: hour(0), durationSeconds: 0, valueWh: 1_045_000n, quality: 0 },
      { line: 76, start: hour(24), durationSeconds: 0, valueWh: 1_068_512n, quality: 0 },
      { line: 83, start: hour(48), durationSeconds: 0, valueWh: 1_091_230n, quality: 0 },
    ]);
  });

  it('scales powerOfTenMultiplier 3 (kWh) to Wh exactly', () => {
    const series = only(parsed(fixture('ok', 'green-button-kwh-multiplier.xml')));
    expect(series.readings.map((r) => r.valueWh)).toEqual([1000n, 2000n, 0n, 12_000n]);
  });

  it('scales powerOfTenMultiplier -3 and skips the reading that leaves a fraction of a Wh (C-1)', () => {
    const result = parsed(fixture('ok', 'green-button-milli-wh-fraction.xml'));
    const series = only(result);
    expect(series.readings.map((r) => [r.start, r.valueWh])).toEqual([
      [hour(0), 1200n],
      [hour(1), 1150n],
      [hour(2), 1100n],
      [hour(4), 0n],
    ]);
    expect(codesOf(result.problems)).toEqual([
      { code: 'FINER_THAN_WH', path: 'IntervalBlock[1].IntervalReading[1]' },
    ]);
    expect(result.problems[0].message).toContain('1234567');
  });

  it('carries ReadingQuality codes; with several, the estimate wins; unknown codes are problems (M-4)', () => {
    const result = parsed(fixture('ok', 'green-button-reading-quality.xml'));
    expect(only(result).readings.map((r) => r.quality)).toEqual([8, 9, 7, 14, 0, 8]);
    expect(codesOf(result.problems)).toEqual([
      { code: 'INVALID_QUALITY', path: 'IntervalBlock[0].IntervalReading[6]' },
    ]);
  });

  it('refuses a watt (uom 38) series but keeps the Wh series beside it', () => {
    const result = parsed(fixture('ok', 'green-button-mixed-uom.xml'));
    const series = only(result);
    expect(series.meterReadingHref).toMatch(/MeterReading\/01$/);
    expect(sumWh(series)).toBe(2350n);
    expect(codesOf(result.problems)).toEqual([{ code: 'UNSUPPORTED_UOM', path: 'MeterReading[1]' }]);
    expect(result.problems[0].message).toContain('uom 38');
  });

  it('skips each bad reading with a code and a path, sorts, and merges identical repeats', () => {
    const result = parsed(fixture('ok', 'green-button-row-problems.xml'));
    const series = only(result);
    expect(series.readings.map((r) => [r.start, r.valueWh])).toEqual([
      [hour(0), 1200n],
      [hour(1), 1150n], // the first of three readings at this start; the identical repeat is silent
      [hour(2), 1300n],
      [hour(7), 1000n],
    ]);
    expect(codesOf(result.problems)).toEqual([
      { code: 'ORPHAN_INTERVAL_BLOCK', path: 'IntervalBlock[2]' },
      { code: 'CONFLICTING_VALUE', path: 'IntervalBlock[0].IntervalReading[4]' },
      { code: 'NEGATIVE_VALUE', path: 'IntervalBlock[1].IntervalReading[0]' },
      { code: 'INVALID_NUMBER', path: 'IntervalBlock[1].IntervalReading[1]' },
      { code: 'MISSING_VALUE', path: 'IntervalBlock[1].IntervalReading[2]' },
      { code: 'INVALID_DURATION', path: 'IntervalBlock[1].IntervalReading[3]' },
      { code: 'INVALID_NUMBER', path: 'IntervalBlock[1].IntervalReading[4]' },
    ]);
    for (const problem of result.problems) expect(problem.message.startsWith(problem.path ?? '-')).toBe(true);
  });

  it('names problems and readings by the line where their element starts, and the element at fault', () => {
    const result = parsed(fixture('ok', 'green-button-row-problems.xml'));
    expect(result.problems.map(({ code, line, field }) => [code, line, field])).toEqual([
      ['ORPHAN_INTERVAL_BLOCK', 168, undefined],
      ['CONFLICTING_VALUE', 101, undefined],
      ['NEGATIVE_VALUE', 115, 'value'],
      ['INVALID_NUMBER', 123, 'value'],
      ['MISSING_VALUE', 131, undefined],
      ['INVALID_DURATION', 138, 'timePeriod.duration'],
      ['INVALID_NUMBER', 146, 'timePeriod.start'],
    ]);
    // Sorted by start: the IntervalReadings of lines 78, 85 and 71 of the first block, 153 of the second.
    expect(only(result).readings.map((r) => r.line)).toEqual([78, 85, 71, 153]);
  });

  it('has a test above for every ok fixture', () => {
    expect(greenButtonFixtures('ok')).toEqual([
      'green-button-kwh-multiplier.xml',
      'green-button-milli-wh-fraction.xml',
      'green-button-mixed-uom.xml',
      'green-button-prefixed-namespaces.xml',
      'green-button-reading-quality.xml',
      'green-button-register.xml',
      'green-button-row-problems.xml',
      'green-button-two-usage-points.xml',
    ]);
  });
});

describe('parseGreenButton: golden fixtures, not ok', () => {
  const expected: Record<string, string> = {
    'green-button-billion-laughs.xml': 'XML_DOCTYPE_FORBIDDEN',
    'green-button-cumulative.xml': 'UNSUPPORTED_ACCUMULATION',
    'green-button-empty.xml': 'XML_MALFORMED',
    'green-button-garbage.xml': 'XML_MALFORMED',
    'green-button-net-flow.xml': 'UNSUPPORTED_FLOW_DIRECTION',
    'green-button-no-reading-type.xml': 'READING_TYPE_MISSING',
    'green-button-no-readings.xml': 'NOT_GREEN_BUTTON',
    'green-button-no-usage-point.xml': 'NOT_GREEN_BUTTON',
    'green-button-not-atom.xml': 'NOT_GREEN_BUTTON',
    'green-button-truncated.xml': 'XML_MALFORMED',
    'green-button-watts.xml': 'UNSUPPORTED_UOM',
    'green-button-xxe.xml': 'XML_DOCTYPE_FORBIDDEN',
  };

  it('has an expected code for every not-ok fixture', () => {
    expect(greenButtonFixtures('not-ok')).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s → %s', (name, code) => {
    const result = parseGreenButton(fixture('not-ok', name));
    expect(result).toEqual({ ok: false, code, message: expect.any(String) });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
  });

  it('says why a refused series was refused', () => {
    const result = parseGreenButton(fixture('not-ok', 'green-button-watts.xml'));
    expect(result.ok || result.message).toMatch(/uom 38 is not 72/);
  });

  it('never reads the entity of an XXE file (refused before parsing)', () => {
    const result = parseGreenButton(fixture('not-ok', 'green-button-xxe.xml'));
    expect(JSON.stringify(result)).not.toContain('root:');
  });
});

describe('parseGreenButton: hostile and broken input never throws', () => {
  it.each<[string, string, string | Buffer]>([
    ['an empty string', 'XML_MALFORMED', ''],
    ['a 0-byte Buffer', 'XML_MALFORMED', Buffer.alloc(0)],
    ['whitespace', 'XML_MALFORMED', ' \n\t'],
    ['binary garbage', 'XML_MALFORMED', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x89, 0x50, 0x4e, 0x47])],
    ['JSON', 'XML_MALFORMED', '{"feed": {"entry": []}}'],
    ['a lowercase doctype', 'XML_DOCTYPE_FORBIDDEN', '<!doctype feed><feed/>'],
    ['an empty feed', 'NOT_GREEN_BUTTON', '<feed xmlns="http://www.w3.org/2005/Atom"/>'],
    ['a lone UsagePoint', 'NOT_GREEN_BUTTON', '<UsagePoint xmlns="http://naesb.org/espi"/>'],
    ['a reserved element name', 'XML_MALFORMED', '<feed><constructor>1</constructor></feed>'],
    ['very deep nesting', 'XML_MALFORMED', `<feed>${'<a>'.repeat(500)}${'</a>'.repeat(500)}</feed>`],
  ])('%s → %s', (_, code, input) => {
    expect(parseGreenButton(input)).toEqual({ ok: false, code, message: expect.any(String) });
  });

  it('returns a result for every truncation and every byte-flip of a valid feed', () => {
    const text = fixture('ok', 'green-button-row-problems.xml').toString('utf8');
    fc.assert(
      fc.property(
        fc.nat({ max: text.length }),
        fc.nat({ max: text.length - 1 }),
        fc.string({ minLength: 1, maxLength: 1 }),
        (cut, at, ch) => {
          for (const input of [text.slice(0, cut), text.slice(0, at) + ch + text.slice(at + 1)]) {
            const result = parseGreenButton(input);
            expect(typeof result.ok).toBe('boolean');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns a result for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        expect(parseGreenButton(`<feed>${input}</feed>`).ok).toBe(false);
        expect(parseGreenButton(input).ok).toBe(false);
      }),
    );
  });
});

describe('parseGreenButton: values and links, inline', () => {
  const feed = (readingType: string, readings: string, links = '') => `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><link rel="self" href="/UsagePoint/1"/><title>M</title><content><UsagePoint/></content></entry>
  <entry><link rel="self" href="/UsagePoint/1/MeterReading/1"/><link rel="related" href="/ReadingType/1"/>
    <content><MeterReading/></content></entry>
  <entry><link rel="self" href="/ReadingType/1"/><content><ReadingType>${readingType}</ReadingType></content></entry>
  <entry>${links || '<link rel="self" href="/UsagePoint/1/MeterReading/1/IntervalBlock/1"/>'}
    <content><IntervalBlock>${readings}</IntervalBlock></content></entry>
</feed>`;
  const type = (uom = 72, multiplier = 0) =>
    `<accumulationBehaviour>4</accumulationBehaviour><flowDirection>1</flowDirection>` +
    `<powerOfTenMultiplier>${multiplier}</powerOfTenMultiplier><uom>${uom}</uom>`;
  const reading = (value: string, start = 1704085200) =>
    `<IntervalReading><timePeriod><duration>3600</duration><start>${start}</start></timePeriod>` +
    `<value>${value}</value></IntervalReading>`;

  it.each([
    ['0', 0, 0n],
    ['007', 0, 7n],
    ['5', 6, 5_000_000n],
    ['123456000', -3, 123_456n],
    ['9223372036854775807', 0, 9_223_372_036_854_775_807n],
  ])('value %s × 10^%i = %p Wh', (value, multiplier, wh) => {
    const series = only(parsed(feed(type(72, multiplier), reading(value))));
    expect(series.readings[0].valueWh).toBe(wh);
    expect(series.intervalSeconds).toBeNull();
  });

  it.each([
    ['1e3', 'INVALID_NUMBER'],
    ['+5', 'INVALID_NUMBER'],
    ['', 'INVALID_NUMBER'],
    ['0x10', 'INVALID_NUMBER'],
    ['1'.repeat(31), 'INVALID_NUMBER'],
    ['-1', 'NEGATIVE_VALUE'],
    ['9223372036854775808', 'OUT_OF_RANGE'],
  ])('value %p is the problem %s', (value, code) => {
    const result = parsed(feed(type(), reading(value) + reading('1', 1704088800)));
    expect(codesOf(result.problems)).toEqual([{ code, path: 'IntervalBlock[0].IntervalReading[0]' }]);
  });

  it('refuses a multiplier outside ESPI range without computing 10^n', () => {
    const result = parseGreenButton(feed(type(72, 999999999), reading('1')));
    expect(result).toMatchObject({ ok: false, code: 'UNSUPPORTED_MULTIPLIER' });
  });

  it('links an IntervalBlock by its up href when its self href is missing', () => {
    const links = '<link rel="up" href="/UsagePoint/1/MeterReading/1/IntervalBlock"/>';
    expect(only(parsed(feed(type(), reading('42'), links))).readings[0].valueWh).toBe(42n);
  });

  it('does not take MeterReading/1 for the parent of MeterReading/10', () => {
    const links = '<link rel="self" href="/UsagePoint/1/MeterReading/10/IntervalBlock/1"/>';
    expect(parseGreenButton(feed(type(), reading('42'), links))).toMatchObject({
      ok: false,
      code: 'NOT_GREEN_BUTTON',
      message: expect.stringContaining('belongs to no MeterReading'),
    });
  });

  it('reports differing repeats across IntervalBlocks of one series', () => {
    const twoBlocks = `${reading('10')}</IntervalBlock><IntervalBlock>${reading('11')}`;
    const result = parsed(feed(type(), twoBlocks));
    expect(only(result).readings.map((r) => r.valueWh)).toEqual([10n]);
    expect(codesOf(result.problems)).toEqual([
      { code: 'CONFLICTING_VALUE', path: 'IntervalBlock[1].IntervalReading[0]' },
    ]);
  });

  it('decodes predefined and numeric character references but never expands others', () => {
    const result = parsed(
      feed(type(), reading('1')).replace(
        '<title>M</title>',
        '<title>A &amp; B &#x2013; &#8212; &lt;&foo;</title>',
      ),
    );
    expect(only(result).usagePointTitle).toBe('A & B – — <&foo;');
  });
});
