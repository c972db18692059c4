import fc from 'fast-check';
import { toWh, whToMwh } from './energy';

describe('toWh (C-1)', () => {
  it.each([
    ['1', 'Wh', 1n],
    ['1.5', 'kWh', 1500n],
    ['0.001', 'kWh', 1n],
    ['2.000000', 'MWh', 2_000_000n],
    ['12.345678', 'MWh', 12_345_678n],
    [' 7 ', 'Wh', 7n],
    ['-3', 'kWh', -3000n],
  ] as const)('%s %s is %s Wh', (value, unit, wh) => {
    expect(toWh(value, unit)).toEqual({ ok: true, wh });
  });

  it('reads numbers exactly from their decimal form', () => {
    expect(toWh(0.1, 'kWh')).toEqual({ ok: true, wh: 100n });
    expect(toWh(1.005, 'kWh')).toEqual({ ok: true, wh: 1005n });
  });

  it.each([
    ['0.5', 'Wh', 'FINER_THAN_WH'],
    ['0.0001', 'kWh', 'FINER_THAN_WH'],
    ['1e3', 'Wh', 'INVALID_NUMBER'],
    ['abc', 'Wh', 'INVALID_NUMBER'],
    ['', 'Wh', 'INVALID_NUMBER'],
    ['99999999999999999999', 'Wh', 'OUT_OF_RANGE'],
  ] as const)('%s %s is refused with %s', (value, unit, code) => {
    expect(toWh(value, unit)).toMatchObject({ ok: false, code });
  });

  it('refuses NaN, infinities and numbers in exponent form', () => {
    expect(toWh(Number.NaN, 'Wh')).toMatchObject({ ok: false });
    expect(toWh(Infinity, 'Wh')).toMatchObject({ ok: false });
    expect(toWh(1e21, 'Wh')).toMatchObject({ ok: false });
  });

  it('round-trips any whole number of Wh written in kWh', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (wh) => {
        const kwh = `${wh / 1000n}.${(wh % 1000n).toString().padStart(3, '0')}`;
        expect(toWh(kwh, 'kWh')).toEqual({ ok: true, wh });
      }),
    );
  });
});

describe('whToMwh', () => {
  it('formats with 3 decimals, rounding half away from zero', () => {
    expect(whToMwh(1_391_666n)).toBe('1.392');
    expect(whToMwh(1_391_499n)).toBe('1.391');
    expect(whToMwh(500n)).toBe('0.001');
    expect(whToMwh(0n)).toBe('0.000');
    expect(whToMwh(-1_500n)).toBe('-0.002');
  });

  it('rounds to fewer decimals the same way (CDP takes 2)', () => {
    expect(whToMwh(1_234_005_000n, 2)).toBe('1234.01');
    expect(whToMwh(1_234_004_999n, 2)).toBe('1234.00');
    expect(whToMwh(-5_000n, 2)).toBe('-0.01');
    expect(whToMwh(4_999n, 2)).toBe('0.00');
    expect(whToMwh(1_500_000n, 0)).toBe('2');
    expect(whToMwh(1n, 6)).toBe('0.000001');
  });
});
