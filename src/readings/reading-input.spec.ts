import fc from 'fast-check';
import { parseInstant } from '../common/time';
import { instantMs, MeterForIngest, parseIntervalReading } from './reading-input';
import { toWh } from '../common/energy';

const expected = (text: string) => parseInstant(text)?.getTime() ?? null;

describe('instantMs: parseInstant, fast', () => {
  it.each([
    '2026-01-05T00:00:00Z',
    '2026-01-05T00:00:00.000Z',
    '2026-03-29T02:30+02:00',
    '2026-03-29T00:00:00-00:00',
    '2024-02-29T23:59:59.999999+14:59',
    '2026-01-01T00:00:00.1239Z',
    '2026-01-01T00:00:00.05Z',
    '0001-01-01T00:00Z',
    '0001-01-01T00:30+01:00',
    '0099-06-01T00:00Z',
    '0100-03-01T00:00Z',
    '9999-12-31T23:59Z',
    '9999-12-31T23:59-01:00',
    '2026-02-29T00:00Z',
    '2026-02-30T00:00Z',
    '2026-00-10T00:00Z',
    '2026-13-10T00:00Z',
    '2026-01-00T00:00Z',
    '2026-01-32T00:00Z',
    '2026-01-05T24:00Z',
    '2026-01-05T00:60Z',
    '2026-01-05T00:00:60Z',
    '2026-01-05T00:00:00.Z',
    '2026-01-05T00:00:00.1234567Z',
    '2026-01-05T00:00+15:00',
    '2026-01-05T00:00+01',
    '2026-01-05T00:00+0100',
    '2026-01-05T00:00:00',
    '2026-01-05 00:00:00Z',
    '2026-01-05t00:00:00z',
    ' 2026-01-05T00:00:00Z',
    '2026-01-05T00:00:00Z ',
    '+2026-01-05T00:00:00Z',
    '２０２６-01-05T00:00:00Z',
    '',
  ])('%s as parseInstant reads it', (text) => {
    expect(instantMs(text)).toBe(expected(text));
  });

  it('agrees with parseInstant on generated instants and their mutations', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    const instant = fc
      .tuple(
        digits(4),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        fc.option(fc.tuple(digits(2), fc.option(fc.integer({ min: 0, max: 7 })))),
        fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), digits(2), digits(2))),
      )
      .map(([y, mo, d, h, mi, sec, zone]) => {
        const seconds = sec ? `:${sec[0]}${sec[1] === null ? '' : `.${'7'.repeat(sec[1])}`}` : '';
        const offset = typeof zone === 'string' ? zone : `${zone[0]}${zone[1]}:${zone[2]}`;
        return `${y}-${mo}-${d}T${h}:${mi}${seconds}${offset}`;
      });
    const mutated = fc.tuple(instant, fc.nat(), fc.string({ maxLength: 2 })).map(([text, at, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + (at % 2));
    });
    fc.assert(
      fc.property(fc.oneof(instant, mutated), (text) => {
        expect(instantMs(text)).toBe(expected(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on plausible instants of the 21st century', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(instantMs(text)).toBe(expected(text));
          expect(instantMs(text)).toBe(date.getTime());
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('reading values: the fast path of whole numbers is toWh', () => {
  const meter = (unit: MeterForIngest['unit']): MeterForIngest => ({
    id: '00000000-0000-4000-8000-000000000001',
    externalId: 'M',
    kind: 'interval',
    direction: 'import',
    intervalMinutes: 15,
    unit,
    rolloverModulusWh: null,
    activeFrom: null,
    activeTo: null,
    timeZone: 'Europe/Berlin',
  });

  it('reads numbers and strings in every unit as toWh does', () => {
    const value = fc.oneof(
      fc.integer({ min: -1e13, max: 1e13 }),
      fc.double({ noNaN: false }),
      fc.stringMatching(/^\s?-?\d{0,14}(\.\d{0,7})?\s?$/),
      fc.constantFrom(-0, 0, '0', '007', '999999999999', '1000000000000', ' 12 ', '1e3'),
    );
    fc.assert(
      fc.property(
        value,
        fc.constantFrom('Wh', 'kWh', 'MWh') as fc.Arbitrary<'Wh' | 'kWh' | 'MWh'>,
        (v, unit) => {
          const parsed = parseIntervalReading(
            { start: '2026-01-05T00:00:00Z', value: v },
            0,
            meter(unit),
            Date.UTC(2026, 1, 1),
          );
          const reference = toWh(v, unit);
          if (!reference.ok) expect(parsed).toMatchObject({ code: reference.code });
          else if (reference.wh < 0n) expect(parsed).toMatchObject({ code: 'NEGATIVE_VALUE' });
          else expect(parsed).toMatchObject({ valueWh: reference.wh });
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
