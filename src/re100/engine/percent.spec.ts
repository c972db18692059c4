import fc from 'fast-check';
import { percentOf } from './percent';

describe('percentOf (exact decimal percentages)', () => {
  it.each([
    [1n, 4n, '25.00'],
    [2n, 3n, '66.66'], // rounded down, never overstated
    [9_999n, 10_000n, '99.99'],
    [999_999n, 1_000_000n, '99.99'],
    [5n, 4n, '100.00'], // clamped
    [0n, 7n, '0.00'],
    [3n, 0n, '0.00'], // nothing to cover
    [-1n, 5n, '0.00'],
  ])('%s of %s is %s', (part, whole, expected) => expect(percentOf(part, whole)).toBe(expected));

  it('rounds up when asked, for a share that must never be understated', () => {
    expect(percentOf(1n, 3n, 2, 'up')).toBe('33.34');
    expect(percentOf(1n, 4n, 2, 'up')).toBe('25.00');
    expect(percentOf(1n, 1_000_000n, 2, 'up')).toBe('0.01');
    expect(percentOf(5n, 4n, 2, 'up')).toBe('100.00');
  });

  it('takes other precisions', () => {
    expect(percentOf(1n, 3n, 4)).toBe('33.3333');
    expect(percentOf(1n, 3n, 0)).toBe('33');
  });

  it('agrees with exact arithmetic for any part ≤ whole', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (whole, raw) => {
          const part = raw % (whole + 1n);
          const [int, frac] = percentOf(part, whole).split('.');
          const hundredths = BigInt(int) * 100n + BigInt(frac);
          // hundredths ≤ part / whole × 10,000 < hundredths + 1
          return hundredths * whole <= part * 10_000n && part * 10_000n < (hundredths + 1n) * whole;
        },
      ),
    );
  });
});
